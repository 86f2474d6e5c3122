/**
 * Nested connections: each page of children is one windowed statement for the whole batch of
 * parents (src/queries/children.ts), its `totalCount` one grouped count, run only when selected.
 */
import DataLoader from 'dataloader';
import type { EntityClass, EntityData, EntityManager } from '@mikro-orm/core';
import { Actor, Assessment, Commitment, ProgressUpdate, Recommendation, Responsibility, Revision, StatusChange } from '../entities';
import { CHILD_LISTS, childCounts, childWindows, type ChildListName, type ChildWindow } from '../queries/children';
import { decodeCursor, encodeCursor, pageSize, withTotal, type ChildPageArgs, type Page } from '../schema/connection';
import { badInput } from '../domain/errors';
import { OrderDirection } from '../schema/enums';

const ENTITY_OF_TABLE: Record<string, EntityClass<{ id: number }>> = {
  actor: Actor,
  recommendation: Recommendation,
  commitment: Commitment,
  responsibility: Responsibility,
  progress_update: ProgressUpdate,
  status_change: StatusChange,
  assessment: Assessment,
  revision: Revision,
};

interface ChildKey {
  parentId: number;
  window: ChildWindow;
}

interface Child {
  node: object;
  sortKey: unknown;
  edge: Record<string, unknown>;
}

const keyOf = (key: ChildKey) => `${key.parentId}|${JSON.stringify(key.window)}`;

/**
 * The entities of rows of one table, merged into the request's identity map as `em.map` merges
 * them (refreshed from the row), at less cost: the same mapping and factory, without em.map's
 * per-row validation and cascade, and each id once (a recommendation shared by several
 * commitments of a page comes back in several rows of the same statement, all alike).
 */
export function entitiesOfRows<T extends { id: number }>(em: EntityManager, entity: EntityClass<T>, rows: Record<string, unknown>[]): T[] {
  const current = em.getContext();
  const meta = current.getMetadata().get<T>(entity.name);
  const factory = current.getEntityFactory();
  const driver = current.getDriver();
  const unitOfWork = current.getUnitOfWork();
  const byId = new Map<unknown, T>();
  return rows.map((row) => {
    const id = row[meta.properties[meta.primaryKeys[0]].fieldNames[0]];
    let node = byId.get(id);
    if (!node) {
      const data = driver.mapResult(row as EntityData<T>, meta) as EntityData<T>;
      node = factory.create<T>(entity, data, { merge: true, refresh: true, convertCustomTypes: true });
      // As em.merge: the snapshot later flushes compare against is taken from the entity.
      unitOfWork.merge(node);
      byId.set(id, node);
    }
    return node;
  });
}

/** Pages of children for many parents: one statement per distinct window asked for. */
function pagesOf(em: EntityManager, name: ChildListName) {
  const list = CHILD_LISTS[name];
  const entity = ENTITY_OF_TABLE[list.table];
  const knex = (em as any).getKnex('read');
  return new DataLoader<ChildKey, Child[], string>(
    async (keys) => {
      const byWindow = new Map<string, ChildKey[]>();
      for (const key of keys) {
        const window = JSON.stringify(key.window);
        byWindow.set(window, [...(byWindow.get(window) ?? []), key]);
      }
      const found = new Map<string, Child[]>();
      for (const group of byWindow.values()) {
        const parents = [...new Set(group.map((k) => k.parentId))];
        const rows = await childWindows(knex, list, parents, group[0].window);
        const nodes = entitiesOfRows(
          em,
          entity,
          rows.map((r) => r.row),
        );
        rows.forEach((row, i) => {
          const key = keyOf({ parentId: row.parentId, window: group[0].window });
          const children = found.get(key);
          const child = { node: nodes[i], sortKey: row.sortKey, edge: row.edge };
          if (children) children.push(child);
          else found.set(key, [child]);
        });
      }
      return keys.map((k) => found.get(keyOf(k)) ?? []);
    },
    { cacheKeyFn: keyOf },
  );
}

function countsOf(em: EntityManager, name: ChildListName) {
  const knex = (em as any).getKnex('read');
  return new DataLoader<number, number>(async (parentIds) => {
    const counts = await childCounts(knex, CHILD_LISTS[name], parentIds);
    return parentIds.map((id) => counts.get(id) ?? 0);
  });
}

/** The loaders of each nested list, made on first use in a request. */
export function createChildLoaders(em: EntityManager) {
  const pages = new Map<ChildListName, ReturnType<typeof pagesOf>>();
  const counts = new Map<ChildListName, ReturnType<typeof countsOf>>();
  return {
    pages(name: ChildListName) {
      if (!pages.has(name)) pages.set(name, pagesOf(em, name));
      return pages.get(name)!;
    },
    counts(name: ChildListName) {
      if (!counts.has(name)) counts.set(name, countsOf(em, name));
      return counts.get(name)!;
    },
  };
}

export type ChildLoaders = ReturnType<typeof createChildLoaders>;

/** The window `first`/`after` or `last`/`before` ask for, in the order asked. */
function windowOf(args: ChildPageArgs): { window: ChildWindow; backwards: boolean } {
  const forwards = args.orderBy?.direction === OrderDirection.DESC ? 'desc' : 'asc';
  const backwards = (args.last !== null && args.last !== undefined) || Boolean(args.before);
  if (backwards && ((args.first !== null && args.first !== undefined) || args.after)) {
    throw badInput(
      args.last !== null && args.last !== undefined ? 'last' : 'before',
      'page with first/after or with last/before, not both',
    );
  }
  const cursor = backwards ? args.before : args.after;
  const from = cursor ? (decodeCursor(cursor, 2, backwards ? 'before' : 'after') as [unknown, number]) : undefined;
  if (from && typeof from[1] !== 'number') throw badInput(backwards ? 'before' : 'after', 'not a cursor of this list');
  return {
    window: {
      size: backwards ? pageSize(args.last, 'last') : pageSize(args.first),
      direction: backwards ? (forwards === 'asc' ? 'desc' : 'asc') : forwards,
      from,
    },
    backwards,
  };
}

/** One page of a parent's children, as a Relay connection. */
export async function childPage<T extends { id: number }>(
  loaders: ChildLoaders,
  name: ChildListName,
  parentId: number,
  args: ChildPageArgs,
): Promise<Page<T>> {
  const { window, backwards } = windowOf(args);
  const rows = await loaders.pages(name).load({ parentId, window });
  const more = rows.length > window.size;
  const taken = rows.slice(0, window.size);
  if (backwards) taken.reverse();
  const edges = taken.map((c) => ({ cursor: encodeCursor([c.sortKey, (c.node as T).id]), node: c.node as T, ...c.edge }));
  return withTotal(
    {
      edges,
      pageInfo: {
        hasNextPage: backwards ? Boolean(args.before) : more,
        hasPreviousPage: backwards ? more : Boolean(args.after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    },
    () => loaders.counts(name).load(parentId),
  );
}

/** The first child in the given direction (the newest with DESC), or null. */
export async function firstChild<T>(
  loaders: ChildLoaders,
  name: ChildListName,
  parentId: number,
  direction: 'asc' | 'desc',
): Promise<T | null> {
  const rows = await loaders.pages(name).load({ parentId, window: { size: 1, direction } });
  return (rows[0]?.node as T) ?? null;
}
