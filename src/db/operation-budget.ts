/**
 * The operation time limit (OPERATION_TIMEOUT_MS). Each GraphQL operation runs inside a budget;
 * the SQLite client registers every statement it runs for the operation. When the time is up,
 * the statements still running are interrupted (sqlite3's `Database#interrupt()`), and every
 * later statement of the operation fails at once, so the operation ends with TIMEOUT (a write
 * rolls back: nothing is written) instead of holding a connection.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DomainError } from '../domain/errors';

interface Interruptible {
  interrupt(): void;
}

export const operationTimeout = (limitMs: number) =>
  new DomainError('TIMEOUT', `The operation took longer than the ${limitMs} ms allowed (OPERATION_TIMEOUT_MS) and was stopped`, {
    limitMs,
  });

export class OperationBudget {
  /** Budgets that ran out, since start (tests wait on it; a metric could read it). */
  static expiredCount = 0;

  expired = false;
  private readonly running = new Set<Interruptible>();
  private readonly timer?: NodeJS.Timeout;
  private repeat?: NodeJS.Timeout;

  constructor(readonly limitMs: number) {
    if (limitMs > 0) {
      this.timer = setTimeout(() => this.expire(), limitMs);
      this.timer.unref();
    }
  }

  expire(): void {
    if (this.expired) return;
    this.expired = true;
    OperationBudget.expiredCount++;
    this.interruptRunning();
    // An interrupt reaching a statement that the driver has queued but SQLite has not started
    // is lost: repeat it until no statement of the operation runs.
    this.repeat = setInterval(() => this.interruptRunning(), 50);
    this.repeat.unref();
  }

  private interruptRunning(): void {
    if (this.running.size === 0) clearInterval(this.repeat);
    for (const connection of this.running) connection.interrupt();
  }

  /** Stops the clock once the operation has answered. */
  finish(): void {
    clearTimeout(this.timer);
    clearInterval(this.repeat);
  }

  /** Runs one statement of this operation on `connection`, interruptible while it runs. */
  async track<T>(connection: Interruptible, statement: () => Promise<T>): Promise<T> {
    if (this.expired) throw operationTimeout(this.limitMs);
    this.running.add(connection);
    try {
      return await statement();
    } catch (err) {
      throw this.expired ? operationTimeout(this.limitMs) : err;
    } finally {
      this.running.delete(connection);
    }
  }
}

export const operationBudget = new AsyncLocalStorage<OperationBudget>();

/** Runs `fn` (and all it starts) under a fresh budget of `limitMs` (0: no limit). */
export async function withOperationBudget<T>(limitMs: number, fn: (budget: OperationBudget) => Promise<T>): Promise<T> {
  const budget = new OperationBudget(limitMs);
  try {
    // Awaited inside run(): a lazy thenable (a knex query) starts in the budget's context.
    return await operationBudget.run(budget, async () => await fn(budget));
  } finally {
    budget.finish();
  }
}
