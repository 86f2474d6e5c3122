/** Existing records by code, read in chunks (SQLite caps the number of bound parameters). */
import type { Knex } from '@mikro-orm/knex';
import type { EntityManager } from '@mikro-orm/knex';
import type { EntityName, FilterQuery, FindOptions } from '@mikro-orm/core';

const CHUNK = 500;

/** Slices of at most CHUNK values, for `in (...)` lists. */
export function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}

/** Raw rows of `table` whose code is among `codes`, by code; `select` are SQL expressions over alias `t`. */
export async function rowsByCode<T extends { code: string }>(
  knex: Knex,
  table: string,
  codes: Iterable<string>,
  select: Record<string, string> = {},
): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  for (const chunk of chunks([...new Set(codes)])) {
    const columns = Object.entries(select).map(([name, sql]) => knex.raw(`${sql} as ??`, [name]));
    const rows = (await knex(`${table} as t`)
      .select('t.code', ...columns)
      .whereIn('t.code', chunk)) as T[];
    for (const row of rows) found.set(row.code, row);
  }
  return found;
}

/** Entities whose code is among `codes`, by code. */
export async function entitiesByCode<T extends { code: string }>(
  em: EntityManager,
  entity: EntityName<T>,
  codes: Iterable<string>,
  options?: FindOptions<T, any>,
): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  for (const chunk of chunks([...new Set(codes)])) {
    for (const e of await em.find(entity, { code: { $in: chunk } } as FilterQuery<T>, options)) found.set(e.code, e);
  }
  return found;
}

/** The codes the rows give in `column` (lists `;`-joined), for loading references in one go. */
export function codesIn(rows: readonly { cells: Record<string, string> }[], ...columns: string[]): string[] {
  return rows.flatMap((r) =>
    columns.flatMap((c) =>
      (r.cells[c] ?? '')
        .split(';')
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  );
}
