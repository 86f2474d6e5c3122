/** What each kind of import (one module per kind in ./kinds) provides to the engine in ./import.ts. */
import type { Knex } from '@mikro-orm/knex';
import { DomainError } from '../domain/errors';
import type { Write } from '../services/write';
import type { CsvRow } from './csv';
import type { RowCheck } from './cells';

export interface Columns {
  /** Must be in the header, and every row needs a value. */
  required: readonly string[];
  optional: readonly string[];
  /** Export-only (derived) columns: accepted so that an exported file imports as it is, and ignored. */
  ignored: readonly string[];
}

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportRecord {
  line: number;
  code: string;
}

export interface ImportKind<R extends ImportRecord, Refs> {
  name: string;
  columns: Columns;
  /** Reads what validation must know about the codes the rows mention (existing records, references). */
  references(knex: Knex, rows: readonly CsvRow[]): Promise<Refs>;
  /**
   * Checks and converts one row, reporting each bad cell through `check`. Rows are validated in
   * file order, so a kind may track state across rows (e.g. a commitment's status).
   */
  validate(check: RowCheck, refs: Refs): R;
  /** Upserts the valid records by code, inside the import's one transaction. */
  write(w: Write, records: readonly R[]): Promise<Counts>;
}

export const noCounts = (): Counts => ({ created: 0, updated: 0, unchanged: 0 });

/** A client error met while writing one record, with the line of its row. */
export class RowWriteError extends Error {
  constructor(
    readonly line: number,
    readonly field: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Runs `fn` for each record in order; a DomainError is reported against the record's line. */
export async function eachRecord<R extends ImportRecord>(records: readonly R[], fn: (record: R) => Promise<void>): Promise<void> {
  for (const record of records) {
    try {
      await fn(record);
    } catch (err) {
      if (err instanceof DomainError) throw new RowWriteError(record.line, err.extensions.field as string | undefined, err.message);
      throw err;
    }
  }
}
