/**
 * Wires the services an API instance needs (database, pub/sub, clock, logger) from the config.
 * main.ts, the CLIs and the tests all start from here.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { isAbsolute } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config';
import { openDatabase, migrate, databaseOptionsOf } from './db/orm';
import { systemClock, type Clock } from './domain/clock';
import { createLogger } from './logger';
import { createEvents, type Events } from './pubsub/events';
import { createRedisEvents } from './pubsub/redis';
import type { AppServices } from './server/context';
import { readSeeds } from './seeds/read';
import { seedIfEmpty } from './seeds/load';
import { keepStatisticsCurrent, refreshStatistics } from './queries/statistics';

export interface ServiceOptions {
  clock?: Clock;
  logger?: Logger;
  events?: Events;
  /** Load the seeds when the database is empty (true for `npm start`). */
  seed?: boolean;
}

export function seedsDirOf(config: Config): string {
  return isAbsolute(config.seedsDir) ? config.seedsDir : join(__dirname, '..', config.seedsDir);
}

export async function createServices(config: Config, options: ServiceOptions = {}): Promise<AppServices> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const orm = await openDatabase(databaseOptionsOf(config));
  await migrate(orm);
  if (options.seed) {
    const report = await seedIfEmpty(orm, () => readSeeds(seedsDirOf(config)));
    if (report) logger.info({ created: report.created }, 'loaded seeds into the empty database');
  }
  // Current planner statistics from the first request on (a full analysis when there are none yet).
  await refreshStatistics(orm);
  const stopStatistics = keepStatisticsCurrent(orm, (err) => logger.warn({ err }, 'could not refresh the planner statistics'));
  const events = options.events ?? (config.redisUrl ? createRedisEvents(config.redisUrl) : createEvents());
  return { orm, config, clock: options.clock ?? systemClock, logger, events, stopStatistics };
}

export async function closeServices(services: AppServices): Promise<void> {
  services.stopStatistics?.();
  await services.events.close();
  await services.orm.close(true);
}
