/** Rows of one table by primary key, as the ORM's `em.find(entity, { id: { $in: ids } })` selects them. */
import type { Knex } from '@mikro-orm/knex';

export function rowsByIds(knex: Knex, table: string, idColumn: string, ids: readonly number[]): Promise<Record<string, unknown>[]> {
  return knex(table)
    .select('*')
    .whereIn(idColumn, [...ids]) as unknown as Promise<Record<string, unknown>[]>;
}
