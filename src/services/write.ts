/**
 * Every mutation runs through `write()`: one transaction, so on any error nothing is written;
 * the process's write queue runs it on the writer connection once the write lock is held (a
 * lock held elsewhere past the busy timeout answers SERVICE_UNAVAILABLE);
 * the caller and the clock's `now` are fixed for the whole write; events are published only
 * after the transaction has committed (a rolled-back write publishes nothing); the public ones
 * are also written to the outbox inside the transaction, for the worker to deliver; the
 * maintained counts of the dashboard follow the commitments it touched, in the same transaction.
 */
import {
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Context } from '../server/context';
import type { Commitment, User } from '../entities';
import { CHANNEL, EVENT_BATCH, type EventScope, type Topic, type TrackerEvent } from '../pubsub/events';
import { scopesOf } from '../pubsub/scope';
import { DomainError, badInput, serviceUnavailable, unauthenticated } from '../domain/errors';
import { isDatabaseBusy, writeQueueOf } from '../db/write-queue';
import { RevisionRecorder } from './revisions';
import { insertOutboxEvents } from '../queries/outbox';
import { refreshCounts } from '../queries/counts';

type EmittedEvent = Pick<TrackerEvent, 'sequence' | 'recordId' | 'draft'>;

/** Commitments whose scopes one statement reads (SQLite caps bound parameters). */
const SCOPE_CHUNK = 500;

export interface Write {
  em: EntityManager;
  user: User;
  now: Date;
  /** Queues an event about `commitment`, published once the transaction has committed. */
  emit(topic: Topic, commitment: Commitment, event: EmittedEvent): Promise<void>;
  /** The same for a commitment written without an entity (bulk inserts); its status is the one given. */
  emitFor(topic: Topic, commitment: Pick<Commitment, 'id' | 'status'>, event: EmittedEvent): void;
  /** The write's edit history (src/services/revisions.ts): the reason it gives, what the ORM does not see. */
  revisions: RevisionRecorder;
}

/**
 * The version a concurrent writer left on the record of an OptimisticLockError. Writers that
 * did not wait for each other (PostgreSQL's pool) both read the old version; the stored one is
 * the one the client needs.
 */
async function storedVersion(ctx: Context, err: unknown): Promise<number | undefined> {
  const entity = (err as OptimisticLockError).entity as { id?: number; version?: number; constructor: object } | undefined;
  if (!entity?.id) return entity?.version;
  const stored = await ctx.em.fork().findOne(entity.constructor as never, { id: entity.id } as never);
  return (stored as { version?: number } | null)?.version ?? entity.version;
}

/** Maps database refusals that reach a mutation to client errors. */
function translate(err: unknown, currentVersion?: number): unknown {
  if (err instanceof DomainError) return err;
  if (isDatabaseBusy(err)) return serviceUnavailable();
  if (err instanceof OptimisticLockError) {
    return new DomainError('CONFLICT', 'The record was changed by someone else; reload it and try again', {
      currentVersion: currentVersion ?? null,
    });
  }
  if (err instanceof UniqueConstraintViolationException) {
    const field = /\.(\w+)$/.exec(err.message.split('\n')[0].replace(/.*UNIQUE constraint failed: /, ''))?.[1] ?? 'code';
    return badInput(field === 'code' ? 'code' : field, `A record with this ${field} already exists`);
  }
  if (err instanceof ForeignKeyConstraintViolationException) return badInput('id', 'A referenced record does not exist');
  if (err instanceof NotNullConstraintViolationException) return badInput('input', 'A required value is missing');
  return err;
}

export async function write<T>(ctx: Context, run: (w: Write) => Promise<T>): Promise<T> {
  const user = ctx.user;
  if (!user) throw unauthenticated();
  const events: TrackerEvent[] = [];
  let result: T;
  try {
    result = await writeQueueOf(ctx.services.orm).run(() =>
      ctx.em.transactional(async (em) => {
        const tx = em as EntityManager;
        // Scopes are read once for all events at the end of the transaction (one statement per
        // 500 commitments), not one statement per event: a 50k-row import emits 50k events.
        const pending: { topic: Topic; commitmentId: number; status: TrackerEvent['status']; event: EmittedEvent }[] = [];
        const emitFor: Write['emitFor'] = (topic, commitment, event) => {
          pending.push({ topic, commitmentId: commitment.id, status: commitment.status, event });
        };
        const emit: Write['emit'] = async (topic, commitment, event) => emitFor(topic, commitment, event);
        const writer = em.merge(user);
        const now = ctx.services.clock.now();
        // Every record the write changes gets its revision here, in this transaction (./revisions.ts).
        const revisions = new RevisionRecorder(tx, writer, now);
        const value = await run({ em: tx, user: writer, now, emit, emitFor, revisions });
        await em.flush();
        // The maintained counts follow every commitment the write touched, or reached through a
        // recommendation it changed (source, level, themes), in this transaction (queries/counts.ts).
        await refreshCounts(
          tx,
          [...pending.map((p) => p.commitmentId), ...revisions.recordIds('Commitment')],
          revisions.recordIds('Recommendation'),
        );
        await revisions.save();
        const scopes = new Map<number, EventScope>();
        const ids = [...new Set(pending.map((p) => p.commitmentId))];
        for (let i = 0; i < ids.length; i += SCOPE_CHUNK) {
          for (const [id, scope] of await scopesOf(tx, ids.slice(i, i + SCOPE_CHUNK))) scopes.set(id, scope);
        }
        for (const p of pending) events.push({ ...scopes.get(p.commitmentId)!, ...p.event, topic: p.topic, status: p.status });
        // The outbox rows commit or roll back with the write: the worker delivers them (webhooks).
        await insertOutboxEvents(tx, events, now);
        return value;
      }),
    );
  } catch (err) {
    throw translate(err, err instanceof OptimisticLockError ? await storedVersion(ctx, err) : undefined);
  }
  publishCommitted(ctx, events);
  return result;
}

/**
 * Publishes a committed write's events in batches. Never throws: the write is committed and
 * acknowledged whatever happens to live delivery, and a subscriber that missed an event
 * replays it by sequence (`after`).
 */
function publishCommitted(ctx: Context, events: TrackerEvent[]): void {
  for (let i = 0; i < events.length; i += EVENT_BATCH) {
    try {
      ctx.services.events.publish(CHANNEL, events.slice(i, i + EVENT_BATCH));
    } catch (err) {
      ctx.services.logger.error({ err, events: events.length }, 'publishing committed events failed; subscribers recover them by replay');
    }
  }
}
