/**
 * The one check of list filters, wherever a filter comes from: GraphQL list queries and
 * aggregates, subscription filters, watches (when saved) and export query parameters. Each
 * failure is BAD_USER_INPUT naming the filter field:
 * - a list holds at most MAX_LIST values;
 * - text holds no control character or lone surrogate (./text.ts);
 * - `countryCodes` are ISO 3166-1 alpha-2 (plus XK);
 * - codes (`sourceCodes`, `recommendationCodes`, and any `<kind>Codes` listed in CODE_FIELDS)
 *   must name existing records, archived ones included;
 * - `search`, when given, must have something to look for (blank is not "no search").
 * The database is asked through `KnownCodes` (its SQL lives in src/queries/codes.ts).
 */
import { badInput } from './errors';
import { textProblem } from './text';
import { isCountryCode } from './validation';

/** The most values any list argument takes (filters, exports, watches, mutation lists). */
export const MAX_LIST = 1_000;

/** The record kinds a filter names by code. */
export type CodeKind = 'source' | 'recommendation' | 'actor' | 'commitment';

/** Filter fields holding codes, and the kind of record each names. */
export const CODE_FIELDS: Readonly<Record<string, CodeKind>> = {
  sourceCodes: 'source',
  recommendationCodes: 'recommendation',
  actorCodes: 'actor',
  commitmentCodes: 'commitment',
};

/** The codes of `kind` among `codes` that name no record (archived records count as known). */
export type KnownCodes = (kind: CodeKind, codes: readonly string[]) => Promise<string[]>;

const quoteList = (values: readonly string[]) =>
  values
    .slice(0, 5)
    .map((v) => JSON.stringify(v))
    .join(', ') + (values.length > 5 ? ` and ${values.length - 5} more` : '');

/** Synchronous part: list sizes, text, country codes, blank search. */
export function checkFilterShape(filter: object | null | undefined): void {
  if (!filter) return;
  for (const [field, value] of Object.entries(filter)) {
    const values = Array.isArray(value) ? value : [value];
    if (Array.isArray(value) && value.length > MAX_LIST) {
      throw badInput(field, `${field} takes at most ${MAX_LIST} values; got ${value.length}`);
    }
    for (const v of values) {
      if (typeof v !== 'string') continue;
      const problem = textProblem(v);
      if (problem) throw badInput(field, `${field} ${problem}`);
    }
    if (field === 'countryCodes' && Array.isArray(value)) {
      const bad = value.filter((c) => typeof c !== 'string' || !isCountryCode(c.toUpperCase()));
      if (bad.length) throw badInput(field, `${field}: ${quoteList(bad)} is not an ISO 3166-1 alpha-2 country code`);
    }
    if (field === 'search' && typeof value === 'string' && !value.trim()) {
      throw badInput(field, 'The search is empty: leave search out to list everything');
    }
  }
}

/** The whole check; `known` is asked once per code field that has values. */
export async function checkFilter(filter: object | null | undefined, known: KnownCodes): Promise<void> {
  if (!filter) return;
  checkFilterShape(filter);
  for (const [field, kind] of Object.entries(CODE_FIELDS)) {
    const codes = (filter as Record<string, unknown>)[field];
    if (!Array.isArray(codes) || !codes.length) continue;
    const unknown = await known(kind, codes as string[]);
    if (unknown.length) throw badInput(field, `${field}: no ${kind} has the code ${quoteList(unknown)}`);
  }
}
