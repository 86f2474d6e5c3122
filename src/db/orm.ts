import { MikroORM, type Options } from '@mikro-orm/sqlite';
import { Migrator } from '@mikro-orm/migrations';
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

/** WAL so readers and a writer (and several instances) share the file; foreign keys enforced. */
function configureConnection(conn: any, done: (err: Error | null, conn: unknown) => void): void {
  conn.exec(
    'PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;',
    (err: Error | null) => done(err, conn),
  );
}

export async function openDatabase(options: DatabaseOptions): Promise<MikroORM> {
  if (options.databasePath !== ':memory:') mkdirSync(dirname(options.databasePath), { recursive: true });
  return MikroORM.init(ormOptions(options));
}

/** Applies every pending committed migration. */
export async function migrate(orm: MikroORM): Promise<void> {
  await orm.getMigrator().up();
}
