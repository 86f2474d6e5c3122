/**
 * Reads a CSV file (RFC 4180, UTF-8, optional BOM) into rows keyed by header name, each with the
 * line it starts on in the file (header = line 1), so that a report can point at it.
 */
import { parse, CsvError } from 'csv-parse/sync';
import type { Problem } from './report';
import { textProblem } from '../domain/text';

export interface CsvRow {
  line: number;
  /** Cells by column name; a column the file lacks is absent. */
  cells: Record<string, string>;
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

const CR = 0x0d;
const LF = 0x0a;

/** Counts line breaks (CRLF, LF or CR) in buf[from, to) and skips blank lines after `to`. */
function lineCounter(buf: Buffer) {
  let offset = 0;
  let line = 1;
  const advanceTo = (to: number) => {
    for (; offset < to; offset++) {
      if (buf[offset] === LF || (buf[offset] === CR && buf[offset + 1] !== LF)) line++;
    }
  };
  return {
    /** The line a record starting after `end` (past any blank lines) begins on. */
    startAfter(end: number): number {
      advanceTo(end);
      let start = offset;
      while (start < buf.length && (buf[start] === CR || buf[start] === LF)) start++;
      advanceTo(start);
      return line;
    },
  };
}

/** `rows`: data rows read, malformed ones included. */
export function readCsv(buf: Buffer): { table?: CsvTable; rows: number; problems: Problem[] } {
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    records = parse(buf, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true });
  } catch (err) {
    if (err instanceof CsvError)
      return { rows: 0, problems: [{ line: (err as CsvError & { lines?: number }).lines ?? 1, message: `Malformed CSV: ${err.message}` }] };
    throw err;
  }
  if (records.length === 0) return { rows: 0, problems: [{ line: 1, message: 'The file is empty: a header row is required' }] };
  const header = records[0].record.map((h) => h.trim());
  const lines = lineCounter(buf);
  const problems: Problem[] = [];
  const rows: CsvRow[] = [];
  let end = records[0].info.bytes;
  for (const { record, info } of records.slice(1)) {
    const line = lines.startAfter(end);
    end = info.bytes;
    if (record.length !== header.length) {
      problems.push({ line, message: `The row has ${record.length} fields; the header has ${header.length}` });
      continue;
    }
    // Text rules as through the API: no control characters but tab/LF/CR, no lone surrogates.
    const bad = header.map((name, i) => ({ name, problem: textProblem(record[i]) })).filter((c) => c.problem);
    if (bad.length) {
      for (const { name, problem } of bad) problems.push({ line, field: name, message: `${name} ${problem}` });
      continue;
    }
    rows.push({ line, cells: Object.fromEntries(header.map((name, i) => [name, record[i]])) });
  }
  return { table: { header, rows }, rows: records.length - 1, problems };
}
