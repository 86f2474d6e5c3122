/**
 * The worker's tasks, in one list: the API process and `npm run worker` run the same ones.
 * A new scheduled job (e-mail digests, …) adds its task here.
 */
import type { AppServices } from '../server/context';
import { outboxTask, type OutboxConsumer } from './outbox';
import { Worker, type WorkerTask } from './worker';
import { webhookFanOut } from '../webhooks/dispatch';
import { deliveryTask } from '../webhooks/deliver';
import { digestTask } from '../digests/task';

/** What the outbox hands its events to. */
export function outboxConsumers(_services: AppServices): OutboxConsumer[] {
  return [webhookFanOut];
}

export function workerTasks(services: AppServices): WorkerTask[] {
  const every = services.config.workerPollMs;
  return [
    outboxTask(outboxConsumers(services), every),
    deliveryTask(services),
    // E-mail digests only when a mail server is configured (SMTP_URL).
    ...(services.config.smtpUrl ? [digestTask(services)] : []),
  ];
}

/** A worker with every task, not started. */
export function createWorker(services: AppServices, id?: string): Worker {
  return new Worker(services, workerTasks(services), id);
}
