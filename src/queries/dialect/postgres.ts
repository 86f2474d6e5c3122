/**
 * PostgreSQL: JSON columns are jsonb, datetimes timestamptz, full-text search through the
 * generated `search_vector` tsvector columns (GIN-indexed) of the PostgreSQL search migration.
 */
import type { Dialect, SearchIndex, SearchTerm } from './index';

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The tsquery text for the terms. Only runs of letters and digits reach it, each single-quoted
 * (they hold no quote), so no input can add an operator; the `english` configuration stems them.
 */
function tsQuery(terms: readonly SearchTerm[]): string {
  return terms
    .map((t) => {
      const words = t.text.match(WORD) ?? [];
      const last = words.length - 1;
      return `(${words.map((w, i) => `'${w}'${t.prefix && i === last ? ':*' : ''}`).join(' <-> ')})`;
    })
    .join(' & ');
}

/** Weights as ts_rank wants them: {D, C, B, A}. Columns are labelled A, B, C, D in index order. */
function rankWeights(index: SearchIndex): string {
  const labelled = index.columns.map((c) => c.weight);
  const max = Math.max(...labelled);
  const weights = [0, 1, 2, 3].map((i) => (labelled[i] ?? 0) / max);
  return `'{${weights.reverse().join(', ')}}'`;
}

export const postgres: Dialect = {
  name: 'postgresql',

  sessionSetup: ({ statementTimeoutMs }) => [
    "set time zone 'UTC'",
    ...(statementTimeoutMs ? [`set statement_timeout = ${Math.floor(statementTimeoutMs)}`] : []),
  ],

  jsonArrayElements: (column, alias) => `jsonb_array_elements_text(${column}) as ${alias}(value)`,
  leftJoinJsonArray: (column, alias) => `left join lateral jsonb_array_elements_text(${column}) as ${alias}(value) on true`,
  stringAgg: (expr, distinct = false) => `string_agg(${distinct ? 'distinct ' : ''}${expr}, ',')`,
  jsonArrayOf: (subquery, column) => `(select coalesce(json_agg(${column} order by ${column}), '[]'::json) from (${subquery}) as list)`,

  dayOf: (datetime) => `to_char(${datetime} at time zone 'UTC', 'YYYY-MM-DD')`,
  // Adding an interval already caps the day at the last of the target month.
  addMonths: (day, months) => `to_char(cast(${day} as date) + make_interval(months => ${months}), 'YYYY-MM-DD')`,
  datetime: (value) => ({ sql: 'cast(? as timestamptz)', bindings: [value.toISOString()] }),
  rows: <T>(result: unknown) => (result as { rows: T[] }).rows,

  // PostgreSQL checks its pages itself (checksums); a damaged page fails the read check.
  integrityCheck: null,
  statisticsPresent: 'select 1 from pg_stat_user_tables where last_analyze is not null or last_autoanalyze is not null limit 1',
  // autovacuum keeps the statistics current between full analyses.
  refreshStatistics: (full) => (full ? ['analyze'] : []),

  searchMatches: (index: SearchIndex, idColumn, terms) => ({
    sql: `${idColumn} in (select id from ${index.table} where search_vector @@ to_tsquery('english', ?))`,
    bindings: [tsQuery(terms)],
  }),
  searchRankJoin: (index: SearchIndex, idColumn, terms) => ({
    // ts_rank is higher for better matches: negated, so that lower is better as in SQLite.
    sql: `join (select id, -ts_rank(${rankWeights(index)}, search_vector, to_tsquery('english', ?)) as score from ${index.table}
      where search_vector @@ to_tsquery('english', ?)) search_rank on search_rank.id = ${idColumn}`,
    bindings: [tsQuery(terms), tsQuery(terms)],
  }),
};
