import type { Orm } from '../../src/db/orm';

/** A new pool connection's own setup (PostgreSQL's SET, SQLite's PRAGMA), not the request's work. */
const SESSION_SETUP = /^\s*(set|pragma)\s/i;

/**
 * Counts the SQL statements the ORM's connections (the writer and the read pool) run while `fn`
 * runs, leaving out the setup of connections the pool happens to open meanwhile.
 */
export async function countStatements(orm: Orm, fn: () => Promise<unknown>): Promise<{ count: number; statements: string[] }> {
  const knexes = [...new Set([orm.em.getKnex('write'), orm.em.getKnex('read')])];
  const statements: string[] = [];
  const listener = (q: { sql: string }) => {
    if (!SESSION_SETUP.test(q.sql)) statements.push(q.sql);
  };
  for (const knex of knexes) knex.on('query', listener);
  try {
    await fn();
  } finally {
    for (const knex of knexes) knex.removeListener('query', listener);
  }
  return { count: statements.length, statements };
}

/**
 * For a read that can run twice: the fewer statements of two runs. A statement of the server's
 * own background work (a worker's poll, a credential check) can fall inside one run's window on
 * a loaded machine; it seldom falls in both, while an N+1 shows in every run.
 */
export async function fewestStatements(orm: Orm, read: () => Promise<unknown>): Promise<{ count: number; statements: string[] }> {
  const first = await countStatements(orm, read);
  const second = await countStatements(orm, read);
  return first.count <= second.count ? first : second;
}
