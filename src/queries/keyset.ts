/**
 * Keyset pagination over a filtered SQL query: one statement for the page (ids and sort keys),
 * one for the total if `totalCount` is selected; the caller then loads the entities by id in one more. The number of
 * statements never depends on the page size.
 */
import type { Knex } from '@mikro-orm/knex';
import { decodeCursor, encodeCursor, mapEdges, pageSize, toPage, type Page, type PageArgs } from '../schema/connection';

export interface SortSpec {
  /** SQL expression of the sort key; never null (wrap nullable columns in coalesce). */
  expression: string;
  direction: 'asc' | 'desc';
}

export async function pageIds(
  knex: Knex,
  filtered: Knex.QueryBuilder,
  idColumn: string,
  sort: SortSpec,
  args: PageArgs,
): Promise<Page<{ id: number }>> {
  return pageRows(knex, filtered, idColumn, sort, args);
}

/**
 * pageIds, each node with its row's columns too when `table` (the alias of the listed table)
 * is given: the entities then need no second statement (src/queries/lists.ts).
 */
export async function pageRows(
  knex: Knex,
  filtered: Knex.QueryBuilder,
  idColumn: string,
  sort: SortSpec,
  args: PageArgs,
  table?: string,
): Promise<Page<{ id: number; row?: Record<string, unknown> }>> {
  const size = pageSize(args.first);
  const rowsQuery = filtered
    .clone()
    .select(...(table ? [knex.raw('??.*', [table])] : []), { id: idColumn, sortKey: knex.raw(sort.expression) })
    .orderByRaw(`${sort.expression} ${sort.direction}, ${idColumn} ${sort.direction}`)
    .limit(size + 1);
  if (args.after) {
    const [key, id] = decodeCursor(args.after, 2);
    const op = sort.direction === 'asc' ? '>' : '<';
    rowsQuery.whereRaw(`(${sort.expression} ${op} ? or (${sort.expression} = ? and ${idColumn} ${op} ?))`, [key, key, id] as any);
  }
  const rows = (await rowsQuery) as unknown as { id: number; sortKey: unknown }[];
  const count = async () => {
    const counted = (await filtered.clone().count({ n: '*' })) as unknown as { n: number | string }[];
    return Number(counted[0]?.n ?? 0);
  };
  const page = toPage(rows, size, count, (r) => encodeCursor([r.sortKey, r.id]), Boolean(args.after));
  return mapEdges(
    page,
    page.edges.map(({ cursor, node: { sortKey: _sortKey, ...row } }) => ({
      cursor,
      node: table ? { id: Number(row.id), row } : { id: Number(row.id) },
    })),
  );
}

/** Replaces each edge's `{ id }` with the loaded entity, keeping the order. */
export async function hydrate<T extends { id: number }>(
  page: Page<{ id: number }>,
  load: (ids: number[]) => Promise<(T | Error | null | undefined)[]>,
): Promise<Page<T>> {
  const nodes = await load(page.edges.map((e) => e.node.id));
  return mapEdges(
    page,
    page.edges.flatMap((e, i) => {
      const node = nodes[i];
      return node && !(node instanceof Error) ? [{ cursor: e.cursor, node }] : [];
    }),
  );
}
