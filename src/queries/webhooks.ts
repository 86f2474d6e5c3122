/**
 * Webhook deliveries: one row per event and webhook, inserted by the outbox task, claimed with a
 * lease by the delivery task (at most a few per webhook at once, so one slow receiver never
 * holds every slot), and updated with each attempt's outcome.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { dialectOf } from './dialect';

const execute = <T = unknown>(em: EntityManager, sql: string, params: unknown[], method: 'all' | 'run' = 'all'): Promise<T> =>
  em
    .getConnection(method === 'all' && !em.getTransactionContext() && /^\s*select/i.test(sql) ? 'read' : 'write')
    .execute(sql, params, method, em.getTransactionContext()) as Promise<T>;

/** Rows per insert statement (8 parameters each). */
const INSERT_CHUNK = 300;

export type DeliveryState = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface NewDelivery {
  webhookId: number;
  eventId: string;
  topic: string;
  sequence: number;
  body: string;
}

/** Inserts deliveries due now; a (webhook, event) pair already there is left as it is (a batch dispatched twice). */
export async function insertDeliveries(em: EntityManager, rows: readonly NewDelivery[], now: Date): Promise<void> {
  const at = dialectOf(em).datetime(now);
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    await execute(
      em,
      `insert into webhook_delivery (webhook_id, event_id, topic, sequence, body, created_at, next_attempt_at) values ${chunk
        .map(() => `(?, ?, ?, ?, ?, ${at.sql}, ${at.sql})`)
        .join(', ')} on conflict (webhook_id, event_id) do nothing`,
      chunk.flatMap((r) => [r.webhookId, r.eventId, r.topic, r.sequence, r.body, ...at.bindings, ...at.bindings]),
      'run',
    );
  }
}

export interface ClaimedDelivery {
  id: number;
  webhookId: number;
  eventId: string;
  topic: string;
  sequence: number;
  body: string;
  /** Attempts made before this one. */
  attempt: number;
  createdAt: Date;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

/**
 * Claims due deliveries of enabled webhooks for `workerId` until `leaseUntil`: at most
 * `perWebhook` of each webhook, none of `busyWebhookIds` (this worker already has some of theirs
 * in flight), `limit` in all. A concurrent claimer re-checks the lease on rows it waited for
 * (PostgreSQL) or waits for the write lock (SQLite): each row goes to one worker.
 */
export async function claimDeliveries(
  em: EntityManager,
  workerId: string,
  now: Date,
  leaseUntil: Date,
  options: { limit: number; perWebhook: number; busyWebhookIds: readonly number[] },
): Promise<ClaimedDelivery[]> {
  if (options.limit <= 0) return [];
  const d = dialectOf(em);
  const at = d.datetime(now);
  const until = d.datetime(leaseUntil);
  // Unqualified: only webhook_delivery has these columns (webhook is joined in the sub-query).
  const free = `state = 'PENDING' and next_attempt_at <= ${at.sql} and (lease_until is null or lease_until < ${at.sql})`;
  const busy = options.busyWebhookIds.length ? `and d.webhook_id not in (${options.busyWebhookIds.map(() => '?').join(', ')})` : '';
  const claimed = await execute<{ id: number }[]>(
    em,
    `update webhook_delivery set claimed_by = ?, lease_until = ${until.sql}
     where id in (
       select id from (
         select d.id, d.next_attempt_at, row_number() over (partition by d.webhook_id order by d.next_attempt_at, d.id) as n
         from webhook_delivery d join webhook w on w.id = d.webhook_id
         where ${free} and w.disabled_at is null and w.archived_at is null ${busy}
       ) ranked where n <= ? order by next_attempt_at, id limit ?
     ) and ${free}
     returning id`,
    [
      workerId,
      ...until.bindings,
      ...at.bindings,
      ...at.bindings,
      ...options.busyWebhookIds,
      options.perWebhook,
      options.limit,
      ...at.bindings,
      ...at.bindings,
    ],
  );
  if (!claimed.length) return [];
  const rows = await execute<Record<string, unknown>[]>(
    em,
    `select d.id, d.webhook_id, d.event_id, d.topic, d.sequence, d.body, d.attempt, d.created_at,
       w.url, w.secret, w.previous_secret, w.previous_secret_expires_at
     from webhook_delivery d join webhook w on w.id = d.webhook_id
     where d.id in (${claimed.map(() => '?').join(', ')}) and d.claimed_by = ? order by d.id`,
    [...claimed.map((c) => c.id), workerId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    webhookId: Number(r.webhook_id),
    eventId: String(r.event_id),
    topic: String(r.topic),
    sequence: Number(r.sequence),
    body: String(r.body),
    attempt: Number(r.attempt),
    createdAt: d.readDatetime(r.created_at),
    url: String(r.url),
    secret: String(r.secret),
    previousSecret: (r.previous_secret as string | null) ?? null,
    previousSecretExpiresAt: r.previous_secret_expires_at === null ? null : d.readDatetime(r.previous_secret_expires_at),
  }));
}

export interface AttemptRecord {
  state: DeliveryState;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  attemptedAt: Date;
  nextAttemptAt: Date | null;
}

