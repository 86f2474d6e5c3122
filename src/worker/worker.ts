/**
 * The worker: a small runner of named tasks on the injected clock (src/domain/clock.ts). It runs
 * inside the API process (`npm start`, unless WORKER=false) and alone (`npm run worker`); tasks
 * that share work between several workers claim it in the database with a lease
 * (src/queries/outbox.ts), so any number of instances may run one. Tests drive it with a
 * ManualClock, or call `runOnce` and `settle`.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AppServices } from '../server/context';

export interface TaskRun {
  services: AppServices;
  /** This worker's id: what its leases are claimed under. */
  workerId: string;
  log: Logger;
}

export interface WorkerTask {
  /** A name for logs and `runOnce` (e.g. `outbox`, `webhook-deliveries`, `digests`). */
  name: string;
  /** Time between the end of one run and the start of the next, on the injected clock. */
  everyMs: number;
  /** One run. A failure is logged and the task runs again at its next turn. */
  run(run: TaskRun): Promise<void>;
  /** Resolves when work a run started in the background (deliveries in flight) has finished. */
  settle?(): Promise<void>;
  /** Stops background work (the worker is stopping); settle() then resolves soon. */
  stop?(): void;
}

export class Worker {
  readonly id: string;
  private readonly tasks = new Map<string, WorkerTask>();
  private readonly timers = new Map<string, () => void>();
  private readonly running = new Map<string, Promise<void>>();
  private started = false;

  constructor(
    private readonly services: AppServices,
    tasks: readonly WorkerTask[] = [],
    id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
  ) {
    this.id = id;
    for (const task of tasks) this.register(task);
  }

  /** Adds a task; on a started worker it starts at once. */
  register(task: WorkerTask): void {
    if (this.tasks.has(task.name)) throw new Error(`A worker task named ${task.name} is already registered`);
    this.tasks.set(task.name, task);
    if (this.started) this.schedule(task, 0);
  }

  get taskNames(): string[] {
    return [...this.tasks.keys()];
  }

  /** Runs every task now, then each again `everyMs` after its run ends. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const task of this.tasks.values()) this.schedule(task, 0);
  }

  /**
   * Runs one task now (or every task, in registration order) and waits for it and for the work
   * it started. A run already under way is waited for, not doubled.
   */
  async runOnce(name?: string): Promise<void> {
    const tasks = name ? [this.taskNamed(name)] : [...this.tasks.values()];
    for (const task of tasks) {
      await this.run(task);
      await task.settle?.();
    }
  }

  /** Waits for the background work of every task (deliveries in flight). */
  async settle(): Promise<void> {
    await Promise.all([...this.running.values()]);
    await Promise.all([...this.tasks.values()].map((t) => t.settle?.()));
  }

  /** Cancels the next runs and waits for the current ones (and their background work) to end. */
  async stop(): Promise<void> {
    this.started = false;
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    for (const task of this.tasks.values()) task.stop?.();
    await this.settle();
  }

  private taskNamed(name: string): WorkerTask {
    const task = this.tasks.get(name);
    if (!task) throw new Error(`No worker task named ${name} (known: ${this.taskNames.join(', ')})`);
    return task;
  }

  private schedule(task: WorkerTask, ms: number): void {
    this.timers.set(
      task.name,
      this.services.clock.schedule(() => {
        this.timers.delete(task.name);
        void this.run(task).then(() => {
          if (this.started && !this.timers.has(task.name)) this.schedule(task, task.everyMs);
        });
      }, ms),
    );
  }

  /** One run of a task; never two at once of the same task; never throws. */
  private run(task: WorkerTask): Promise<void> {
    const current = this.running.get(task.name);
    if (current) return current;
    const log = this.services.logger.child({ worker: this.id, task: task.name });
    const run = task
      .run({ services: this.services, workerId: this.id, log })
      .catch((err) => log.error({ err }, 'worker task failed; it runs again at its next turn'))
      .finally(() => this.running.delete(task.name));
    this.running.set(task.name, run);
    return run;
  }
}
