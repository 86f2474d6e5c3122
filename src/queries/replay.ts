/**
 * Replay: the committed events after a sequence that match a subscriber's filters, one page at
 * a time, keyset by sequence. The filter is applied in SQL, before the page limit, so a page is
 * always full unless the events are exhausted and no matching event is ever skipped.
 * Drafts have no sequence and are never replayed.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { Topic } from '../pubsub/events';
import type { EventFilterValues } from '../pubsub/filter';
import type { CommitmentStatus } from '../domain/enums';
import { actorCountrySql } from './rules';
import { dialectOf } from './dialect';

export interface ReplayRow {
  topic: Topic;
  sequence: number;
  commitmentId: number;
  recordId: number;
  status: CommitmentStatus;
}

const placeholders = (values: unknown[]) => values.map(() => '?').join(', ');

/**
 * One filter as SQL over `c` (commitment), `a` (its actor) and `p` (the actor's parent): AND between
 * kinds, OR within one (ids and codes of one kind too), as matchesFilter (src/pubsub/filter.ts) does in memory.
 */
function filterSql(em: EntityManager, filter: EventFilterValues, bindings: unknown[]): string {
  const clauses: string[] = [];
  const byIdOrCode = (ids: number[] | null | undefined, codes: string[] | null | undefined, id: string, code: string) => {
    const either: string[] = [];
    if (ids?.length) either.push(`${id} in (${placeholders(ids)})`);
    if (codes?.length) either.push(`${code} in (${placeholders(codes)})`);
    if (either.length) clauses.push(either.join(' or '));
    bindings.push(...(ids ?? []), ...(codes ?? []));
  };
  // The lead actor or a partner, as matchesFilter.
  const actorIds = filter.actorIds ?? [];
  const actorCodes = filter.actorCodes ?? [];
  if (actorIds.length || actorCodes.length) {
    const either: string[] = [];
    if (actorIds.length) {
      either.push(`c.actor_id in (${placeholders(actorIds)})`);
      either.push(
        `exists (select 1 from commitment_partner cp where cp.commitment_id = c.id and cp.actor_id in (${placeholders(actorIds)}))`,
      );
    }
    if (actorCodes.length) {
      either.push(`a.code in (${placeholders(actorCodes)})`);
      either.push(`exists (select 1 from commitment_partner cp join actor pa on pa.id = cp.actor_id
        where cp.commitment_id = c.id and pa.code in (${placeholders(actorCodes)}))`);
    }
    clauses.push(either.join(' or '));
    bindings.push(...actorIds, ...actorIds, ...actorCodes, ...actorCodes);
  }
  byIdOrCode(filter.commitmentIds, filter.commitmentCodes, 'c.id', 'c.code');
  if (filter.countryCodes?.length) {
    clauses.push(`${actorCountrySql('a', 'p')} in (${placeholders(filter.countryCodes)})`);
    bindings.push(...filter.countryCodes.map((c) => c.toUpperCase()));
  }
  if (filter.sourceCodes?.length) {
    clauses.push(`exists (select 1 from commitment_recommendations cr join recommendation r on r.id = cr.recommendation_id
      join source s on s.id = r.source_id where cr.commitment_id = c.id and s.code in (${placeholders(filter.sourceCodes)}))`);
    bindings.push(...filter.sourceCodes);
  }
  if (filter.recommendationCodes?.length) {
    clauses.push(`exists (select 1 from commitment_recommendations cr join recommendation r on r.id = cr.recommendation_id
      where cr.commitment_id = c.id and r.code in (${placeholders(filter.recommendationCodes)}))`);
    bindings.push(...filter.recommendationCodes);
  }
  if (filter.themes?.length) {
    clauses.push(`exists (select 1 from commitment_recommendations cr join recommendation r on r.id = cr.recommendation_id,
      ${dialectOf(em).jsonArrayElements('r.themes', 't')} where cr.commitment_id = c.id and t.value in (${placeholders(filter.themes)}))`);
    bindings.push(...filter.themes);
  }
  return clauses.length ? clauses.map((c) => `(${c})`).join(' and ') : '1 = 1';
}

/**
 * Up to `limit` events with a sequence above `after`, oldest first. `filters` are combined with
 * OR (a watch list); null matches every event, an empty list none.
 */
export async function replayPage(
  em: EntityManager,
  topics: readonly Topic[],
  after: number,
  filters: EventFilterValues[] | null,
  limit: number,
): Promise<ReplayRow[]> {
  if (filters?.length === 0) return [];
  const bindings: unknown[] = [];
  const parts: string[] = [];
  if (topics.includes(Topic.STATUS_CHANGED)) {
    parts.push(`select '${Topic.STATUS_CHANGED}' as topic, sc.sequence, sc.commitment_id, sc.id as record_id, sc.to_status as status
      from status_change sc where sc.sequence > ?`);
    bindings.push(after);
  }
  if (topics.includes(Topic.PROGRESS_LOGGED)) {
    parts.push(`select '${Topic.PROGRESS_LOGGED}' as topic, pu.sequence, pu.commitment_id, pu.id as record_id,
        coalesce(pu.new_status, (select c.status from commitment c where c.id = pu.commitment_id)) as status
      from progress_update pu where pu.state = 'PUBLISHED' and pu.sequence > ?`);
    bindings.push(after);
  }
  if (parts.length === 0) return [];
  const where = filters ? filters.map((f) => `(${filterSql(em, f, bindings)})`).join(' or ') : '1 = 1';
  bindings.push(limit);
  const rows: { topic: Topic; sequence: number; commitment_id: number; record_id: number; status: CommitmentStatus }[] = await em
    .getConnection('read')
    .execute(
      `select e.topic, e.sequence, e.commitment_id, e.record_id, e.status
       from (${parts.join(' union all ')}) e
       join commitment c on c.id = e.commitment_id
       join actor a on a.id = c.actor_id left join actor p on p.id = a.parent_id
       where ${where}
       order by e.sequence limit ?`,
      bindings,
    );
  return rows.map((r) => ({
    topic: r.topic,
    sequence: Number(r.sequence),
    commitmentId: Number(r.commitment_id),
    recordId: Number(r.record_id),
    status: r.status,
  }));
}
