/**
 * The planner's statistics. Without them SQLite guesses how selective a condition is and can
 * pick an index that reads every row; with them it picks the index that serves the filter and
 * the order. The statements come from the dialect.
 */
import type { Orm } from '../db/orm';
import { dialectOf } from './dialect';

/** Re-checks the statistics every hour while the server runs. */
export const STATISTICS_INTERVAL_MS = 60 * 60 * 1000;

/**
 * `full`: analyse every table again (after a large import, or when there are no statistics
 * yet); otherwise only the tables whose size changed much. On one connection (SQLite's
 * analysis limit is a per-connection setting).
 */
export async function refreshStatistics(orm: Orm, full = false): Promise<void> {
  const knex = orm.em.getKnex();
  const dialect = dialectOf(knex);
  const present = dialect.rows(await knex.raw(dialect.statisticsPresent)).length > 0;
  const statements = dialect.refreshStatistics(full || !present);
  if (statements.length === 0) return;
  await knex.transaction(async (trx) => {
    // A full analysis of a large database may take longer than an operation may (statement_timeout on PostgreSQL).
    for (const statement of [...dialect.maintenanceTransaction, ...statements]) await trx.raw(statement);
  });
}

/** Starts the hourly refresh; returns the function that stops it. */
export function keepStatisticsCurrent(orm: Orm, onError: (err: unknown) => void): () => void {
  const timer = setInterval(() => refreshStatistics(orm).catch(onError), STATISTICS_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
