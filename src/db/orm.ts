import { MikroORM, type Options } from '@mikro-orm/sqlite';
import type { MikroORM as AnyMikroORM } from '@mikro-orm/core';
import type { AbstractSqlDriver } from '@mikro-orm/knex';
import { Migrator } from '@mikro-orm/migrations';
import { dialectNamed } from '../queries/dialect';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { entities } from '../entities';
import { migrationsList } from './migrations';

export interface DatabaseOptions {
  /** SQLite file path; ":memory:" is allowed for throw-away databases. */
  databasePath: string;
  debug?: boolean;
}

/** The FTS5 search indexes and their shadow tables: made by a hand-written migration, kept by triggers. */
const searchTables = ['recommendation_fts', 'commitment_fts'].flatMap((t) => [
  t,
  ...['data', 'idx', 'docsize', 'config'].map((s) => `${t}_${s}`),
]);

export function ormOptions({ databasePath, debug = false }: DatabaseOptions): Options {
  return {
    dbName: databasePath,
    entities,
    extensions: [Migrator],
    debug,
    // Schema changes only through the committed migrations, never schema sync.
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    schemaGenerator: { skipTables: searchTables },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    pool: { afterCreate: configureConnection },
  };
}

/** The dialect's per-connection settings (PRAGMAs). */
function configureConnection(conn: any, done: (err: Error | null, conn: unknown) => void): void {
  const statements = dialectNamed('sqlite').sessionSetup({});
  conn.exec(statements.map((s) => `${s};`).join(' '), (err: Error | null) => done(err, conn));
}

/** The ORM over either database; code outside src/db sees only what both drivers share. */
export type Orm = AnyMikroORM<AbstractSqlDriver>;

export async function openDatabase(options: DatabaseOptions): Promise<Orm> {
  if (options.databasePath !== ':memory:') mkdirSync(dirname(options.databasePath), { recursive: true });
  return (await MikroORM.init(ormOptions(options))) as unknown as Orm;
}

/** Applies every pending committed migration. */
export async function migrate(orm: Orm): Promise<void> {
  await orm.getMigrator().up();
}
