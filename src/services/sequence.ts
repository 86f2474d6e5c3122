import type { EntityManager } from '@mikro-orm/knex';
import { EventCounter } from '../entities';

/**
 * The next value of the one global event counter. Call it inside the writing transaction: the
 * row update takes SQLite's write lock (PostgreSQL's row lock, held until commit), so numbers are
 * handed out in commit order and a rolled-back transaction gives its number back.
 */
export async function nextSequence(em: EntityManager): Promise<number> {
  return nextSequences(em, 1);
}

/**
 * Reserves `count` consecutive sequence numbers in one statement and returns the first (bulk
 * writers: an import numbers 50k events without 50k statements).
 */
export async function nextSequences(em: EntityManager, count: number): Promise<number> {
  const tx = em.getTransactionContext();
  const bump = () =>
    em
      .getConnection()
      .execute<{ value: number }[]>(
        `update event_counter set value = value + ? where name = ? returning value`,
        [count, EventCounter.NAME],
        'all',
        tx,
      );
  let rows = await bump();
  if (!rows.length) {
    // The first event ever: create the row (a concurrent first writer may just have), then bump it.
    await em
      .getConnection()
      .execute(`insert into event_counter (name, value) values (?, 0) on conflict (name) do nothing`, [EventCounter.NAME], 'run', tx);
    rows = await bump();
  }
  return Number(rows[0].value) - count + 1;
}

/** The last sequence handed out (0 when none). */
export async function currentSequence(em: EntityManager): Promise<number> {
  const rows = await em
    .getConnection(em.getTransactionContext() ? 'write' : 'read')
    .execute<{ value: number }[]>(`select value from event_counter where name = ?`, [EventCounter.NAME], 'all', em.getTransactionContext());
  return rows.length ? Number(rows[0].value) : 0;
}
