/**
 * What a digest of a watch list reads: the commitments matching the watch whose next progress
 * report is due on or before today (domain/reporting.ts, in its SQL form from rules.ts), through
 * the list filters (filters.ts), so a watch selects in a digest what it selects everywhere.
 * The changes themselves are replayed by sequence (replay.ts).
 */
import type { EntityManager } from '@mikro-orm/knex';
import type { EventFilterValues } from '../pubsub/filter';
import type { CommitmentFilter } from '../schema/filters';
import { toGlobalId } from '../schema/global-id';
import { applyCommitmentFilter } from './filters';
import { nextReportDueSql } from './rules';
import { dialectOf } from './dialect';

export interface DueReportRow {
  commitmentId: number;
  code: string;
  title: string;
  /** YYYY-MM-DD */
  due: string;
}

/** A watch's stored filter (local ids) as the list filter (global ids). */
export function commitmentFilterOf(watch: EventFilterValues): CommitmentFilter {
  return {
    actorIds: watch.actorIds?.map((id) => toGlobalId('Actor', id)),
    actorCodes: watch.actorCodes ?? undefined,
    commitmentIds: watch.commitmentIds?.map((id) => toGlobalId('Commitment', id)),
    commitmentCodes: watch.commitmentCodes ?? undefined,
    countryCodes: watch.countryCodes ?? undefined,
    sourceCodes: watch.sourceCodes ?? undefined,
    recommendationCodes: watch.recommendationCodes ?? undefined,
  } as CommitmentFilter;
}

/** Up to `limit` live commitments of the watch with a report due by `today`, earliest first, and how many there are in all. */
export async function dueReports(
  em: EntityManager,
  watch: EventFilterValues,
  today: Date,
  limit: number,
): Promise<{ rows: DueReportRow[]; total: number }> {
  const knex = em.getKnex('read');
  const filter = { ...commitmentFilterOf(watch), reportDue: true } as CommitmentFilter;
  const due = nextReportDueSql(dialectOf(em), 'c');
  const [rows, [{ n }]] = await Promise.all([
    applyCommitmentFilter(knex('commitment as c'), filter, today)
      .select('c.id', 'c.code', 'c.title', knex.raw(`${due} as due`))
      .orderByRaw(`${due}, c.code`)
      .limit(limit),
    applyCommitmentFilter(knex('commitment as c'), filter, today).count({ n: '*' }),
  ]);
  return {
    rows: (rows as { id: number; code: string; title: string; due: string }[]).map((r) => ({
      commitmentId: Number(r.id),
      code: r.code,
      title: r.title,
      due: String(r.due),
    })),
    total: Number(n),
  };
}
