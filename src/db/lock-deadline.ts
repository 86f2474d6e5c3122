import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The moment (performance.now()) by which the write running in this async context must hold
 * the write lock. The write queue sets it; the SQLite client turns what is left of it into the
 * connection's busy timeout when the transaction begins.
 */
export const lockDeadline = new AsyncLocalStorage<number>();
