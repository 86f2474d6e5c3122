/**
 * Full-text search: the user's search string parsed once, here, into terms; the dialect
 * (./dialect) turns them into its index's query (FTS5 on SQLite, tsquery on PostgreSQL).
 *
 * What users may type: words (all must occur), "quoted phrases" (words side by side, in order)
 * and a trailing * for a prefix (`exploit*`, `"child sex*"` or `"child sex"*`). Each term reaches
 * the index as a quoted string, where no operator, column filter or parenthesis is read, so
 * no input can change the query's shape; punctuation inside only separates words, as in the index.
 */
import { badInput } from '../domain/errors';
import type { Knex } from '@mikro-orm/knex';
import type { SortSpec } from './keyset';
import { dialectOf, type SearchIndex, type SearchTerm } from './dialect';
import { ftsQuery } from './dialect/sqlite';

/** Columns code, title, text, section: a hit in a code or title counts for more than one in the text. */
export const recommendationSearch: SearchIndex = {
  table: 'recommendation',
  columns: [
    { name: 'code', weight: 10 },
    { name: 'title', weight: 5 },
    { name: 'text', weight: 1 },
    { name: 'section', weight: 2 },
  ],
};

/** Columns code, title, description. */
export const commitmentSearch: SearchIndex = {
  table: 'commitment',
  columns: [
    { name: 'code', weight: 10 },
    { name: 'title', weight: 5 },
    { name: 'description', weight: 1 },
  ],
};

const FIELD = 'search';
const TOKEN = /"([^"]*)"(\*?)|([^\s"]+)/g;
/** Upper-case FTS5 keywords: whoever types them means an operator, which this syntax lacks. */
const OPERATOR = /^(AND|OR|NOT)$|^NEAR(\(|$)/;
const SEARCHABLE = /[\p{L}\p{N}]/u;

/**
 * The terms of a user's search string; undefined when there is none (no search).
 * Throws BAD_USER_INPUT (field "search") for a blank search, an unbalanced quote, an operator, or nothing to find.
 */
export function parseSearch(search: string | null | undefined): SearchTerm[] | undefined {
  if (search === undefined || search === null) return undefined;
  if (!search.trim()) throw badInput(FIELD, 'The search is empty: leave search out to list everything');
  if ((search.match(/"/g) ?? []).length % 2 === 1) {
    throw badInput(FIELD, 'The search has an unbalanced double quote: close the phrase with another "');
  }
  const terms: SearchTerm[] = [];
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
    if (SEARCHABLE.test(text)) terms.push({ text, phrase: phrase !== undefined, prefix: text !== raw });
  }
  if (!terms.length) throw badInput(FIELD, 'The search has no letters or digits to look for');
  return terms;
}

/** The FTS5 query for a user's search string (SQLite's form of parseSearch). */
export function toFtsQuery(search: string | null | undefined): string | undefined {
  const terms = parseSearch(search);
  return terms && ftsQuery(terms);
}

/** Restricts `qb` to the rows with `idColumn` that match the search (nothing when blank). */
export function whereMatches(qb: Knex.QueryBuilder, index: SearchIndex, idColumn: string, search: string | null | undefined): void {
  const terms = parseSearch(search);
  if (!terms) return;
  const { sql, bindings } = dialectOf(qb).searchMatches(index, idColumn, terms);
  qb.whereRaw(sql, bindings as Knex.RawBinding[]);
}

/**
 * Best match first: joins each matching row's score (lower is better) and returns the
 * order on it; undefined when not searching. A join scores every row in one pass of the
 * index, where a correlated sub-select would run the full-text query once per row.
 */
export function rankBySearch(
  qb: Knex.QueryBuilder,
  index: SearchIndex,
  idColumn: string,
  search: string | null | undefined,
): SortSpec | undefined {
  const terms = parseSearch(search);
  if (!terms) return undefined;
  const { sql, bindings } = dialectOf(qb).searchRankJoin(index, idColumn, terms);
  qb.joinRaw(sql, bindings as string[]);
  return { expression: 'search_rank.score', direction: 'asc' };
}
