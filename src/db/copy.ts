/**
 * `npm run db:copy -- --from <sqlite file> --to <postgres url>`: moves a SQLite database to a new
 * PostgreSQL one with everything in it (history, sequences, users, tokens, watches, the
 * credential change log). The target is migrated first and must hold no data; the copy is one
 * transaction, then the row counts of both sides are compared, the dashboard's counts rebuilt and
 * the target's planner statistics gathered. Exit code 0 when copied, 1 on a problem, 2 on bad usage.
 */
import '../threadpool';
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EntityManager } from '@mikro-orm/knex';
import { openDatabase, migrate, type Orm } from './orm';
import { describeUrl, isPostgresUrl } from './postgres';
import { copyAll, rowCount, tablesOf } from '../queries/copy';
import { refreshStatistics } from '../queries/statistics';
import { rebuildCounts } from '../queries/counts';
import { helpAndExitIfAsked } from '../cli/help';

const USAGE = 'usage: npm run db:copy -- --from <sqlite file> --to <postgres://…>';

const knexOf = (orm: Orm) => (orm.em as unknown as EntityManager).getKnex();

export async function copyDatabase(from: string, to: string): Promise<Record<string, number>> {
  const source = await openDatabase({ databasePath: from, readConnections: 0 });
  let target: Orm | undefined;
  try {
    // The source is brought to this version's schema first: the copy maps its tables one to one.
    await migrate(source);
    target = await openDatabase({ databasePath: '', databaseUrl: to, readConnections: 2 });
    await migrate(target);
    const tables = await tablesOf(knexOf(source));
    for (const table of await tablesOf(knexOf(target))) {
      if ((await rowCount(knexOf(target), table)) > 0)
        throw new Error(`${describeUrl(to)} already holds data (table ${table}): copy into an empty database`);
    }
    const copied = await copyAll(knexOf(source), knexOf(target), tables);
    for (const table of tables) {
      const [before, after] = [await rowCount(knexOf(source), table), await rowCount(knexOf(target), table)];
      if (before !== after) throw new Error(`table ${table}: ${before} rows in the source, ${after} in the target`);
    }
    // The dashboard's counts are derived: built on the target from the copied rows.
    const em = target.em.fork() as unknown as EntityManager;
    await em.transactional((tx) => rebuildCounts(tx as EntityManager));
    // The planner's statistics of the copied tables at once, not when autovacuum gets to them.
    await refreshStatistics(target, true);
    return copied;
  } finally {
    await target?.close(true);
    await source.close(true);
  }
}

async function main(argv: string[]): Promise<number> {
  helpAndExitIfAsked(
    {
      usage: 'npm run db:copy -- --from <sqlite file> --to <postgres url>',
      summary:
        'Copies a SQLite database, with its whole history, users and tokens, into a new, empty PostgreSQL database (migrated first); compares the row counts.',
      options: [
        ['--from <file>', 'the SQLite database file to copy'],
        ['--to <url>', 'the PostgreSQL database to copy into (postgres://user@host:port/db); it must hold no data'],
      ],
      examples: ['npm run db:copy -- --from data/tracker.sqlite --to postgres://postgres@127.0.0.1:5432/tracker'],
    },
    argv,
  );
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { from: { type: 'string' }, to: { type: 'string' } } }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.from || !values.to || !isPostgresUrl(values.to)) {
    console.error(USAGE);
    return 2;
  }
  if (!existsSync(values.from)) {
    console.error(`${values.from}: no such SQLite file`);
    return 1;
  }
  try {
    const copied = await copyDatabase(values.from, values.to);
    console.log(JSON.stringify({ from: values.from, to: describeUrl(values.to), copied }, null, 2));
    return 0;
  } catch (err) {
    console.error(`db:copy: ${(err as Error).message.split('\n')[0]}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
