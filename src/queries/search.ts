/**
 * Full-text search over the FTS5 indexes of the search migration
 * (src/db/migrations/Migration20261124060000_search.ts).
 *
 * What users may type: words (all must occur), "quoted phrases" (words side by side, in order)
 * and a trailing * for a prefix (`exploit*`, `"child sex*"` or `"child sex"*`). Each reaches
 * FTS5 as a double-quoted string, where FTS5 reads no operator, column filter or parenthesis, so
 * no input can change the query's shape; punctuation inside only separates words, as in the index.
 */
import { badInput } from '../domain/errors';
import type { Knex } from '@mikro-orm/knex';
import type { SortSpec } from './keyset';

export interface SearchIndex {
  table: string;
  /** bm25 weight of each indexed column, in the index's column order. */
  weights: readonly number[];
}

/** Columns code, title, text, section: a hit in a code or title counts for more than one in the text. */
export const recommendationSearch: SearchIndex = { table: 'recommendation_fts', weights: [10, 5, 1, 2] };

/** Columns code, title, description. */
export const commitmentSearch: SearchIndex = { table: 'commitment_fts', weights: [10, 5, 1] };

const FIELD = 'search';
const TOKEN = /"([^"]*)"(\*?)|([^\s"]+)/g;
/** Upper-case FTS5 keywords: whoever types them means an operator, which this syntax lacks. */
const OPERATOR = /^(AND|OR|NOT)$|^NEAR(\(|$)/;
const SEARCHABLE = /[\p{L}\p{N}]/u;

/**
 * The FTS5 query for a user's search string; undefined when the string is blank (no search).
 * Throws BAD_USER_INPUT (field "search") for an unbalanced quote, an operator, or nothing to find.
 */
export function toFtsQuery(search: string | null | undefined): string | undefined {
  if (!search?.trim()) return undefined;
  if ((search.match(/"/g) ?? []).length % 2 === 1) {
    throw badInput(FIELD, 'The search has an unbalanced double quote: close the phrase with another "');
  }
  const terms: string[] = [];
  for (const [, phrase, phraseStar, word] of search.matchAll(TOKEN)) {
    if (word !== undefined && OPERATOR.test(word)) {
      throw badInput(
        FIELD,
        `"${word}" is read as a search operator, and there are none: all words must match. To find the word itself, quote it.`,
      );
    }
    const raw = phrase !== undefined ? phrase + phraseStar : word;
    const text = raw.replace(/\*+$/, '');
    // Neither a phrase nor a word can hold a double quote (TOKEN stops at them).
    if (SEARCHABLE.test(text)) terms.push(`"${text}"${text === raw ? '' : '*'}`);
  }
  if (!terms.length) throw badInput(FIELD, 'The search has no letters or digits to look for');
  return terms.join(' ');
}

/** SQL condition that the row with `idColumn` matches; its one binding is the FTS query. */
export function matchesSql(index: SearchIndex, idColumn: string): string {
  return `${idColumn} in (select rowid from ${index.table} where ${index.table} match ?)`;
}

/**
 * Best match first: joins each matching row's bm25 score (lower is better) and returns the
 * order on it; undefined when not searching. A join scores every row in one pass of the
 * index, where a correlated sub-select would run the full-text query once per row.
 */
export function rankBySearch(
  qb: Knex.QueryBuilder,
  index: SearchIndex,
  idColumn: string,
  search: string | null | undefined,
): SortSpec | undefined {
  const query = toFtsQuery(search);
  if (!query) return undefined;
  const { table, weights } = index;
  qb.joinRaw(
    `join (select rowid as id, bm25(${table}, ${weights.join(', ')}) as score from ${table} where ${table} match ?) search_rank on search_rank.id = ${idColumn}`,
    [query],
  );
  return { expression: 'search_rank.score', direction: 'asc' };
}
