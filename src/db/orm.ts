import { MikroORM } from '@mikro-orm/sqlite';
import { MikroORM as AnyMikroORM, type Options } from '@mikro-orm/core';
import type { AbstractSqlDriver, EntityManager as KnexEntityManager } from '@mikro-orm/knex';
import { Migrator } from '@mikro-orm/migrations';
import { dialectNamed, dialectOf } from '../queries/dialect';
import { countsMissing, rebuildCounts } from '../queries/counts';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../config';
import { entities } from '../entities';
import { migrationsList } from './migrations';
import { migrationsList as postgresMigrationsList } from './migrations/postgresql';
import { TrackerSqliteClient } from './sqlite-client';
import { TrackerSqliteDriver } from './sqlite-driver';
import { setWriteQueue, WriteQueue, PoolWrites } from './write-queue';
import { isPostgresUrl, postgresOrmOptions } from './postgres';

export interface DatabaseOptions {
  /** SQLite file path; ":memory:" is allowed for throw-away databases (one connection, no read pool). */
  databasePath: string;
  debug?: boolean;
  /** How long a write waits for the write lock before it fails (DATABASE_BUSY_TIMEOUT_MS). */
  busyTimeoutMs?: number;
  /** Read connections beside the one writer (DATABASE_POOL_SIZE); on PostgreSQL, the pool's size. */
  readConnections?: number;
  /** postgres://… (DATABASE_URL): PostgreSQL instead of the SQLite file. */
  databaseUrl?: string;
  /** TLS to PostgreSQL, with the server's certificate verified (DATABASE_SSL). */
  ssl?: boolean;
  /** PostgreSQL's statement_timeout (OPERATION_TIMEOUT_MS); 0 or unset: none. */
  statementTimeoutMs?: number;
}

/** The database settings of the configuration. */
export function databaseOptionsOf(config: Config): DatabaseOptions {
  return {
    databasePath: config.databasePath,
    busyTimeoutMs: config.databaseBusyTimeoutMs,
    readConnections: config.databasePoolSize,
    databaseUrl: config.databaseUrl,
    ssl: config.databaseSsl,
    statementTimeoutMs: config.operationTimeoutMs,
  };
}

export const DEFAULT_BUSY_TIMEOUT_MS = 10_000;
export const DEFAULT_READ_CONNECTIONS = 4;
/** Written by triggers and read with raw SQL (src/auth/revocation.ts): no entity. */
const CREDENTIAL_CHANGE_TABLE = 'credential_change';
/** The outbox and the work queues the worker claims with leases: raw SQL only (src/queries/outbox.ts). */
const WORKER_TABLES = ['outbox_event', 'webhook_delivery'];

/** The FTS5 search indexes and their shadow tables: made by a hand-written migration, kept by triggers. */
const searchTables = ['recommendation_fts', 'commitment_fts', 'recommendation_fts_stemmed', 'commitment_fts_stemmed'].flatMap((t) => [
  t,
  ...['data', 'idx', 'docsize', 'config'].map((s) => `${t}_${s}`),
]);

/**
 * One writer connection (the ORM's main connection: every transaction and flush runs there, one
 * at a time) and a pool of read connections (the ORM's read replica, on the same file): in WAL
 * mode readers never wait for the writer, so a write waiting for the lock blocks no read.
 * Raw SQL that only reads asks for it with `em.getKnex('read')` / `em.getConnection('read')`.
 */
export function ormOptions(options: DatabaseOptions): Options {
  return isPostgresUrl(options.databaseUrl) ? postgresOptions(options) : sqliteOptions(options);
}

