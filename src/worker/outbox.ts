/**
 * The outbox task: claims the events committed writes left in the outbox (src/queries/outbox.ts)
 * and hands each batch to the consumers (webhook fan-out) in one transaction that also marks the
 * events dispatched, so a batch is handed on entirely or not at all. A worker that dies holding a
 * batch only delays it: the lease runs out and another worker claims it.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { writeQueueOf } from '../db/write-queue';
import { claimOutboxEvents, markOutboxDispatched, outboxHasWork, pruneOutbox, type OutboxEvent } from '../queries/outbox';
import type { WorkerTask } from './worker';

/** Something that turns dispatched events into its own work (e.g. one delivery per matching webhook). */
export interface OutboxConsumer {
  /** Runs inside the transaction that marks `events` dispatched; must be idempotent (a batch may come twice after a lost lease). */
  dispatch(em: EntityManager, events: readonly OutboxEvent[], now: Date): Promise<void>;
}

/** Events claimed per statement. */
export const OUTBOX_BATCH = 200;
/** How long a claimed batch is this worker's: far longer than handing one on takes. */
export const OUTBOX_LEASE_MS = 60_000;
/** Dispatched events are kept this long, then deleted. */
export const OUTBOX_RETENTION_MS = 7 * 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;

export function outboxTask(consumers: readonly OutboxConsumer[], everyMs: number): WorkerTask {
  let prunedAt = 0;
  return {
    name: 'outbox',
    everyMs,
    async run({ services, workerId }) {
      const { orm, clock } = services;
      const em = orm.em.fork() as EntityManager;
      const writes = writeQueueOf(orm);
      // Bounded per run, so one run never holds the task for ever behind a huge import.
      for (let batch = 0; batch < 50; batch++) {
        const now = clock.now();
        if (!(await outboxHasWork(em, now))) break;
        const events = await writes.run(() =>
          claimOutboxEvents(em, workerId, now, new Date(now.getTime() + OUTBOX_LEASE_MS), OUTBOX_BATCH),
        );
        if (!events.length) break;
        await writes.run(() =>
          em.transactional(async (tx) => {
            for (const consumer of consumers) await consumer.dispatch(tx as EntityManager, events, now);
            await markOutboxDispatched(
              tx as EntityManager,
              events.map((e) => e.id),
              workerId,
              now,
            );
          }),
        );
      }
      const now = clock.now().getTime();
      if (now - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = now;
        await writes.run(() => pruneOutbox(em, new Date(now - OUTBOX_RETENTION_MS)));
      }
    },
  };
}
