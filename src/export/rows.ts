/**
 * The exported rows: the list filter of src/queries/filters.ts, read in keyset batches of raw rows
 * (no entity hydration), in code order, so that memory stays flat whatever the size.
 */
import type { Knex } from '@mikro-orm/knex';
import { CommitmentFilter, RecommendationFilter } from '../schema/filters';
import { applyCommitmentFilter, applyRecommendationFilter } from '../queries/filters';
import { dayOf } from '../domain/dates';
import { dialectOf } from '../queries/dialect';
import { ProgressUpdateState } from '../domain/enums';
import {
  assessmentColumns,
  commitmentColumns,
  progressUpdateColumns,
  recommendationColumns,
  statusChangeColumns,
  type Cell,
  type ExportColumn,
} from './columns';

export const BATCH_SIZE = 500;

export interface ExportKind<F extends object> {
  name: string;
  table: string;
  alias: string;
  filterType: new () => F;
  columns: readonly ExportColumn[];
  /** The keyset the batches follow, in order: unique and never null (default: the code). */
  key?: string;
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

/**
 * The records hanging off the commitments a CommitmentFilter selects (the list filter, as a
 * sub-query: archived commitments only with includeArchived).
 */
function ofCommitments(alias: string) {
  return (qb: Knex.QueryBuilder, filter: CommitmentFilter, today: Date) =>
    qb.whereIn(`${alias}.commitment_id`, function (this: Knex.QueryBuilder) {
      applyCommitmentFilter(this.select('c.id').from('commitment as c'), filter, today, 'c');
    });
}

/** Published, live progress updates (drafts are never exported), in the order they were written. */
export const progressUpdateExport: ExportKind<CommitmentFilter> = {
  name: 'progress-updates',
  table: 'progress_update',
  alias: 'pu',
  filterType: CommitmentFilter,
  columns: progressUpdateColumns,
  key: 'pu.id',
  applyFilter: (qb, filter, today) =>
    ofCommitments('pu')(qb, filter, today).where('pu.state', ProgressUpdateState.PUBLISHED).whereNull('pu.archived_at'),
};

/** Every status change, in sequence order. */
export const statusHistoryExport: ExportKind<CommitmentFilter> = {
  name: 'status-history',
  table: 'status_change',
  alias: 'sc',
  filterType: CommitmentFilter,
  columns: statusChangeColumns,
  key: 'sc.sequence',
  applyFilter: ofCommitments('sc'),
};

/** Live, current assessments (neither archived nor withdrawn), in the order they were made. */
export const assessmentExport: ExportKind<CommitmentFilter> = {
  name: 'assessments',
  table: 'assessment',
  alias: 'x',
  filterType: CommitmentFilter,
  columns: assessmentColumns,
  key: 'x.id',
  applyFilter: (qb, filter, today) => ofCommitments('x')(qb, filter, today).whereNull('x.archived_at').whereNull('x.withdrawn_at'),
};

export const EXPORT_KINDS = [
  recommendationExport,
  commitmentExport,
  progressUpdateExport,
  statusHistoryExport,
  assessmentExport,
] as ExportKind<object>[];

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
  const key = kind.key ?? `${alias}.code`;
  selects.push(knex.raw(`${key} as export_key`));
  const toRow = (raw: Record<string, unknown>): ExportRow =>
    Object.fromEntries(columns.map((c) => [c.name, c.read ? c.read(raw[c.name]) : ((raw[c.name] as Cell) ?? null)]));

  return {
    async *[Symbol.asyncIterator]() {
      let after: unknown = null;
      for (;;) {
        const batch = filtered.clone().select(selects).orderByRaw(key).limit(batchSize);
        if (after !== null) batch.whereRaw(`${key} > ?`, [after as string]);
        const rows = (await batch) as Record<string, unknown>[];
        for (const raw of rows) yield toRow(raw);
        if (rows.length < batchSize) return;
        after = rows[rows.length - 1].export_key;
      }
    },
  };
}