/** What both databases share: the entities, the committed migrations of the dialect, no schema sync. */
function commonOptions(debug: boolean, migrations: typeof migrationsList): Options {
  return {
    entities,
    extensions: [Migrator],
    debug,
    migrations: { migrationsList: migrations, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    schemaGenerator: { skipTables: [...searchTables, CREDENTIAL_CHANGE_TABLE, ...WORKER_TABLES] },
    forceUtcTimezone: true,
    allowGlobalContext: false,
  };
}

function postgresOptions(options: DatabaseOptions): Options {
  return {
    ...commonOptions(options.debug ?? false, postgresMigrationsList),
    ...postgresOrmOptions({
      url: options.databaseUrl!,
      poolSize: options.readConnections ?? DEFAULT_READ_CONNECTIONS,
      ssl: options.ssl ?? false,
      busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
      statementTimeoutMs: options.statementTimeoutMs,
    }),
  };
}

function sqliteOptions({
  databasePath,
  debug = false,
  busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS,
  readConnections = DEFAULT_READ_CONNECTIONS,
}: DatabaseOptions): Options {
  const afterCreate = configureConnection(busyTimeoutMs);
  const readPool = databasePath !== ':memory:' && readConnections > 0;
  return {
    // Schema changes only through the committed migrations, never schema sync.
    ...commonOptions(debug, migrationsList),
    dbName: databasePath,
    // Binds every value as a parameter (MikroORM's own connection inlines them into the SQL text).
    driver: TrackerSqliteDriver,
    driverOptions: { client: TrackerSqliteClient, busyTimeoutMs },
    pool: { min: 1, max: 1, afterCreate },
    replicas: readPool ? [{ name: 'read', pool: { min: 1, max: readConnections, afterCreate } }] : [],
    preferReadReplicas: true,
  };
}

/** The dialect's per-connection settings (PRAGMAs: WAL, foreign keys), then the busy timeout. */
function configureConnection(busyTimeoutMs: number) {
  return (conn: any, done: (err: Error | null, conn: unknown) => void): void => {
    const statements = [...dialectNamed('sqlite').sessionSetup({}), `PRAGMA busy_timeout = ${Math.floor(busyTimeoutMs)}`];
    conn.exec(statements.map((s) => `${s};`).join(' '), (err: Error | null) => done(err, conn));
  };
}

/** The ORM over either database; code outside src/db sees only what both drivers share. */
export type Orm = AnyMikroORM<AbstractSqlDriver>;

export async function openDatabase(options: DatabaseOptions): Promise<Orm> {
  if (isPostgresUrl(options.databaseUrl)) {
    // PostgreSQL: writers share the pool; row locks (and lock_timeout) order them.
    const orm = (await AnyMikroORM.init(ormOptions(options))) as unknown as Orm;
    setWriteQueue(orm, new PoolWrites());
    return orm;
  }
  if (options.databasePath !== ':memory:') mkdirSync(dirname(options.databasePath), { recursive: true });
  const orm = (await MikroORM.init(ormOptions(options) as never)) as unknown as Orm;
  setWriteQueue(orm, new WriteQueue(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS));
  return orm;
}

/** The committed migrations of the database's dialect. */
function migrationsOf(orm: Orm): typeof migrationsList {
  return orm.config.get('migrations').migrationsList as typeof migrationsList;
}

/**
 * Applies every pending committed migration. A database that has a migration this version does
 * not bundle was written by a newer version: running on it could corrupt it, so this refuses.
 */
export async function migrate(orm: Orm): Promise<void> {
  const migrator = orm.getMigrator();
  const bundled = migrationsOf(orm).map((m) => m.name);
  const unknown = (await migrator.getExecutedMigrations()).map((m) => m.name).filter((name) => !bundled.includes(name));
  if (unknown.length) {
    throw new Error(
      `The database has migration ${unknown.join(', ')} applied, which this version does not know: it was written by a newer ` +
        `version of the tracker (this one's latest migration is ${bundled[bundled.length - 1]}). Run that version, or restore a backup.`,
    );
  }
  // One transaction for all (as MikroORM's allOrNothing makes it), freed from the sessions'
  // statement time limit: a migration of a large table may take longer than an operation may.
  // The migrations table exists now (getExecutedMigrations made it). up({ transaction }) would
  // check it again first on another pooled connection, which a pool of one (DATABASE_POOL_SIZE=1)
  // cannot give while this transaction holds it; so the transaction runs what up() runs in it
  // (MikroORM 6.6.16's Migrator.runInTransaction).
  const runner = migrator as unknown as { runInTransaction(trx: unknown, method: 'up', options: object): Promise<unknown> };
  await orm.em.getConnection().transactional(async (trx) => {
    for (const statement of dialectOf(orm.em).maintenanceTransaction) await orm.em.getConnection().execute(statement, [], 'run', trx);
    await runner.runInTransaction(trx, 'up', {});
  });
  // The dashboard's maintained counts of a database migrated to them, or of commitments written
  // around the write module (the bench's generated data), are built from the commitments' rows.
  const em = orm.em.fork() as unknown as KnexEntityManager;
  if (await countsMissing(em)) {
    await em.transactional(async (tx) => {
      for (const statement of dialectOf(orm.em).maintenanceTransaction)
        await tx.getConnection().execute(statement, [], 'run', tx.getTransactionContext());
      await rebuildCounts(tx as KnexEntityManager);
    });
  }
}
