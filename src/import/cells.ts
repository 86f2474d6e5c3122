/**
 * Reading the cells of one row: each parser takes (column, cell) and throws BAD_USER_INPUT naming
 * the column; RowCheck turns those errors into the row's problems. A column the file lacks reads
 * as undefined (keep the stored value); an empty cell reads as null or [] (clear it).
 */
import { DomainError, badInput } from '../domain/errors';
import { LIST_SEPARATOR } from '../export/columns';
import type { CsvRow } from './csv';
import type { Problem } from './report';
import { withArticle } from '../domain/articles';

export class RowCheck {
  readonly problems: Problem[] = [];

  constructor(readonly row: CsvRow) {}

  get line(): number {
    return this.row.line;
  }

  /** Parses one cell; a DomainError becomes a problem of this row and the result is undefined. */
  cell<T>(column: string, parse: (column: string, value: string | undefined) => T): T | undefined {
    try {
      return parse(column, this.row.cells[column]);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      this.problem((err.extensions.field as string | undefined) ?? column, err.message);
      return undefined;
    }
  }

  problem(field: string, message: string): void {
    this.problems.push({ line: this.row.line, field, message });
  }
}

export function list(_column: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(LIST_SEPARATOR)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Values of a string enum, by value; `name` is the GraphQL enum name for messages. */
export function oneOf<E extends string>(values: Record<string, E>, name: string) {
  const allowed = Object.values(values);
  return (column: string, value: string): E => {
    if (!allowed.includes(value as E)) throw badInput(column, `"${value}" is not ${withArticle(name)} (${allowed.join(', ')})`);
    return value as E;
  };
}

/** An optional enum cell: empty or absent is undefined. */
export function optionalOneOf<E extends string>(values: Record<string, E>, name: string) {
  const check = oneOf(values, name);
  return (column: string, value: string | undefined): E | undefined => (value?.trim() ? check(column, value.trim()) : undefined);
}

export function listOf<E extends string>(values: Record<string, E>, name: string) {
  const check = oneOf(values, name);
  return (column: string, value: string | undefined): E[] | undefined => list(column, value)?.map((v) => check(column, v));
}

export function bool(column: string, value: string | undefined): boolean | undefined {
  const v = value?.trim().toLowerCase();
  if (!v) return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw badInput(column, `${column} must be true or false`);
}

/** An empty cell as null, for the nullable-value helpers of src/domain/validation.ts. */
export const emptyAsNull = (value: string | undefined): string | null | undefined =>
  value === undefined ? undefined : value.trim() || null;

/** A code that must be among `known` (existing records, or rows of the same file). */
export function known(what: string, codes: { has(code: string): boolean }) {
  return (column: string, code: string): string => {
    if (!codes.has(code)) throw badInput(column, `Unknown ${what} "${code}"`);
    return code;
  };
}
