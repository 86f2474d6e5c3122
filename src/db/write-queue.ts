/**
 * Write transactions of one process run one at a time, in arrival order, on the one writer
 * connection. A write waits at most the busy timeout in all (its turn in this queue, then the
 * write lock, which another process may hold): past it, it fails with DatabaseBusy and leaves
 * the queue, so a long lock elsewhere never piles up waiting requests without bound.
 */
import { LockWaitTimeoutException } from '@mikro-orm/core';
import { lockDeadline } from './lock-deadline';

export class DatabaseBusy extends Error {
  constructor(readonly waitedMs: number) {
    super(`The database stayed locked by another writer for ${Math.round(waitedMs)} ms`);
  }
}

/** PostgreSQL's lock_not_available: lock_timeout (the busy timeout there) ran out. */
const PG_LOCK_NOT_AVAILABLE = '55P03';

/** The database's refusal after the busy timeout, whichever layer (driver, knex, ORM) passes it on. */
export function isDatabaseBusy(err: unknown): boolean {
  if (err instanceof DatabaseBusy || err instanceof LockWaitTimeoutException) return true;
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e?.code === PG_LOCK_NOT_AVAILABLE) return true;
  return e?.code === 'SQLITE_BUSY' || (typeof e?.message === 'string' && e.message.includes('SQLITE_BUSY'));
}

/** Failures of the storage itself (a full disk, an I/O error, a damaged or read-only file), not of the write's content. */
const STORAGE_FAILURE = /SQLITE_(FULL|IOERR|CORRUPT|NOTADB|READONLY|CANTOPEN)|ENOSPC|EIO\b|disk full|could not extend file|No space left/i;
/** PostgreSQL's classes 53 (insufficient resources: disk full, out of memory) and 58 (system error: I/O), and data_corrupted. */
const PG_STORAGE_FAILURE = /^(53|58)...$|^XX001$/;

export function isStorageFailure(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && PG_STORAGE_FAILURE.test(e.code)) return true;
  return STORAGE_FAILURE.test(`${String(e?.code ?? '')} ${String(e?.message ?? '')}`);
}

/** The first line of a storage failure, as /healthz reports it. */
function storageFailureOf(err: unknown): string {
  return String((err as Error).message ?? err)
    .split('\n')[0]
    .slice(0, 200);
}

/**
 * Runs one write, keeping its storage failure until a write succeeds again (/healthz reads it),
 * and turning a lock wait past the busy timeout into DatabaseBusy.
 */
async function recordingOutcome<T>(writes: { storageFailure: string | null }, job: () => Promise<T>, busy: () => DatabaseBusy): Promise<T> {
  try {
    const result = await job();
    writes.storageFailure = null;
    return result;
  } catch (err) {
    if (isStorageFailure(err)) writes.storageFailure = storageFailureOf(err);
    throw isDatabaseBusy(err) ? busy() : err;
  }
}

export class WriteQueue {
  private tail: Promise<void> = Promise.resolve();
  /** Writes queued or running (tests use it to know a write is waiting for the lock). */
  pending = 0;
  /** The last write's storage failure, until a write succeeds again (/healthz reports it). */
  storageFailure: string | null = null;

  constructor(readonly busyTimeoutMs: number) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    const start = performance.now();
    const deadline = start + this.busyTimeoutMs;
    const previous = this.tail;
    let done!: () => void;
    this.tail = new Promise<void>((resolve) => (done = resolve));
    this.pending++;
    try {
      await previous;
      if (performance.now() >= deadline) throw new DatabaseBusy(performance.now() - start);
      return await lockDeadline.run(deadline, () => recordingOutcome(this, job, () => new DatabaseBusy(performance.now() - start)));
    } finally {
      this.pending--;
      done();
    }
  }
}

/**
 * PostgreSQL: no queue. Each write is an ordinary transaction on a pooled connection; row locks
 * order writers that touch the same rows, and `lock_timeout` (the busy timeout) bounds the wait.
 */
export class PoolWrites {
  pending = 0;
  storageFailure: string | null = null;

  async run<T>(job: () => Promise<T>): Promise<T> {
    this.pending++;
    try {
      return await recordingOutcome(this, job, () => new DatabaseBusy(0));
    } finally {
      this.pending--;
    }
  }
}

type Writes = Pick<WriteQueue, 'run' | 'pending' | 'storageFailure'>;
const queues = new WeakMap<object, Writes>();

export function setWriteQueue(orm: object, queue: Writes): void {
  queues.set(orm, queue);
}

/** The write queue of a database opened by openDatabase(). */
export function writeQueueOf(orm: object): Writes {
  const queue = queues.get(orm);
  if (!queue) throw new Error('This ORM was not opened by openDatabase()');
  return queue;
}
