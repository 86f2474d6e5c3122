/**
 * What text the tracker accepts, wherever it comes from (GraphQL, the CSV import, export
 * parameters, the seeds): no control characters but tab, line feed and carriage return, no lone
 * UTF-16 surrogates (they cannot be stored as UTF-8: SQLite would keep U+FFFD instead), and
 * lengths counted in characters (code points), so 300 emoji fit a 300-character limit.
 */
import { badInput } from './errors';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** C0 controls but tab, LF and CR; DEL; C1 controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Why `value` is not acceptable text, or undefined when it is. */
export function textProblem(value: string): string | undefined {
  const control = CONTROL.exec(value);
  if (control) {
    const hex = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return `contains the control character U+${hex} (only tab, line feed and carriage return are allowed)`;
  }
  if (LONE_SURROGATE.test(value)) return 'contains a lone UTF-16 surrogate (not a character)';
  return undefined;
}

/** Throws BAD_USER_INPUT naming `field` when the text is not acceptable. */
export function checkText(field: string, value: string): string {
  const problem = textProblem(value);
  if (problem) throw badInput(field, `${field} ${problem}`);
  return value;
}

/** Characters (code points), not UTF-16 units. */
export function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/** CRLF (Windows line ends) is stored as LF. */
export const normalizeNewlines = (value: string): string => value.replace(/\r\n/g, '\n');