/** Records an attempt and frees the lease; false when `workerId` no longer held it (another worker has the row). */
export async function recordAttempt(em: EntityManager, id: number, workerId: string, a: AttemptRecord): Promise<boolean> {
  const d = dialectOf(em);
  const at = d.datetime(a.attemptedAt);
  const next = a.nextAttemptAt ? d.datetime(a.nextAttemptAt) : { sql: 'null', bindings: [] };
  const delivered = a.state === 'DELIVERED' ? at : { sql: 'null', bindings: [] };
  const rows = await execute<{ id: number }[]>(
    em,
    `update webhook_delivery set state = ?, attempt = attempt + 1, last_status_code = ?, last_duration_ms = ?, last_error = ?,
       last_attempt_at = ${at.sql}, next_attempt_at = ${next.sql}, delivered_at = ${delivered.sql}, claimed_by = null, lease_until = null
     where id = ? and claimed_by = ? returning id`,
    [a.state, a.statusCode, a.durationMs, a.error, ...at.bindings, ...next.bindings, ...delivered.bindings, id, workerId],
  );
  return rows.length > 0;
}

/** A success ends a webhook's run of failures. */
export async function webhookSucceeded(em: EntityManager, webhookId: number): Promise<void> {
  await execute(em, `update webhook set failing_since = null where id = ? and failing_since is not null`, [webhookId], 'run');
}

/**
 * A failed attempt: starts the webhook's run of failures if none is running, and disables the
 * webhook with `reason` once the run has lasted `disableAfterMs`. Returns whether it disabled it.
 */
export async function webhookFailed(
  em: EntityManager,
  webhookId: number,
  now: Date,
  disableAfterMs: number,
  reason: string,
): Promise<boolean> {
  const d = dialectOf(em);
  const at = d.datetime(now);
  const since = d.datetime(new Date(now.getTime() - disableAfterMs));
  await execute(
    em,
    `update webhook set failing_since = ${at.sql} where id = ? and failing_since is null`,
    [...at.bindings, webhookId],
    'run',
  );
  const disabled = await execute<{ id: number }[]>(
    em,
    `update webhook set disabled_at = ${at.sql}, disabled_reason = ?, updated_at = ${at.sql}
     where id = ? and disabled_at is null and failing_since <= ${since.sql} returning id`,
    [...at.bindings, reason, ...at.bindings, webhookId, ...since.bindings],
  );
  return disabled.length > 0;
}

export interface DeliveryRow {
  id: number;
  webhookId: number;
  eventId: string;
  topic: string;
  sequence: number;
  state: DeliveryState;
  attempt: number;
  statusCode: number | null;
  durationMs: number | null;
  error: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
}

/**
 * The newest deliveries of each webhook (before `beforeId` when given), `size` + 1 of each, in
 * one statement for a whole page of webhooks.
 */
export async function recentDeliveries(
  em: EntityManager,
  webhookIds: readonly number[],
  size: number,
  beforeId: number | null,
): Promise<DeliveryRow[]> {
  if (!webhookIds.length) return [];
  const d = dialectOf(em);
  const rows = await em.getConnection('read').execute<Record<string, unknown>[]>(
    `select * from (
       select d.id, d.webhook_id, d.event_id, d.topic, d.sequence, d.state, d.attempt, d.last_status_code, d.last_duration_ms,
         d.last_error, d.created_at, d.last_attempt_at, d.next_attempt_at, d.delivered_at,
         row_number() over (partition by d.webhook_id order by d.id desc) as n
       from webhook_delivery d
       where d.webhook_id in (${webhookIds.map(() => '?').join(', ')}) ${beforeId === null ? '' : 'and d.id < ?'}
     ) ranked where n <= ? order by webhook_id, id desc`,
    [...webhookIds, ...(beforeId === null ? [] : [beforeId]), size + 1],
  );
  const date = (v: unknown) => (v === null || v === undefined ? null : d.readDatetime(v));
  return rows.map((r) => ({
    id: Number(r.id),
    webhookId: Number(r.webhook_id),
    eventId: String(r.event_id),
    topic: String(r.topic),
    sequence: Number(r.sequence),
    state: r.state as DeliveryState,
    attempt: Number(r.attempt),
    statusCode: r.last_status_code === null ? null : Number(r.last_status_code),
    durationMs: r.last_duration_ms === null ? null : Number(r.last_duration_ms),
    error: (r.last_error as string | null) ?? null,
    createdAt: d.readDatetime(r.created_at),
    lastAttemptAt: date(r.last_attempt_at),
    nextAttemptAt: date(r.next_attempt_at),
    deliveredAt: date(r.delivered_at),
  }));
}

/** Deliveries of a webhook, in all (totalCount). */
export async function deliveryCount(em: EntityManager, webhookId: number): Promise<number> {
  const rows = await em
    .getConnection('read')
    .execute<{ n: number }[]>(`select count(*) as n from webhook_delivery where webhook_id = ?`, [webhookId]);
  return Number(rows[0].n);
}

/** Deletes finished deliveries older than `before`. */
export async function pruneDeliveries(em: EntityManager, before: Date): Promise<void> {
  const at = dialectOf(em).datetime(before);
  await execute(em, `delete from webhook_delivery where state <> 'PENDING' and created_at < ${at.sql}`, at.bindings, 'run');
}
