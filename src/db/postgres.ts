/**
 * The PostgreSQL side of ../db/orm.ts: a pool of ordinary connections (PostgreSQL's row locks
 * order concurrent writers, so no write queue), each set up by the dialect (UTC, the
 * operation time limit as `statement_timeout`) and with `lock_timeout` as the busy timeout.
 */
import type { Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { dialectNamed } from '../queries/dialect';
import { TrackerPostgresClient } from './postgres-client';

export interface PostgresOptions {
  url: string;
  poolSize: number;
  ssl: boolean;
  busyTimeoutMs: number;
  statementTimeoutMs?: number;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

/** The database of a URL, for messages (never the password). */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

export function postgresOrmOptions({ url, poolSize, ssl, busyTimeoutMs, statementTimeoutMs }: PostgresOptions): Options {
  const setup = [...dialectNamed('postgresql').sessionSetup({ statementTimeoutMs }), `set lock_timeout = ${Math.floor(busyTimeoutMs)}`];
  return {
    driver: PostgreSqlDriver,
    clientUrl: url,
    driverOptions: {
      client: TrackerPostgresClient,
      connection: ssl ? { ssl: { rejectUnauthorized: true } } : {},
    },
    pool: {
      min: 0,
      max: poolSize,
      afterCreate: (conn: any, done: (err: Error | null, conn: unknown) => void) => {
        conn.query(setup.join('; '), (err: Error | null) => done(err, conn));
      },
    },
  };
}
