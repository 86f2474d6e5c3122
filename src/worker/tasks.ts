/**
 * The worker's tasks, in one list: the API process and `npm run worker` run the same ones.
 * A new scheduled job (e-mail digests, …) adds its task here.
 */
import type { AppServices } from '../server/context';
import { outboxTask, type OutboxConsumer } from './outbox';
import { Worker, type WorkerTask } from './worker';

/** What the outbox hands its events to. */
export function outboxConsumers(_services: AppServices): OutboxConsumer[] {
  return [];
}

export function workerTasks(services: AppServices): WorkerTask[] {
  const every = services.config.workerPollMs;
  return [outboxTask(outboxConsumers(services), every)];
}

/** A worker with every task, not started. */
export function createWorker(services: AppServices, id?: string): Worker {
  return new Worker(services, workerTasks(services), id);
}
