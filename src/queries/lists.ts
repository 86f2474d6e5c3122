/** The top-level lists: filter (filters.ts), keyset page (keyset.ts), then entities by id. */
import type { Context } from '../server/context';
import type { Page, PageArgs } from '../schema/connection';
import {
  type ActorFilter,
  type CommitmentFilter,
  type CommitmentOrder,
  type RecommendationFilter,
  type RecommendationOrder,
  type SourceFilter,
} from '../schema/filters';
import { CommitmentOrderField, RecommendationOrderField } from '../schema/enums';
import { applyActorFilter, applyCommitmentFilter, applyRecommendationFilter, applySourceFilter } from './filters';
import { hydrate, pageIds, type SortSpec } from './keyset';
import { commitmentSearch, rankBySearch, recommendationSearch } from './search';
import type { Actor, Commitment, Recommendation, Source, StatusChange } from '../entities';

const direction = (d?: string): 'asc' | 'desc' => (d === 'DESC' ? 'desc' : 'asc');

export async function listRecommendations(
  ctx: Context,
  filter: RecommendationFilter | undefined,
  args: PageArgs,
  order?: RecommendationOrder,
): Promise<Page<Recommendation>> {
  const knex = ctx.em.getKnex('read');
  const qb = applyRecommendationFilter(knex('recommendation as r'), filter, 'r', ctx.services.clock.now());
  // A search without an explicit order lists the best matches first.
  const sort: SortSpec =
    (!order && rankBySearch(qb, recommendationSearch, 'r.id', filter?.search)) ||
    (order?.field === RecommendationOrderField.SOURCE_DATE
      ? {
          expression: `(select coalesce(s.start_date, '9999') || ' ' || s.code from source s where s.id = r.source_id) || ' ' || r.code`,
          direction: direction(order.direction),
        }
      : { expression: 'r.code', direction: direction(order?.direction) });
  const page = await pageIds(knex, qb, 'r.id', sort, args);
  return hydrate(page, (ids) => ctx.loaders.recommendation.loadMany(ids) as Promise<(Recommendation | null)[]>);
}

export async function listCommitments(
  ctx: Context,
  filter: CommitmentFilter | undefined,
  args: PageArgs,
  order?: CommitmentOrder,
): Promise<Page<Commitment>> {
  const knex = ctx.em.getKnex('read');
  const qb = applyCommitmentFilter(knex('commitment as c'), filter, ctx.services.clock.now());
  const expressions: Record<CommitmentOrderField, string> = {
    [CommitmentOrderField.CODE]: 'c.code',
    [CommitmentOrderField.DUE_DATE]: `coalesce(c.due_date_end, '9999-12-31')`,
    [CommitmentOrderField.UPDATED_AT]: 'c.updated_at',
  };
  const sort: SortSpec = (!order && rankBySearch(qb, commitmentSearch, 'c.id', filter?.search)) || {
    expression: expressions[order?.field ?? CommitmentOrderField.CODE],
    direction: direction(order?.direction),
  };
  const page = await pageIds(knex, qb, 'c.id', sort, args);
  return hydrate(page, (ids) => ctx.loaders.commitment.loadMany(ids) as Promise<(Commitment | null)[]>);
}

/**
 * Status changes across the commitments a CommitmentFilter selects (archived ones hidden unless
 * `includeArchived`, as in `commitments`; every change of a listed commitment shows, as in
 * Commitment.history), newest first: by the day they took effect (`at`), then the order they were recorded.
 */
export async function listStatusChanges(ctx: Context, filter: CommitmentFilter | undefined, args: PageArgs): Promise<Page<StatusChange>> {
  const knex = ctx.em.getKnex('read');
  const commitments = applyCommitmentFilter(knex('commitment as c').select('c.id'), filter, ctx.services.clock.now());
  const qb = knex('status_change as sc').whereIn('sc.commitment_id', commitments);
  const page = await pageIds(knex, qb, 'sc.id', { expression: 'sc.at', direction: 'desc' }, args);
  return hydrate(page, (ids) => ctx.loaders.statusChange.loadMany(ids) as Promise<(StatusChange | null)[]>);
}

export async function listActors(ctx: Context, filter: ActorFilter | undefined, args: PageArgs): Promise<Page<Actor>> {
  const knex = ctx.em.getKnex('read');
  const page = await pageIds(knex, applyActorFilter(knex('actor as a'), filter), 'a.id', { expression: 'a.code', direction: 'asc' }, args);
  return hydrate(page, (ids) => ctx.loaders.actor.loadMany(ids) as Promise<(Actor | null)[]>);
}

export async function listSources(ctx: Context, filter: SourceFilter | undefined, args: PageArgs): Promise<Page<Source>> {
  const knex = ctx.em.getKnex('read');
  const sort: SortSpec = { expression: `coalesce(s.start_date, '9999') || ' ' || s.code`, direction: 'asc' };
  const page = await pageIds(knex, applySourceFilter(knex('source as s'), filter), 's.id', sort, args);
  return hydrate(page, (ids) => ctx.loaders.source.loadMany(ids) as Promise<(Source | null)[]>);
}
