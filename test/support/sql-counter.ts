import type { Orm } from '../../src/db/orm';

/** Counts the SQL statements the ORM's connection runs while `fn` runs. */
export async function countStatements(orm: Orm, fn: () => Promise<unknown>): Promise<{ count: number; statements: string[] }> {
  const knex = orm.em.getKnex();
  const statements: string[] = [];
  const listener = (q: { sql: string }) => statements.push(q.sql);
  knex.on('query', listener);
  try {
    await fn();
  } finally {
    knex.removeListener('query', listener);
  }
  return { count: statements.length, statements };
}
