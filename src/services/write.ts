/**
 * Every mutation runs through `write()`: one transaction, so on any error nothing is written;
 * the process's write queue runs it on the writer connection once the write lock is held (a
 * lock held elsewhere past the busy timeout answers SERVICE_UNAVAILABLE);
 * the caller and the clock's `now` are fixed for the whole write; events are published only
 * after the transaction has committed (a rolled-back write publishes nothing).
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
import { CHANNEL, type Topic, type TrackerEvent } from '../pubsub/events';
import { scopesOf } from '../pubsub/scope';
import { DomainError, badInput, serviceUnavailable, unauthenticated } from '../domain/errors';
import { isDatabaseBusy, writeQueueOf } from '../db/write-queue';

export interface Write {
  em: EntityManager;
  user: User;
  now: Date;
  /** Queues an event about `commitment`, published once the transaction has committed. */
  emit(topic: Topic, commitment: Commitment, event: Pick<TrackerEvent, 'sequence' | 'recordId' | 'draft'>): Promise<void>;
}

/** Maps database refusals that reach a mutation to client errors. */
function translate(err: unknown): unknown {
  if (err instanceof DomainError) return err;
  if (isDatabaseBusy(err)) return serviceUnavailable();
  if (err instanceof OptimisticLockError) {
    const entity = err.entity as { version?: number } | undefined;
    return new DomainError('CONFLICT', 'The record was changed by someone else; reload it and try again', {
      currentVersion: entity?.version ?? null,
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
        const emit: Write['emit'] = async (topic, commitment, event) => {
          const scope = (await scopesOf(tx, [commitment.id])).get(commitment.id)!;
          events.push({ ...scope, ...event, topic, status: commitment.status });
        };
        const value = await run({ em: tx, user: em.merge(user), now: ctx.services.clock.now(), emit });
        await em.flush();
        return value;
      }),
    );
  } catch (err) {
    throw translate(err);
  }
  for (const event of events) ctx.services.events.publish(CHANNEL, event);
  return result;
}
