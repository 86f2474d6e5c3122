/**
 * Per-request DataLoaders: every nested field is fetched for the whole batch of parents in one
 * statement, so the number of statements for a page never grows with the page size.
 * Created by createContext() for each request (and each subscription event), bound to that
 * request's EntityManager.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/knex';
import { Utils, type EntityClass, type EntityData, type EntityName, type FilterQuery } from '@mikro-orm/core';
import {
  Actor,
  Assessment,
  Commitment,
  ProgressUpdate,
  Recommendation,
  RecommendationLink,
  Responsibility,
  Revision,
  Source,
  StatusChange,
  User,
} from '../entities';
import { RecommendationStatus } from '../domain/enums';
import { createChildLoaders } from './children';
import { countedReportSql, recommendationStatusSql } from '../queries/rules';
import { dialectOf } from '../queries/dialect';
import { recentDeliveries, type DeliveryRow } from '../queries/webhooks';
import { rowsByIds } from '../queries/by-id';

/**
 * What `em.find(entity, { id: { $in: ids } })` returns (the same rows, merged into the same
 * identity map), without the ORM's query building, which cost about 0.6 ms per call, more than
 * the statement itself. Inside a transaction (a write's own reads) it is em.find itself; as
 * em.find, it first flushes pending changes of that entity (auto flush).
 */
export async function findByIds<T extends { id: number }>(em: EntityManager, entity: EntityClass<T>, ids: readonly number[]): Promise<T[]> {
  const current = em.getContext() as EntityManager;
  if (current.getTransactionContext()) return em.find(entity, { id: { $in: [...ids] } } as unknown as FilterQuery<T>);
  const meta = current.getMetadata().get<T>(entity.name);
  await autoFlush(current, entity);
  const rows = await rowsByIds(current.getKnex('read'), meta.tableName, meta.properties[meta.primaryKeys[0]].fieldNames[0], ids);
  return mergeFound(current, entity, rows);
}

/** As em.find does before it reads: pending changes of this entity are flushed first (FlushMode AUTO). */
export async function autoFlush(em: EntityManager, entity: EntityClass<object>): Promise<void> {
  await (em.getContext() as unknown as { tryFlush(name: string, options: object): Promise<void> }).tryFlush(entity.name, {});
}

/** Rows of the entity's table (all its columns) as em.find merges what it reads into the identity map. */
export async function mergeFound<T extends { id: number }>(
  em: EntityManager,
  entity: EntityClass<T>,
  rows: Record<string, unknown>[],
): Promise<T[]> {
  const current = em.getContext();
  const meta = current.getMetadata().get<T>(entity.name);
  const factory = current.getEntityFactory();
  const driver = current.getDriver();
  const found = rows.map((row) =>
    factory.create<T>(entity, driver.mapResult(row as EntityData<T>, meta) as EntityData<T>, { merge: true, convertCustomTypes: true }),
  );
  await current.getUnitOfWork().dispatchOnLoadEvent();
  return Utils.unique(found);
}

