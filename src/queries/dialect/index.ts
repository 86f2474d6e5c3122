/**
 * The one place that knows which SQL dialect the database speaks. Queries are written once in
 * portable SQL and ask the dialect for the few fragments that differ (JSON arrays, string
 * aggregates, datetimes, full-text search, connection settings), never `if (postgres)`.
 */
import type { Knex } from '@mikro-orm/knex';
import { sqlite } from './sqlite';
import { postgres } from './postgres';

export type DialectName = 'sqlite' | 'postgresql';

/** One word or phrase of a parsed search (./../search.ts), already checked to hold letters or digits. */
export interface SearchTerm {
  text: string;
  /** Typed as a phrase (quoted): its words side by side, in order, not stemmed. */
  phrase: boolean;
  /** A trailing `*`: the last word is a prefix. */
  prefix: boolean;
}

/** A full-text index over a table's text columns. */
export interface SearchIndex {
  table: string;
  /** The indexed columns, in order, each with its weight in the ranking (a code hit counts for more than one in the text). */
  columns: readonly { name: string; weight: number }[];
}

/** A page of children for each of several parents (src/queries/children.ts). */
export interface PerParentPage {
  /** How many parent ids are bound, first. */
  parents: number;
  /** The child table: its rows are returned whole. */
  table: string;
  /** The alias of the child table's row in `from`, or null when `from` has none (it is then read by `id`). */
  child: string | null;
  /** The children with their parent (a from-clause), `parent` the parent's id in it, `id` the child's. */
  from: string;
  parent: string;
  id: string;
  /** Which children (its bindings follow the parents'; the page size is the last binding). */
  where: string;
  /** The page's order, ending with the child's id (`sort dir, id dir`). */
  order: string;
  /** Select-list items over `from`, among them `w_id` (the child's id) and `w_sort` (its sort key). */
  columns: string;
  direction: 'asc' | 'desc';
}

export interface Fragment {
  sql: string;
  bindings: unknown[];
}

export interface Dialect {
  readonly name: DialectName;
  /** Statements run on each new connection (PRAGMAs, SET). */
  sessionSetup(options: { statementTimeoutMs?: number }): string[];
  /**
   * Statements that free the current transaction from the sessions' statement time limit:
   * maintenance (migrations, planner statistics) is no operation, and may take longer.
   */
  maintenanceTransaction: string[];
  /** A from-item: the elements of the JSON array `column` as rows of text column `<alias>.value`. */
  jsonArrayElements(column: string, alias: string): string;
  /** A join clause adding one row per element of the JSON array `column` (`<alias>.value`), or one null row for an empty array. */
  leftJoinJsonArray(column: string, alias: string): string;
  /** The comma-joined values of `expr` over a group (null when none). */
  stringAgg(expr: string, distinct?: boolean): string;
  /** A JSON array (text or parsed) of the `column` values a sub-query yields, ordered by `orderBy` (default: the values); `[]` when none. */
  jsonArrayOf(subquery: string, column: string, orderBy?: string): string;
  /** A JSON object (text or parsed) mapping the `key` column of a sub-query's rows to its `value` column; `{}` when none. */
  jsonObjectOf(subquery: string, key: string, value: string): string;
  /** The UTC calendar day (YYYY-MM-DD text) of a datetime column. */
  dayOf(datetime: string): string;
  /** The UTC month of a datetime column as an integer, year × 12 + month − 1 (consecutive months differ by 1). */
  monthIndex(datetime: string): string;
  /** The day (text) `months` later; a day the target month lacks becomes its last day. */
  addMonths(day: string, months: string): string;
  /** A datetime column's value as a raw query returns it (epoch milliseconds, or text), as a Date. */
  readDatetime(value: unknown): Date;
  /** A Date as a bound datetime parameter, comparable with datetime columns. */
  datetime(value: Date): Fragment;
  /** A check of the database's own structure, yielding rows of one text column, `ok` when sound; null when the server checks itself. */
  integrityCheck: string | null;
  /** A query yielding the `name` of every table the migrations made (not the database's own, nor the search index's). */
  tables: string;
  /** A query that yields a row when the database holds planner statistics (./statistics.ts). */
  statisticsPresent: string;
  /** Statements, run on one connection, that refresh the planner statistics: of every table (`full`), or of those that changed much. */
  refreshStatistics(full: boolean): string[];
  /** Appended to a select that reads rows the transaction will change: locks them until it ends (where writers run concurrently). */
  lockForUpdate: string;
  /** A statement that sets `table`'s id counter past the ids inserted explicitly, or null when the database does it itself. */
  restartIds(table: string): string | null;
  /**
   * One statement: for each parent, its first children in `order`, read through an index on
   * (parent, order) that stops after the page, never every child. Rows: the child's columns,
   * `w_parent` and the `columns`, by parent then in the page's order.
   */
  pagePerParent(page: PerParentPage): string;
  /** Rows of a `knex.raw` result (drivers shape it differently). */
  rows<T>(result: unknown): T[];
  /** Condition: the row with `idColumn` matches every term. */
  searchMatches(index: SearchIndex, idColumn: string, terms: readonly SearchTerm[]): Fragment;
  /** A join adding `search_rank.score` (lower is a better match) for the matching rows. */
  searchRankJoin(index: SearchIndex, idColumn: string, terms: readonly SearchTerm[]): Fragment;
}

const dialects: Record<DialectName, Dialect> = { sqlite, postgresql: postgres };

export function dialectNamed(name: DialectName): Dialect {
  return dialects[name];
}

/** The dialect of a knex instance, a query builder, or an EntityManager (through its knex). */
export function dialectOf(source: Knex | Knex.QueryBuilder | { getKnex(): Knex }): Dialect {
  const knex = 'getKnex' in source ? source.getKnex() : source;
  const client = (knex as unknown as { client: { dialect: string } }).client.dialect;
  return client === 'postgresql' ? postgres : sqlite;
}
