/**
 * The knex SQLite client under the ORM, with one change to how transactions start.
 *
 * knex opens a SQLite transaction with a deferred `BEGIN`: the transaction reads first and asks
 * for the write lock at its first write. When another connection (an import, a second instance)
 * has written meanwhile, SQLite refuses that upgrade at once with SQLITE_BUSY, without waiting
 * for the busy timeout. Every transaction here is a write transaction on the one writer
 * connection, so each opens with `BEGIN IMMEDIATE`: it takes the write lock up front and waits
 * for it (up to the write's deadline, see write-queue.ts) instead of failing half-way.
 */
import { SqliteKnexDialect } from '@mikro-orm/knex';
import { lockDeadline } from './lock-deadline';

/** What the client reads from its knex config besides knex's own options. */
export interface TrackerClientOptions {
  /** How long a connection waits for a lock when no write deadline applies. */
  busyTimeoutMs: number;
}

interface RawConnection {
  configure(option: 'busyTimeout', ms: number): void;
}

export class TrackerSqliteClient extends SqliteKnexDialect {
  declare config: TrackerClientOptions & Record<string, unknown>;

  transaction(...args: unknown[]) {
    const trx = super.transaction(...args);
    // The pool hands the connection over asynchronously, so this is set before begin() runs.
    trx.begin = async (conn: RawConnection) => {
      const deadline = lockDeadline.getStore();
      conn.configure('busyTimeout', deadline ? Math.max(1, Math.ceil(deadline - performance.now())) : this.config.busyTimeoutMs);
      // Not trx.query(), which swallows a failed BEGIN and lets the caller's first query fail
      // with "Transaction query already complete": rejecting here fails the transaction's start
      // with SQLite's own error (SQLITE_BUSY when the lock stayed taken).
      try {
        await trx.trxClient.query(conn, 'BEGIN IMMEDIATE;');
      } catch (err) {
        trx._completed = true;
        throw err;
      }
    };
    return trx;
  }
}