function byId<T extends { id: number }>(em: EntityManager, entity: EntityClass<T>) {
  return new DataLoader<number, T | null>(async (ids) => {
    const rows = await findByIds(em, entity, ids);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

function group<T>(ids: readonly number[], rows: T[], key: (row: T) => number): T[][] {
  const map = new Map<number, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) map.get(key(row))?.push(row);
  return ids.map((id) => map.get(id) ?? []);
}

/** Children found in one query on the child table, keyed by the parent's id column. */
function childrenOf<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  parent: string,
  orderBy: Record<string, 'asc' | 'desc'>,
  extra: Record<string, unknown> = { archivedAt: null },
) {
  return new DataLoader<number, T[]>(async (ids) => {
    const rows = await em.find(entity, { [parent]: { $in: [...ids] }, ...extra } as unknown as FilterQuery<T>, { orderBy: orderBy as any });
    return group(ids, rows, (row) => (row as any)[parent].id as number);
  });
}

/** Ids linked through a pivot table, in one query. */
function pivot(em: EntityManager, table: string, from: string, to: string) {
  return new DataLoader<number, number[]>(async (ids) => {
    const rows: Record<string, number>[] = await em
      .getKnex('read')(table)
      .select(from, to)
      .whereIn(from, [...ids]);
    return group(ids, rows, (r) => Number(r[from])).map((list) => list.map((r) => Number(r[to])));
  });
}

export function createLoaders(em: EntityManager) {
  const loaders = {
    source: byId(em, Source),
    recommendation: byId(em, Recommendation),
    actor: byId(em, Actor),
    commitment: byId(em, Commitment),
    user: byId(em, User),
    progressUpdate: byId(em, ProgressUpdate),
    responsibility: byId(em, Responsibility),
    statusChange: byId(em, StatusChange),
    assessment: byId(em, Assessment),

    /** Nested connections, one page per parent in one statement (./children.ts). */
    children: createChildLoaders(em),
    linksFrom: childrenOf(em, RecommendationLink, 'from', { id: 'asc' }),
    linksTo: childrenOf(em, RecommendationLink, 'to', { id: 'asc' }),
    childrenOfActor: childrenOf(em, Actor, 'parent', { code: 'asc' }),

    organiserIdsOfSource: pivot(em, 'source_organisers', 'source_id', 'actor_id'),

    recommendationStatus: new DataLoader<number, RecommendationStatus>(async (ids) => {
      const rows: { id: number; status: RecommendationStatus }[] = await em
        .getKnex('read')('recommendation as r')
        .select('r.id', em.getKnex('read').raw(`${recommendationStatusSql('r')} as status`))
        .whereIn('r.id', [...ids]);
      const map = new Map(rows.map((r) => [Number(r.id), r.status]));
      return ids.map((id) => map.get(id) ?? RecommendationStatus.NO_COMMITMENT);
    }),

    /** Each commitment's revisions that changed its due date, oldest first (Commitment.dueDateHistory). */
    dueDateRevisions: new DataLoader<number, Revision[]>(async (ids) => {
      const rows = await em.find(Revision, { recordType: 'Commitment', recordId: { $in: [...ids] } }, { orderBy: { id: 'asc' } });
      const relevant = rows.filter((r) => r.kind === 'CREATED' || r.changes.some((c) => c.field === 'dueDate'));
      return group(ids, relevant, (r) => r.recordId);
    }),

    /** When each commitment's last counted progress report was made (null: none yet). */
    lastReportAt: new DataLoader<number, Date | null>(async (ids) => {
      // Raw rows: reported_at comes back as the driver gives it; the dialect reads it.
      const rows: { id: number; at: unknown }[] = await em
        .getKnex('read')('progress_update as p')
        .select('p.commitment_id as id', em.getKnex('read').raw('max(p.reported_at) as at'))
        .whereIn('p.commitment_id', [...ids])
        .whereRaw(countedReportSql('p'))
        .groupBy('p.commitment_id');
      const map = new Map(rows.map((r) => [Number(r.id), dialectOf(em).readDatetime(r.at)]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    /** A page of a webhook's deliveries, newest first: key `webhookId:size:beforeId`; one statement per (size, before) of a batch. */
    webhookDeliveries: new DataLoader<string, DeliveryRow[]>(async (keys) => {
      const parsed = keys.map((k) => k.split(':'));
      const groups = new Map<string, number[]>();
      for (const [id, size, before] of parsed) groups.set(`${size}:${before}`, [...(groups.get(`${size}:${before}`) ?? []), Number(id)]);
      const rows = (
        await Promise.all(
          [...groups].map(([g, ids]) => {
            const [size, before] = g.split(':');
            return recentDeliveries(em, ids, Number(size), before ? Number(before) : null);
          }),
        )
      ).flat();
      return parsed.map(([id, size, before]) =>
        rows.filter((r) => r.webhookId === Number(id) && (!before || r.id < Number(before))).slice(0, Number(size) + 1),
      );
    }),
  };
  return loaders;
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Loads many by id, dropping the missing and archived ones, keeping the order. */
export async function loadLive<T extends { archivedAt?: Date | null }>(
  loader: DataLoader<number, T | null>,
  ids: number[],
  includeArchived = false,
): Promise<T[]> {
  const rows = await loader.loadMany(ids);
  return rows.filter((r): r is T => !!r && !(r instanceof Error) && (includeArchived || !r.archivedAt));
}
