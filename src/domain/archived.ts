/**
 * Archived records are read-only until restored (the `restore*` mutations). The one rule, asked
 * by every writer (mutations, import, link writing): a write is refused with ARCHIVED, naming
 * the record, when the record it changes is archived, or a record it belongs to (below), or when
 * it would attach something new to an archived record (a recommendation to an archived source,
 * a commitment or responsibility to an archived actor or recommendation, …).
 * Archiving and restoring themselves are the only writes an archived record takes.
 */
import { DomainError } from './errors';

export interface Archivable {
  archivedAt?: Date | null;
  readonly globalId: string;
  code?: string;
}

/**
 * The records whose archiving makes a record read-only too, as populate paths: a commitment of
 * an archived actor takes no progress, assessment or edit; a progress update (a draft waiting to
 * be published) is frozen with its commitment.
 */
export const BELONGS_TO: Readonly<Record<string, readonly string[]>> = {
  Commitment: ['actor'],
  ProgressUpdate: ['commitment', 'commitment.actor'],
};

const typeOf = (record: Archivable): string => record.constructor.name;

export function archivedError(record: Archivable): DomainError {
  const type = typeOf(record);
  const name = record.code ? `${type} ${record.code}` : `${type} ${record.globalId}`;
  return new DomainError('ARCHIVED', `${name} is archived and read-only; restore it first (restore${type})`, {
    type,
    id: record.globalId,
    // `code` is the error's own: the record's code goes in `recordCode`.
    ...(record.code ? { recordCode: record.code } : {}),
  });
}

/** Follows a populate path (`commitment.actor`) through loaded references. */
function follow(record: object, path: string): Archivable | null {
  let value: any = record;
  for (const key of path.split('.')) {
    value = value?.[key];
    if (value && typeof value.unwrap === 'function') value = value.unwrap();
  }
  return (value as Archivable | null | undefined) ?? null;
}

/** Throws ARCHIVED for the first archived record among `records` and what each belongs to (loaded). */
export function assertNotArchived(...records: (Archivable | null | undefined)[]): void {
  for (const record of records) {
    if (!record) continue;
    if (record.archivedAt) throw archivedError(record);
    for (const path of BELONGS_TO[typeOf(record)] ?? []) {
      const owner = follow(record, path);
      if (owner?.archivedAt) throw archivedError(owner);
    }
  }
}
