/** Drops the PostgreSQL databases of this run (its template and every test's copy). */
import type { Config } from '@jest/types';
import { psql } from './database';

export default async function globalTeardown(_global: Config.GlobalConfig, project: Config.ProjectConfig): Promise<void> {
  const prefix = process.env.TEST_PG_PREFIX;
  if (project.globals.TEST_DIALECT !== 'postgresql' || !prefix) return;
  const names = psql(`select datname from pg_database where datname like '${prefix}\\_%'`).split('\n').filter(Boolean);
  for (const name of names) psql(`drop database if exists "${name}" with (force)`);
}
