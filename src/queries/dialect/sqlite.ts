/**
 * SQLite: JSON through json_each, datetimes stored as epoch milliseconds (MikroORM's SQLite
 * mapping), full-text search through the FTS5 tables of the search migrations (words stemmed,
 * phrases as typed).
 */
import type { Dialect, SearchIndex, SearchTerm } from './index';

/** Each term as an FTS5 string: inside double quotes FTS5 reads no operator, column filter or parenthesis. */
export function ftsQuery(terms: readonly SearchTerm[]): string {
  return terms.map((t) => `"${t.text}"${t.prefix ? '*' : ''}`).join(' ');
}

/**
 * The FTS5 indexes a search looks in: its words in the stemmed one (`porter`: `ombudsperson`
 * finds "ombudspersons"), its quoted phrases in the one as typed (never stemmed).
 */
function lookups(index: SearchIndex, terms: readonly SearchTerm[]): { table: string; query: string }[] {
  return [
    { table: `${index.table}_fts_stemmed`, terms: terms.filter((t) => !t.phrase) },
    { table: `${index.table}_fts`, terms: terms.filter((t) => t.phrase) },
  ]
    .filter((l) => l.terms.length)
    .map((l) => ({ table: l.table, query: ftsQuery(l.terms) }));
}

export const sqlite: Dialect = {
  name: 'sqlite',

  // WAL so readers and a writer (and several instances) share the file; foreign keys enforced.
  sessionSetup: () => [
    'PRAGMA journal_mode = WAL',
    'PRAGMA foreign_keys = ON',
    'PRAGMA busy_timeout = 5000',
    'PRAGMA synchronous = NORMAL',
  ],

  // The time limit is the operation's budget (src/db/operation-budget.ts), which maintenance runs without.
  maintenanceTransaction: [],

  jsonArrayElements: (column, alias) => `json_each(${column}) ${alias}`,
  leftJoinJsonArray: (column, alias) => `left join json_each(${column}) ${alias}`,
  stringAgg: (expr, distinct = false) => `group_concat(${distinct ? 'distinct ' : ''}${expr})`,
  jsonArrayOf: (subquery, column, orderBy = column) => `(select json_group_array(${column}) from (${subquery} order by ${orderBy}))`,
  jsonObjectOf: (subquery, key, value) => `(select json_group_object(${key}, ${value}) from (${subquery}))`,

  dayOf: (datetime) => `date(${datetime} / 1000, 'unixepoch')`,
  monthIndex: (datetime) =>
    `(cast(strftime('%Y', ${datetime} / 1000, 'unixepoch') as integer) * 12 + cast(strftime('%m', ${datetime} / 1000, 'unixepoch') as integer) - 1)`,
  // min(): SQLite rolls 31 January + 1 month over into March; the last day of the target month caps it.
  addMonths: (day, months) =>
    `min(date(${day}, '+' || ${months} || ' months'), date(${day}, 'start of month', '+' || (${months} + 1) || ' months', '-1 day'))`,
  readDatetime: (value) => new Date(Number(value)),
  datetime: (value) => ({ sql: '?', bindings: [value.getTime()] }),
  rows: <T>(result: unknown) => result as T[],
  // One writer at a time: nothing to lock. An integer primary key takes the largest id + 1.
  lockForUpdate: '',

  // No LATERAL: the children are those whose id is IN a correlated sub-query, which SQLite runs
  // once per parent (a LIMITed walk of the index); each is then looked up by (parent, id). A child
  // read from its table by id is joined on `+id`, which SQLite does not propagate: else it
  // copies the IN to that table and runs the sub-query twice per parent.
  pagePerParent: (p) => `with w_parents(parent) as (values ${Array.from({ length: p.parents }, () => '(?)').join(', ')})
    select ${p.child ?? 'w_child'}.*, w_parents.parent as w_parent, ${p.columns}
    from w_parents, ${p.from}${p.child ? '' : ` join ${p.table} w_child on w_child.id = +${p.id}`}
    where ${p.parent} = w_parents.parent
      and ${p.id} in (select ${p.id} from ${p.from} where ${p.parent} = w_parents.parent and ${p.where} order by ${p.order} limit ?)
    order by w_parent, w_sort ${p.direction}, w_id ${p.direction}`,
  restartIds: () => null,

  // quick_check: the structure of every page, without the slower index-content check of integrity_check.
  integrityCheck: 'PRAGMA quick_check',
  tables: `select name from sqlite_schema where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%' order by name`,
  statisticsPresent: `select 1 from sqlite_schema where name = 'sqlite_stat1'`,
  // analysis_limit bounds the rows ANALYZE reads per index: quick on a large file, close enough for the planner.
  refreshStatistics: (full) => ['pragma analysis_limit = 1000', full ? 'analyze' : 'pragma optimize'],

  searchMatches: (index: SearchIndex, idColumn, terms) => {
    const parts = lookups(index, terms);
    return {
      sql: parts.map((p) => `${idColumn} in (select rowid from ${p.table} where ${p.table} match ?)`).join(' and '),
      bindings: parts.map((p) => p.query),
    };
  },
  searchRankJoin: (index: SearchIndex, idColumn, terms) => {
    const weights = index.columns.map((c) => c.weight).join(', ');
    // bm25 is lower for better matches; a row's score sums its words' and its phrases'. Each
    // bm25 stays in a sub-query of its own table (`limit -1` keeps SQLite from flattening it
    // into the join, where bm25 cannot run).
    const [first, ...rest] = lookups(index, terms).map(
      (p, i) => `(select rowid as id, bm25(${p.table}, ${weights}) as score from ${p.table} where ${p.table} match ? limit -1) as s${i}`,
    );
    const joined = rest.map((r, i) => ` join ${r} on s${i + 1}.id = s0.id`).join('');
    const score = [first, ...rest].map((_, i) => `s${i}.score`).join(' + ');
    return {
      sql: `join (select s0.id as id, ${score} as score from ${first}${joined}) search_rank on search_rank.id = ${idColumn}`,
      bindings: lookups(index, terms).map((p) => p.query),
    };
  },
};
