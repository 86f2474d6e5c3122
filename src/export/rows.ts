/**
 * The exported rows: the list filter of src/queries/filters.ts, read in keyset batches of raw rows
 * (no entity hydration), in code order, so that memory stays flat whatever the size.
 */
import type { Knex } from '@mikro-orm/knex';
import { CommitmentFilter, RecommendationFilter } from '../schema/filters';
import { applyCommitmentFilter, applyRecommendationFilter } from '../queries/filters';
import { dayOf } from '../domain/dates';
import { dialectOf } from '../queries/dialect';
import { commitmentColumns, recommendationColumns, type Cell, type ExportColumn } from './columns';

export const BATCH_SIZE = 500;

export interface ExportKind<F extends object> {
  name: string;
  table: string;
  alias: string;
  filterType: new () => F;
  columns: readonly ExportColumn[];
  applyFilter(qb: Knex.QueryBuilder, filter: F, today: Date): Knex.QueryBuilder;
}

export const recommendationExport: ExportKind<RecommendationFilter> = {
  name: 'recommendations',
  table: 'recommendation',
  alias: 'r',
  filterType: RecommendationFilter,
  columns: recommendationColumns,
  applyFilter: (qb, filter, today) => applyRecommendationFilter(qb, filter, 'r', today),
};

export const commitmentExport: ExportKind<CommitmentFilter> = {
  name: 'commitments',
  table: 'commitment',
  alias: 'c',
  filterType: CommitmentFilter,
  columns: commitmentColumns,
  applyFilter: (qb, filter, today) => applyCommitmentFilter(qb, filter, today, 'c'),
};

export type ExportRow = Record<string, Cell>;

/**
 * Builds the filtered query at once (a bad filter throws here, before anything is sent) and
 * returns the rows as an async iterable that reads one batch at a time.
 */
export function exportRows<F extends object>(
  knex: Knex,
  kind: ExportKind<F>,
  filter: F,
  today: Date,
  batchSize = BATCH_SIZE,
): AsyncIterable<ExportRow> {
  const { alias, columns } = kind;
  const day = dayOf(today);
  const filtered = kind.applyFilter(knex(`${kind.table} as ${alias}`), filter, today);
  const dialect = dialectOf(knex);
  const selects = columns.map((c) => {
    const sql = typeof c.sql === 'string' ? c.sql : c.sql(dialect);
    return knex.raw(`${sql} as ??`, [
      ...sql
        .split('?')
        .slice(1)
        .map(() => day),
      c.name,
    ]);
  });
  const toRow = (raw: Record<string, unknown>): ExportRow =>
    Object.fromEntries(columns.map((c) => [c.name, c.read ? c.read(raw[c.name]) : ((raw[c.name] as Cell) ?? null)]));

  return {
    async *[Symbol.asyncIterator]() {
      let after: string | null = null;
      for (;;) {
        const batch = filtered.clone().select(selects).orderBy(`${alias}.code`).limit(batchSize);
        if (after !== null) batch.where(`${alias}.code`, '>', after);
        const rows = (await batch) as Record<string, unknown>[];
        for (const raw of rows) yield toRow(raw);
        if (rows.length < batchSize) return;
        after = rows[rows.length - 1].code as string;
      }
    },
  };
}
