/**
 * PostgreSQL: JSON columns are jsonb, datetimes timestamptz, full-text search through the
 * generated tsvector columns (GIN-indexed) of the initial PostgreSQL migration: `search_vector`
 * (stemmed, `english`) for words, `search_words` (as typed) for quoted phrases.
 */
import type { Dialect, SearchIndex, SearchTerm } from './index';

const WORD = /[\p{L}\p{N}]+/gu;

/** Stemmed words (search_vector) and words as typed, for quoted phrases (search_words). */
const STEMMED = { column: 'search_vector', config: 'tracker_english' };
const AS_TYPED = { column: 'search_words', config: 'tracker_simple' };

/**
 * One term as tsquery text. Only runs of letters and digits reach it, each single-quoted (they
 * hold no quote), so no input can add an operator; the words of a phrase follow each other (<->).
 */
function tsTerm(term: SearchTerm): string {
  const words = term.text.match(WORD) ?? [];
  const last = words.length - 1;
  return `(${words.map((w, i) => `'${w}'${term.prefix && i === last ? ':*' : ''}`).join(' <-> ')})`;
}

/**
 * The terms by vector: words, stemmed, in one tsquery (the configuration drops stop words
 * from a conjunction; alone, a stop word would match nothing), and phrases as typed in another.
 */
function queries(terms: readonly SearchTerm[]): { column: string; config: string; query: string }[] {
  return [STEMMED, AS_TYPED]
    .map((v) => ({ ...v, list: terms.filter((t) => (t.phrase ? AS_TYPED : STEMMED) === v) }))
    .filter((g) => g.list.length)
    .map(({ column, config, list }) => ({ column, config, query: list.map(tsTerm).join(' & ') }));
}

/** Condition: every term matches its vector. */
function termConditions(terms: readonly SearchTerm[]): { sql: string; bindings: string[] } {
  const qs = queries(terms);
  return { sql: qs.map((q) => `${q.column} @@ to_tsquery('${q.config}', ?)`).join(' and '), bindings: qs.map((q) => q.query) };
}

/** Weights as ts_rank wants them: {D, C, B, A}. Columns are labelled A, B, C, D in index order. */
function rankWeights(index: SearchIndex): string {
  const labelled = index.columns.map((c) => c.weight);
  const max = Math.max(...labelled);
  const weights = [0, 1, 2, 3].map((i) => (labelled[i] ?? 0) / max);
  return `'{${weights.reverse().join(', ')}}'`;
}

/** The rank of a row: the ts_rank of its words and of its phrases, summed (higher is better). */
function rankOf(index: SearchIndex, terms: readonly SearchTerm[]): { sql: string; bindings: string[] } {
  const qs = queries(terms);
  return {
    sql: qs.map((q) => `ts_rank(${rankWeights(index)}, ${q.column}, to_tsquery('${q.config}', ?))`).join(' + '),
    bindings: qs.map((q) => q.query),
  };
}

export const postgres: Dialect = {
  name: 'postgresql',

  sessionSetup: ({ statementTimeoutMs }) => [
    "set time zone 'UTC'",
    ...(statementTimeoutMs ? [`set statement_timeout = ${Math.floor(statementTimeoutMs)}`] : []),
  ],

  maintenanceTransaction: ['set local statement_timeout = 0'],

  jsonArrayElements: (column, alias) => `jsonb_array_elements_text(${column}) as ${alias}(value)`,
  leftJoinJsonArray: (column, alias) => `left join lateral jsonb_array_elements_text(${column}) as ${alias}(value) on true`,
  stringAgg: (expr, distinct = false) => `string_agg(${distinct ? 'distinct ' : ''}${expr}, ',')`,
  jsonArrayOf: (subquery, column, orderBy = column) =>
    `(select coalesce(json_agg(${column} order by ${orderBy}), '[]'::json) from (${subquery}) as list)`,
  jsonObjectOf: (subquery, key, value) => `(select coalesce(json_object_agg(${key}, ${value}), '{}'::json) from (${subquery}) as pairs)`,

  dayOf: (datetime) => `to_char(${datetime} at time zone 'UTC', 'YYYY-MM-DD')`,
  monthIndex: (datetime) =>
    `(cast(extract(year from ${datetime} at time zone 'UTC') as integer) * 12 + cast(extract(month from ${datetime} at time zone 'UTC') as integer) - 1)`,
  // Adding an interval already caps the day at the last of the target month.
  addMonths: (day, months) => `to_char(cast(${day} as date) + make_interval(months => ${months}), 'YYYY-MM-DD')`,
  // The driver leaves timestamptz as text ("2026-11-24 12:00:00.5+00", sessions are in UTC): made ISO 8601.
  readDatetime: (value) =>
    value instanceof Date
      ? value
      : new Date(
          String(value)
            .replace(' ', 'T')
            .replace(/([+-]\d\d)$/, '$1:00'),
        ),
  datetime: (value) => ({ sql: 'cast(? as timestamptz)', bindings: [value.toISOString()] }),
  rows: <T>(result: unknown) => (result as { rows: T[] }).rows,
  lockForUpdate: ' for update',

  pagePerParent: (p) => `with w_parents(parent) as (values ${Array.from({ length: p.parents }, () => '(cast(? as integer))').join(', ')})
    select w_child.*, w_parents.parent as w_parent, w.*
    from w_parents cross join lateral
      (select ${p.columns} from ${p.from} where ${p.parent} = w_parents.parent and ${p.where} order by ${p.order} limit ?) w
    join ${p.table} w_child on w_child.id = w.w_id
    order by w_parent, w_sort ${p.direction}, w_id ${p.direction}`,
  restartIds: (table) =>
    `select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from "${table}"), 0) + 1, false)`,

  // PostgreSQL checks its pages itself (checksums); a damaged page fails the read check.
  integrityCheck: null,
  tables: `select tablename as name from pg_tables where schemaname = current_schema() order by tablename`,
  statisticsPresent: 'select 1 from pg_stat_user_tables where last_analyze is not null or last_autoanalyze is not null limit 1',
  // autovacuum keeps the statistics current between full analyses.
  refreshStatistics: (full) => (full ? ['analyze'] : []),

  searchMatches: (index: SearchIndex, idColumn, terms) => {
    const where = termConditions(terms);
    return { sql: `${idColumn} in (select id from ${index.table} where ${where.sql})`, bindings: where.bindings };
  },
  searchRankJoin: (index: SearchIndex, idColumn, terms) => {
    const where = termConditions(terms);
    const rank = rankOf(index, terms);
    // ts_rank is higher for better matches: negated, so that lower is better as in SQLite.
    return {
      sql: `join (select id, -(${rank.sql}) as score from ${index.table} where ${where.sql}) search_rank on search_rank.id = ${idColumn}`,
      bindings: [...rank.bindings, ...where.bindings],
    };
  },
};
