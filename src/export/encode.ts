/** Streaming encoders for exported rows: CSV (RFC 4180, CRLF, header row) and a JSON array. */
import { Transform } from 'node:stream';
import { stringify } from 'csv-stringify';
import { csvCell, type Cell, type ExportColumn } from './columns';
import type { ExportRow } from './rows';

export function csvEncoder(columns: readonly ExportColumn[]): Transform {
  const cast = (value: unknown) => csvCell(value as Cell);
  return stringify({
    header: true,
    columns: columns.map((c) => c.name),
    record_delimiter: '\r\n',
    cast: { boolean: cast, object: cast },
  });
}

export function jsonEncoder(): Transform {
  let first = true;
  return new Transform({
    writableObjectMode: true,
    transform(row: ExportRow, _encoding, done) {
      done(null, `${first ? '[\n' : ',\n'}${JSON.stringify(row)}`);
      first = false;
    },
    flush(done) {
      done(null, first ? '[]\n' : '\n]\n');
    },
  });
}
