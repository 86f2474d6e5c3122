/**
 * The knex PostgreSQL client under the ORM. Each session's `statement_timeout` is the operation
 * time limit (a single statement never runs past it); across the statements of one operation
 * the budget (operation-budget.ts) stops the next statement once the time is up, as on SQLite.
 * A statement PostgreSQL cancelled for its timeout is the operation's TIMEOUT.
 */
import { PostgreSqlKnexDialect } from '@mikro-orm/knex';
import { operationBudget, operationTimeout } from './operation-budget';

const QUERY_CANCELED = '57014';
const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release)\b/i;

export class TrackerPostgresClient extends PostgreSqlKnexDialect {
  query(connection: unknown, queryParam: string | { sql: string }) {
    const budget = operationBudget.getStore();
    if (!budget) return super.query(connection, queryParam);
    const sql = typeof queryParam === 'string' ? queryParam : queryParam.sql;
    if (budget.expired && !TRANSACTION_CONTROL.test(sql)) return Promise.reject(operationTimeout(budget.limitMs));
    return (super.query(connection, queryParam) as Promise<unknown>).catch((err: { code?: string }) => {
      throw err?.code === QUERY_CANCELED ? operationTimeout(budget.limitMs) : err;
    });
  }
}
