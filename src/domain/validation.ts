/**
 * Input rules shared by every write: each failure is BAD_USER_INPUT naming the offending field.
 */
import { badInput } from './errors';
import { firstDayOf, isPartialDate, lastDayOf } from './dates';
import { fromGlobalId } from '../schema/global-id';
import { characterCount, checkText, normalizeNewlines } from './text';
import { withArticle } from './articles';

export const MAX = {
  code: 80,
  title: 300,
  name: 300,
  section: 500,
  text: 20_000,
  summary: 10_000,
  reason: 2_000,
  url: 2_000,
  links: 20,
} as const;

/** Trimmed, CRLF as LF; refused when it holds a control character or a lone surrogate (../domain/text.ts). */
function cleanText(field: string, value: string | null | undefined): string {
  return normalizeNewlines(checkText(field, value ?? '')).trim();
}

function checkLength(field: string, value: string, max: number): string {
  if (characterCount(value) > max) throw badInput(field, `${field} must be at most ${max} characters`);
  return value;
}

/** A required string: trimmed, non-empty, at most `max` characters (code points). */
export function requiredText(field: string, value: string | null | undefined, max: number): string {
  const trimmed = cleanText(field, value);
  if (!trimmed) throw badInput(field, `${field} must not be empty`);
  return checkLength(field, trimmed, max);
}

/** An optional string: undefined stays undefined (unchanged), null or blank becomes null. */
export function optionalText(field: string, value: string | null | undefined, max: number): string | null | undefined {
  if (value === undefined) return undefined;
  const trimmed = cleanText(field, value);
  if (!trimmed) return null;
  return checkLength(field, trimmed, max);
}

const CODE = /^[A-Z0-9][A-Z0-9-]*$/;

export function code(field: string, value: string): string {
  const trimmed = requiredText(field, value, MAX.code);
  if (!CODE.test(trimmed)) throw badInput(field, `${field} must be upper-case letters, digits and hyphens (e.g. FLORENCE-2008-NAT-03)`);
  return trimmed;
}

export function urls(field: string, values: readonly string[] | null | undefined): string[] {
  const list = values ?? [];
  if (list.length > MAX.links) throw badInput(field, `${field} takes at most ${MAX.links} links`);
  return list.map((value) => {
    let url: URL;
    try {
      url = new URL(value.trim());
    } catch {
      throw badInput(field, `"${value}" is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badInput(field, `"${value}" must be an http(s) URL`);
    checkText(field, value);
    if (characterCount(value) > MAX.url) throw badInput(field, `a link must be at most ${MAX.url} characters`);
    return url.toString();
  });
}

export function partialDate(field: string, value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (!isPartialDate(value)) throw badInput(field, `${field} must be an ISO date: YYYY, YYYY-MM or YYYY-MM-DD`);
  return value;
}

/** The period must not end before it starts (compared at the precision each date has). */
export function dateOrder(startField: string, start: string | null | undefined, endField: string, end: string | null | undefined): void {
  if (start && end && lastDayOf(end) < firstDayOf(start)) throw badInput(endField, `${endField} must not be before ${startField}`);
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
/**
 * Codes Intl knows that are not ISO 3166-1 alpha-2 country codes: grouping and private-use codes,
 * and the exceptionally reserved ones (Ascension, Clipperton, Sark, Diego Garcia, Ceuta and
 * Melilla, Canary Islands, Tristan da Cunha). XK (Kosovo) is accepted.
 */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'UK', 'QO', 'ZZ', 'XA', 'XB', 'AC', 'CP', 'CQ', 'DG', 'EA', 'IC', 'TA']);

/** ISO 3166-1 alpha-2 (plus XK): a region Intl names under this very code (SU, YU, AN are old aliases of others). */
export function isCountryCode(value: string): boolean {
  if (!/^[A-Z]{2}$/.test(value) || NOT_COUNTRIES.has(value) || regionNames.of(value) === value) return false;
  return new Intl.Locale(`und-${value}`).region === value;
}

export function country(field: string, value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const upper = value.trim().toUpperCase();
  if (!isCountryCode(upper)) throw badInput(field, `"${value}" is not an ISO 3166-1 alpha-2 country code`);
  return upper;
}

/** The local id inside a global ID of the expected type. */
export function idOf(field: string, globalId: string, type: string): number {
  const decoded = fromGlobalId(globalId);
  if (!decoded || decoded.type !== type) throw badInput(field, `"${globalId}" is not ${withArticle(type)} id`);
  return decoded.id;
}
