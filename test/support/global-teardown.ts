/** Drops the PostgreSQL databases of this run (its template and every test's copy); the postgresql project's teardown. */
import { psql } from './database';

export default async function globalTeardown(): Promise<void> {
  const prefix = process.env.TEST_PG_PREFIX;
  if (!prefix) return;
  const names = psql(`select datname from pg_database where datname like '${prefix}\\_%'`).split('\n').filter(Boolean);
  for (const name of names) psql(`drop database if exists "${name}" with (force)`);
}
