/**
 * The transactional outbox: the public events of a write are inserted by `write()` in the same
 * transaction (a committed write always has them, a rolled-back one never), and the worker
 * (src/worker) claims them with a lease, hands them on and marks them dispatched. A lease, not a
 * lock held across the work, so that a worker killed while it holds rows only delays them: once
 * `lease_until` has passed, another worker claims them again (at-least-once).
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import type { TrackerEvent } from '../pubsub/events';
import { dialectOf } from './dialect';

/** Rows per insert statement (7 parameters each: far below SQLite's bound-parameter cap). */
const INSERT_CHUNK = 500;

export interface OutboxEvent {
  id: number;
  /** Stable for the event, whatever the attempt or receiver (X-Tracker-Event-Id). */
  eventId: string;
  event: TrackerEvent;
}

const execute = <T = unknown>(em: EntityManager, sql: string, params: unknown[], method: 'all' | 'run' = 'all'): Promise<T> =>
  em.getConnection('write').execute(sql, params, method, em.getTransactionContext()) as Promise<T>;

const parsed = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/**
 * Inserts the outbox rows of a write's events, inside its transaction. Drafts are never written:
 * they are not public, and nothing that leaves the API through the outbox may show them.
 */
export async function insertOutboxEvents(em: EntityManager, events: readonly TrackerEvent[], now: Date): Promise<void> {
  const rows = events.filter((e) => !e.draft && e.sequence !== null);
  const created = dialectOf(em).datetime(now);
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    await execute(
      em,
      `insert into outbox_event (event_id, topic, sequence, commitment_id, event, created_at) values ${chunk
        .map(() => `(?, ?, ?, ?, ?, ${created.sql})`)
        .join(', ')}`,
      chunk.flatMap((e) => [randomUUID(), e.topic, e.sequence, e.commitmentId, JSON.stringify(e), ...created.bindings]),
      'run',
    );
  }
}

/**
 * Claims up to `limit` undispatched events whose lease is free or has run out, oldest first, for
 * `workerId` until `leaseUntil`. One statement: on PostgreSQL a concurrent claimer that read the
 * same rows waits for this one's row locks, then re-checks the lease condition on the updated
 * rows and skips them; on SQLite the write lock orders claimers. Each row goes to one claimer.
 */
export async function claimOutboxEvents(
  em: EntityManager,
  workerId: string,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<OutboxEvent[]> {
  const d = dialectOf(em);
  const at = d.datetime(now);
  const until = d.datetime(leaseUntil);
  const free = `dispatched_at is null and (lease_until is null or lease_until < ${at.sql})`;
  const rows = await execute<{ id: number; event_id: string; event: unknown }[]>(
    em,
    `update outbox_event set claimed_by = ?, lease_until = ${until.sql}
     where id in (select id from outbox_event where ${free} order by id limit ?) and ${free}
     returning id, event_id, event`,
    [workerId, ...until.bindings, ...at.bindings, limit, ...at.bindings],
  );
  return rows.map((r) => ({ id: Number(r.id), eventId: r.event_id, event: parsed<TrackerEvent>(r.event) })).sort((a, b) => a.id - b.id);
}

/** Marks events dispatched, if `workerId` still holds their lease (false: it lost them, another worker has them). */
export async function markOutboxDispatched(em: EntityManager, ids: readonly number[], workerId: string, now: Date): Promise<number> {
  if (!ids.length) return 0;
  const at = dialectOf(em).datetime(now);
  const rows = await execute<{ id: number }[]>(
    em,
    `update outbox_event set dispatched_at = ${at.sql}, lease_until = null
     where id in (${ids.map(() => '?').join(', ')}) and claimed_by = ? and dispatched_at is null returning id`,
    [...at.bindings, ...ids, workerId],
  );
  return rows.length;
}

/** Deletes dispatched events older than `before` (what was delivered stays in webhook_delivery). */
export async function pruneOutbox(em: EntityManager, before: Date): Promise<void> {
  const at = dialectOf(em).datetime(before);
  await execute(em, `delete from outbox_event where dispatched_at is not null and dispatched_at < ${at.sql}`, at.bindings, 'run');
}

/** Whether any event waits for a worker (a read, so an idle worker takes no write lock). */
export async function outboxHasWork(em: EntityManager, now: Date): Promise<boolean> {
  const at = dialectOf(em).datetime(now);
  const rows = await em
    .getConnection('read')
    .execute<unknown[]>(
      `select 1 as x from outbox_event where dispatched_at is null and (lease_until is null or lease_until < ${at.sql}) limit 1`,
      at.bindings,
    );
  return rows.length > 0;
}

/** Events not yet dispatched (health and tests). */
export async function pendingOutboxCount(em: EntityManager): Promise<number> {
  const rows = await em
    .getConnection('read')
    .execute<{ n: number }[]>(`select count(*) as n from outbox_event where dispatched_at is null`);
  return Number(rows[0].n);
}
