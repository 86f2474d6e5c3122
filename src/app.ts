/**
 * Wires the services an API instance needs (database, pub/sub, clock, logger) from the config.
 * main.ts, the CLIs and the tests all start from here.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { isAbsolute } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config';
import { openDatabase, migrate, databaseOptionsOf, type Orm } from './db/orm';
import { describeUrl, isPostgresUrl } from './db/postgres';
import { systemClock, type Clock } from './domain/clock';
import { createLogger } from './logger';
import { createEvents, type Events } from './pubsub/events';
import { createRedisEvents } from './pubsub/redis';
import type { AppServices } from './server/context';
import { readSeeds } from './seeds/read';
import { Revocations } from './auth/revocation';
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

/** A start-up failure with a one-line message that names the setting at fault. */
export class StartupError extends Error {}

/** Why SQLite or the file system refused the database file, in words that point at the fix. */
function openFailure(path: string, err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'EEXIST' || code === 'ENOTDIR') return `a parent of ${path} is a file, not a directory`;
  if (code === 'EACCES' || code === 'EPERM') return `no permission to create or open ${path}`;
  if (code === 'SQLITE_CANTOPEN')
    return `SQLite cannot open ${path} (SQLITE_CANTOPEN: it is a directory, or its directory is not writable)`;
  if (code === 'SQLITE_NOTADB') return `${path} is not a SQLite database (SQLITE_NOTADB)`;
  return `cannot open ${path}: ${(err as Error).message?.split('\n')[0] ?? String(err)}`;
}

/** The setting that names the database, for start-up messages (a URL without its password). */
function databaseSetting(config: Config): string {
  return isPostgresUrl(config.databaseUrl) ? `DATABASE_URL=${describeUrl(config.databaseUrl)}` : `DATABASE_PATH=${config.databasePath}`;
}

async function openOrExplain(config: Config) {
  let orm: Orm | undefined;
  try {
    orm = await openDatabase(databaseOptionsOf(config));
    // MikroORM connects lazily on some paths: touch the database now so a bad path or URL fails here.
    await orm.em.getConnection('write').execute('select 1');
    return orm;
  } catch (err) {
    // The pool of a database that refused us is closed, or it would keep the process alive.
    await orm?.close(true).catch(() => undefined);
    if (isPostgresUrl(config.databaseUrl)) {
      throw new StartupError(`${databaseSetting(config)}: cannot connect: ${(err as Error).message?.split('\n')[0] ?? String(err)}`);
    }
    throw new StartupError(`DATABASE_PATH=${config.databasePath}: ${openFailure(config.databasePath, err)}`);
  }
}

export async function createServices(config: Config, options: ServiceOptions = {}): Promise<AppServices> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const orm = await openOrExplain(config);
  try {
    await migrate(orm);
  } catch (err) {
    await orm.close(true);
    throw new StartupError(`${databaseSetting(config)}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (options.seed) {
    const report = await seedIfEmpty(orm, () => readSeeds(seedsDirOf(config)));
    if (report) logger.info({ created: report.created }, 'loaded seeds into the empty database');
  }
  // Current planner statistics from the first request on (a full analysis when there are none yet).
  await refreshStatistics(orm);
  const stopStatistics = keepStatisticsCurrent(orm, (err) => logger.warn({ err }, 'could not refresh the planner statistics'));
  const events = options.events ?? (config.redisUrl ? createRedisEvents(config.redisUrl) : createEvents());
  const clock = options.clock ?? systemClock;
  const revocations = await Revocations.start(orm, clock, events, logger);
  return { orm, config, clock, logger, events, revocations, stopStatistics };
}

export async function closeServices(services: AppServices): Promise<void> {
  services.stopStatistics?.();
  services.revocations.close();
  await services.events.close();
  await services.orm.close(true);
}
