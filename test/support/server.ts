/**
 * Test helper: a real API instance on port 0 over its own copy of the seeded database (or an
 * empty migrated one), with an injected clock; `gql` posts over real HTTP.
 */
import pino, { type Logger } from 'pino';
import { loadConfig, type Config } from '../../src/config';
import { createServices, closeServices } from '../../src/app';
import { startServer, type TrackerServer } from '../../src/server/http';
import { ManualClock } from '../../src/domain/clock';
import type { AppServices } from '../../src/server/context';
import type { Events } from '../../src/pubsub/events';
import { freshDatabase, isDatabaseUrl } from './database';
import { createRedisEvents } from '../../src/pubsub/redis';

export { freshDatabase } from './database';

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

export interface TestServer {
  url: string;
  wsUrl: string;
  server: TrackerServer;
  services: AppServices;
  clock: ManualClock;
  /** The database: a SQLite file path, or a postgres:// URL on the PostgreSQL project. */
  databasePath: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  seeded?: boolean;
  config?: Partial<Config>;
  /** Reuse an existing database (e.g. for a second instance): a file path or a postgres:// URL. */
  databasePath?: string;
  now?: string;
  events?: Events;
  /** A logger to read the server's lines (default: silent). */
  logger?: Logger;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const databasePath = options.databasePath ?? freshDatabase(options.seeded ?? true);
  const config: Config = {
    ...loadConfig({}),
    host: '127.0.0.1',
    port: 0,
    ...(isDatabaseUrl(databasePath) ? { databaseUrl: databasePath } : { databasePath }),
    logLevel: 'silent',
    rateLimit: 0,
    ...options.config,
  };
  const clock = new ManualClock(new Date(options.now ?? '2026-11-24T12:00:00.000Z'));
  const services = await createServices(config, {
    clock,
    logger: options.logger ?? pino({ level: process.env.TEST_LOG ?? 'silent' }),
    // Instances of one database share a Redis channel prefix, and no other test's (jest runs two
    // files at a time, and two projects): an event of another test's database never arrives.
    events: options.events ?? (config.redisUrl ? createRedisEvents(config.redisUrl, `test:${databasePath}:`) : undefined),
  });
  const server = await startServer(services, 0, '127.0.0.1');
  return {
    url: server.url,
    wsUrl: server.wsUrl,
    server,
    services,
    clock,
    databasePath,
    async gql(query, variables, token) {
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GqlResult;
      return { ...body, status: res.status };
    },
    async stop() {
      await server.stop();
      await closeServices(services);
    },
  };
}
