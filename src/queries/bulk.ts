/**
 * Reading back what a bulk insert wrote, inside the writing transaction: the ORM's insertMany
 * does not return one key per row on every driver, so the keys are read by their unique columns.
 */
import type { EntityManager } from '@mikro-orm/knex';

/** Parameters per statement, far below SQLite's 32,766. */
const CHUNK = 1000;

async function all<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return em.getConnection('write').execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

/** Commitment ids by code. */
export async function commitmentIdsByCode(em: EntityManager, codes: readonly string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < codes.length; i += CHUNK) {
    const part = codes.slice(i, i + CHUNK);
    const rows = await all<{ id: number; code: string }>(
      em,
      `select id, code from commitment where code in (${part.map(() => '?').join(', ')})`,
      part,
    );
    for (const row of rows) ids.set(row.code, Number(row.id));
  }
  return ids;
}

/** Status change ids by sequence, for the sequences first .. first + count - 1. */
export async function statusChangeIdsBySequence(em: EntityManager, first: number, count: number): Promise<Map<number, number>> {
  const rows = await all<{ id: number; sequence: number }>(em, `select id, sequence from status_change where sequence between ? and ?`, [
    first,
    first + count - 1,
  ]);
  return new Map(rows.map((r) => [Number(r.sequence), Number(r.id)]));
}
