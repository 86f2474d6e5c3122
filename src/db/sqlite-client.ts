/**
 * The knex SQLite client under the ORM: statements count against the operation's time limit
 * (see operation-budget.ts), and transactions start differently.
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
import { operationBudget, operationTimeout } from './operation-budget';

/** What the client reads from its knex config besides knex's own options. */
export interface TrackerClientOptions {
  /** How long a connection waits for a lock when no write deadline applies. */
  busyTimeoutMs: number;
}

interface RawConnection {
  configure(option: 'busyTimeout', ms: number): void;
  interrupt(): void;
}

export class TrackerSqliteClient extends SqliteKnexDialect {
  declare config: TrackerClientOptions & Record<string, unknown>;

  declare transacting?: boolean;

  /** Every statement of a GraphQL operation counts against its time limit (operation-budget.ts). */
  query(connection: RawConnection, queryParam: string | { sql: string }) {
    const budget = operationBudget.getStore();
    if (!budget) return super.query(connection, queryParam);
    if (this.transacting) {
      // In a write transaction a statement is not interrupted half-way (SQLite would roll the
      // transaction back behind knex's back); the write stops at its next statement and rolls
      // back. BEGIN, COMMIT and ROLLBACK always run, so the connection never stays in a transaction.
      const sql = typeof queryParam === 'string' ? queryParam : queryParam.sql;
      if (budget.expired && !/^\s*(begin|commit|rollback|savepoint|release)\b/i.test(sql)) {
        return Promise.reject(operationTimeout(budget.limitMs));
      }
      return super.query(connection, queryParam);
    }
    return budget.track(connection, () => super.query(connection, queryParam));
  }

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
