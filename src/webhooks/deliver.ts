/**
 * The delivery task: claims due deliveries with a lease and POSTs them, signed, concurrently
 * (at most WEBHOOK_CONCURRENCY in flight per worker, and a few per webhook, so a slow or dead
 * receiver holds only its own slots). Each run starts what it claimed and returns: deliveries
 * finish in the background and record their outcome; writes never wait for any of it.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { writeQueueOf } from '../db/write-queue';
import { checkWebhookUrl } from '../domain/webhook-addresses';
import { DISABLE_AFTER_MS, nextAttemptAt, verdictOf } from '../domain/webhook-retries';
import {
  claimDeliveries,
  pruneDeliveries,
  recordAttempt,
  webhookFailed,
  webhookSucceeded,
  type ClaimedDelivery,
} from '../queries/webhooks';
import type { AppServices } from '../server/context';
import type { TaskRun, WorkerTask } from '../worker/worker';
import { postWebhook, type PostResult } from './http';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature';

/** Deliveries of one webhook in flight at once, per worker. */
export const PER_WEBHOOK = 2;
/** Finished deliveries are kept this long (Webhook.deliveries shows them), then deleted. */
export const DELIVERY_RETENTION_MS = 30 * 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;

/** The secrets that sign now: the current one, and the previous one for 24 hours after a rotation. */
export function signingSecrets(d: Pick<ClaimedDelivery, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>, now: Date): string[] {
  return d.previousSecret && d.previousSecretExpiresAt && d.previousSecretExpiresAt > now ? [d.secret, d.previousSecret] : [d.secret];
}

export function deliveryTask(services: AppServices, random: () => number = Math.random): WorkerTask {
  const inFlight = new Map<number, Promise<void>>();
  const busyWebhooks = new Map<number, number>();
  let prunedAt = 0;
  let stopping = false;

  const attempt = async (run: TaskRun, d: ClaimedDelivery): Promise<void> => {
    const { clock, config, orm } = services;
    const started = clock.now();
    let result: PostResult;
    try {
      const target = checkWebhookUrl(d.url, config.webhookAllowedHosts);
      const t = Math.floor(started.getTime() / 1000);
      const headers = {
        [SIGNATURE_HEADER]: signatureHeader(signingSecrets(d, started), t, d.body),
        [EVENT_ID_HEADER]: d.eventId,
        'user-agent': 'follow-up-tracker-webhooks/1',
      };
      result = await postWebhook(target, headers, d.body, { timeoutMs: config.webhookTimeoutMs, clock });
    } catch (err) {
      result = { statusCode: null, durationMs: 0, error: `refused: ${(err as Error).message}` };
    }
    const now = clock.now();
    const verdict = verdictOf(result);
    const next = nextAttemptAt(verdict, d.attempt + 1, now, d.createdAt, random);
    const state = verdict === 'DELIVERED' ? 'DELIVERED' : next ? 'PENDING' : 'FAILED';
    const em = orm.em.fork() as EntityManager;
    await writeQueueOf(orm).run(() =>
      em.transactional(async (tx) => {
        const mine = await recordAttempt(tx as EntityManager, d.id, run.workerId, {
          state,
          statusCode: result.statusCode,
          durationMs: result.durationMs,
          error: result.error,
          attemptedAt: now,
          nextAttemptAt: next,
        });
        if (!mine) return;
        if (verdict === 'DELIVERED') await webhookSucceeded(tx as EntityManager, d.webhookId);
        else {
          const reason = `Disabled after ${DISABLE_AFTER_MS / 3600_000} hours of failed deliveries; the last: ${result.error ?? 'no answer'}`;
          if (await webhookFailed(tx as EntityManager, d.webhookId, now, DISABLE_AFTER_MS, reason))
            run.log.warn({ webhookId: d.webhookId, reason }, 'webhook disabled');
        }
      }),
    );
    run.log.info(
      { deliveryId: d.id, webhookId: d.webhookId, statusCode: result.statusCode, state, durationMs: result.durationMs },
      'webhook delivery attempt',
    );
  };

  const start = (run: TaskRun, d: ClaimedDelivery) => {
    busyWebhooks.set(d.webhookId, (busyWebhooks.get(d.webhookId) ?? 0) + 1);
    const p = attempt(run, d)
      .catch((err) =>
        run.log.error({ err, deliveryId: d.id }, 'recording a webhook delivery failed; its lease runs out and it is tried again'),
      )
      .finally(() => {
        inFlight.delete(d.id);
        const n = (busyWebhooks.get(d.webhookId) ?? 1) - 1;
        if (n) busyWebhooks.set(d.webhookId, n);
        else busyWebhooks.delete(d.webhookId);
      });
    inFlight.set(d.id, p);
  };

  return {
    name: 'webhook-deliveries',
    everyMs: services.config.workerPollMs,
    async run(run) {
      if (stopping) return;
      const { clock, config, orm } = services;
      const em = orm.em.fork() as EntityManager;
      const now = clock.now();
      // The lease outlasts the timeout: a worker that is alive always records before it runs out.
      const leaseUntil = new Date(now.getTime() + config.webhookTimeoutMs + 60_000);
      const free = config.webhookConcurrency - inFlight.size;
      if (free > 0) {
        const claimed = await writeQueueOf(orm).run(() =>
          claimDeliveries(em, run.workerId, now, leaseUntil, {
            limit: free,
            perWebhook: PER_WEBHOOK,
            busyWebhookIds: [...busyWebhooks.keys()],
          }),
        );
        for (const d of claimed) start(run, d);
      }
      if (now.getTime() - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = now.getTime();
        await writeQueueOf(orm).run(() => pruneDeliveries(em, new Date(now.getTime() - DELIVERY_RETENTION_MS)));
      }
    },
    async settle() {
      while (inFlight.size) await Promise.all([...inFlight.values()]);
    },
    stop() {
      stopping = true;
    },
  };
}
