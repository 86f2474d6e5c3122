/** The statements behind /healthz (src/server/health.ts). */
import type { EntityManager } from '@mikro-orm/knex';
import { dialectOf } from './dialect';

/** A real read of a table, on a read connection. */
export async function readCheck(em: EntityManager): Promise<void> {
  await em.getConnection('read').execute('select value from event_counter limit 1');
}

/** Problems the database finds in its own file (empty when sound, or when the dialect has no such check). */
export async function integrityProblems(em: EntityManager): Promise<string[]> {
  const sql = dialectOf(em).integrityCheck;
  if (!sql) return [];
  const rows = await em.getConnection('read').execute<Record<string, string>[]>(sql);
  const lines = rows.map((r) => String(Object.values(r)[0]));
  return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
}
