/**
 * `npm run db:backup -- --to <file>`: an online backup of the SQLite database DATABASE_PATH
 * names, taken while the API runs (`VACUUM INTO`: one consistent snapshot, compacted; writers
 * are not stopped). PostgreSQL is backed up with its own tools (`pg_dump`, README).
 */
import '../threadpool';
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EntityManager } from '@mikro-orm/knex';
import { loadConfig } from '../config';
import { openDatabase } from './orm';
import { isPostgresUrl } from './postgres';
import { backUpInto } from '../queries/backup';
import { helpAndExitIfAsked } from '../cli/help';

const USAGE = 'usage: npm run db:backup -- --to <new file>';

async function main(argv: string[]): Promise<number> {
  helpAndExitIfAsked(
    {
      usage: 'npm run db:backup -- --to <new file>',
      summary: 'Takes an online backup of the SQLite database DATABASE_PATH names, while the API runs (one consistent snapshot).',
      options: [['--to <file>', 'the new file to write the backup to (must not exist)']],
      environment: ['DATABASE_PATH'],
      examples: ['npm run db:backup -- --to backups/tracker-2026-11-30.sqlite'],
    },
    argv,
  );
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { to: { type: 'string' } } }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  if (isPostgresUrl(config.databaseUrl)) {
    console.error('DATABASE_URL is PostgreSQL: back it up with pg_dump (README, "Deployment")');
    return 2;
  }
  if (!values.to) {
    console.error(USAGE);
    return 2;
  }
  if (existsSync(values.to)) {
    console.error(`${values.to} exists: a backup goes to a new file`);
    return 1;
  }
  if (!existsSync(config.databasePath)) {
    console.error(`DATABASE_PATH=${config.databasePath}: no such file`);
    return 1;
  }
  const orm = await openDatabase({ databasePath: config.databasePath, readConnections: 0 });
  try {
    await backUpInto((orm.em as unknown as EntityManager).getKnex(), values.to);
    console.log(JSON.stringify({ from: config.databasePath, to: values.to }));
    return 0;
  } catch (err) {
    console.error(`db:backup: ${(err as Error).message.split('\n')[0]}`);
    return 1;
  } finally {
    await orm.close(true);
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
