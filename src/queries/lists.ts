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
import type DataLoader from 'dataloader';
import type { EntityClass } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { hydrate, pageIds, pageRows, type SortSpec } from './keyset';
import { autoFlush, mergeFound } from '../loaders';
import { commitmentSearch, rankBySearch, recommendationSearch } from './search';
import { Actor, Commitment, Recommendation, Source, type StatusChange } from '../entities';

const direction = (d?: string): 'asc' | 'desc' => (d === 'DESC' ? 'desc' : 'asc');

/**
 * A keyset page of entities in one statement: the page query selects the listed table's columns
 * too (`table`: its alias), merged into the identity map as the loader by id would (findByIds)
 * and primed into it. Inside a transaction: ids, then the loader, as before.
 */
async function entityPage<T extends { id: number }>(
  ctx: Context,
  entity: EntityClass<T>,
  loader: DataLoader<number, T | null>,
  query: { knex: Knex; filtered: Knex.QueryBuilder; table: string; sort: SortSpec; args: PageArgs },
): Promise<Page<T>> {
  const { knex, filtered, table, sort, args } = query;
  if (ctx.em.getContext().getTransactionContext()) {
    const page = await pageIds(knex, filtered, `${table}.id`, sort, args);
    return hydrate(page, (ids) => loader.loadMany(ids) as Promise<(T | null)[]>);
  }
  await autoFlush(ctx.em, entity);
  const page = await pageRows(knex, filtered, `${table}.id`, sort, args, table);
  const nodes = await mergeFound(
    ctx.em,
    entity,
    page.edges.map((e) => e.node.row!),
  );
  const byId = new Map(nodes.map((node) => [node.id, node]));
  for (const node of nodes) loader.prime(node.id, node);
  return hydrate(page, async (ids) => ids.map((id) => byId.get(id) ?? null));
}

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
  return entityPage(ctx, Recommendation, ctx.loaders.recommendation, { knex, filtered: qb, table: 'r', sort, args });
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
  return entityPage(ctx, Commitment, ctx.loaders.commitment, { knex, filtered: qb, table: 'c', sort, args });
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
  const sort: SortSpec = { expression: 'a.code', direction: 'asc' };
  return entityPage(ctx, Actor, ctx.loaders.actor, {
    knex,
    filtered: applyActorFilter(knex('actor as a'), filter),
    table: 'a',
    sort,
    args,
  });
}

export async function listSources(ctx: Context, filter: SourceFilter | undefined, args: PageArgs): Promise<Page<Source>> {
  const knex = ctx.em.getKnex('read');
  const sort: SortSpec = { expression: `coalesce(s.start_date, '9999') || ' ' || s.code`, direction: 'asc' };
  return entityPage(ctx, Source, ctx.loaders.source, {
    knex,
    filtered: applySourceFilter(knex('source as s'), filter),
    table: 's',
    sort,
    args,
  });
}
