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
  prepare(sql: string, callback: (err: Error | null) => void): PreparedStatement;
}

interface PreparedStatement {
  all(bindings: unknown[], callback: (this: unknown, err: Error | null, rows: unknown[]) => void): void;
  finalize(callback: () => void): void;
}

/** Prepared statements kept per connection (most recently used last). */
export const STATEMENT_CACHE_SIZE = 100;
/** A kept statement once prepared; null when it did not prepare (the statement then runs as before, to fail as before). */
type Kept = Promise<PreparedStatement | null>;
const prepared = new WeakMap<RawConnection, Map<string, Kept>>();

/** Reads that run to completion, so a kept statement holds no read transaction between uses. */
const READ = /^\s*(select|with)\b/i;

function preparedStatement(connection: RawConnection, sql: string): Kept {
  let cache = prepared.get(connection);
  if (!cache) prepared.set(connection, (cache = new Map()));
  let kept = cache.get(sql);
  if (kept) {
    cache.delete(sql);
  } else {
    kept = new Promise((resolve) => {
      const statement = connection.prepare(sql, (err) => resolve(err ? null : statement));
    });
    const oldest = cache.size >= STATEMENT_CACHE_SIZE ? cache.keys().next().value : undefined;
    if (oldest !== undefined) forget(connection, oldest);
  }
  cache.set(sql, kept);
  return kept;
}

/** Drops a kept statement (finalized once it has no work queued). */
function forget(connection: RawConnection, sql: string): void {
  const cache = prepared.get(connection);
  const kept = cache?.get(sql);
  if (!kept) return;
  cache!.delete(sql);
  void kept.then((statement) => statement?.finalize(() => undefined));
}

/** The statements kept on a connection (tests). */
export function preparedCount(connection: object): number {
  return prepared.get(connection as RawConnection)?.size ?? 0;
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

  /**
   * Reads run on a statement prepared once per connection and SQL text (up to
   * STATEMENT_CACHE_SIZE per connection, least recently used dropped): node-sqlite3 otherwise
   * prepares and finalizes each statement anew, two more trips to the thread pool. A statement
   * that failed (an error, an interrupt) is dropped; all are finalized before the connection closes.
   */
  async _query(
    connection: RawConnection,
    obj: { sql: string; bindings?: unknown[]; method?: string; response?: unknown; context?: unknown },
  ) {
    if (!obj.sql || (this as unknown as { getCallMethod(o: object): string }).getCallMethod(obj) !== 'all' || !READ.test(obj.sql)) {
      return super._query(connection, obj);
    }
    const statement = await preparedStatement(connection, obj.sql);
    if (!statement) {
      forget(connection, obj.sql);
      return super._query(connection, obj);
    }
    return new Promise((resolve, reject) => {
      statement.all(obj.bindings ?? [], function (err, rows) {
        if (err) {
          forget(connection, obj.sql);
          return reject(err);
        }
        obj.response = rows;
        obj.context = this;
        return resolve(obj);
      });
    });
  }

  async destroyRawConnection(connection: RawConnection) {
    const cache = prepared.get(connection);
    prepared.delete(connection);
    await Promise.all(
      [...(cache?.values() ?? [])].map(async (kept) => {
        const statement = await kept;
        if (statement) await new Promise<void>((resolve) => statement.finalize(resolve));
      }),
    );
    return super.destroyRawConnection(connection);
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
