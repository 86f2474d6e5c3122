import type { Orm } from '../../src/db/orm';

/** Counts the SQL statements the ORM's connections (the writer and the read pool) run while `fn` runs. */
export async function countStatements(orm: Orm, fn: () => Promise<unknown>): Promise<{ count: number; statements: string[] }> {
  const knexes = [...new Set([orm.em.getKnex('write'), orm.em.getKnex('read')])];
  const statements: string[] = [];
  const listener = (q: { sql: string }) => statements.push(q.sql);
  for (const knex of knexes) knex.on('query', listener);
  try {
    await fn();
  } finally {
    for (const knex of knexes) knex.removeListener('query', listener);
  }
  return { count: statements.length, statements };
}
