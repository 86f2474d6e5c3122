/**
 * The edit history: every write to a tracked record leaves a Revision (who, when, which fields
 * from what to what, why), written in the same transaction as the write.
 *
 * One recorder per write (src/services/write.ts). It listens to the ORM's flushes of that
 * write's transaction only (a subscriber on the transaction's own event manager), so no service
 * records anything by hand for what goes through the unit of work; what does not (a commitment's
 * links, a source's organisers, rows inserted in bulk by an import) is noted explicitly with
 * `note()` / `created()`. All the changes a write makes to one record, over however many
 * flushes, become one revision, saved with one bulk insert after the write's last flush.
 */
import { ChangeSetType, ReferenceKind, type ChangeSet, type EventSubscriber, type FlushEventArgs } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { Assessment, Actor, Commitment, ProgressUpdate, Recommendation, Responsibility, Revision, Source, type User } from '../entities';
import { RevisionKind } from '../domain/enums';
import { toGlobalId } from '../schema/global-id';

/** The record types that keep an edit history, by class. */
const TRACKED = new Map<object, string>(
  [Commitment, Recommendation, Actor, Source, Responsibility, Assessment, ProgressUpdate].map((type) => [type, type.name]),
);

/**
 * Columns that are not the record's content: bookkeeping (`updatedAt`, `updatedBy`, `version`),
 * derived (`dueDateEnd`), or with a history of their own (a commitment's status: StatusChange).
 */
const UNTRACKED = new Set(['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'version', 'dueDateEnd']);
const UNTRACKED_OF: Record<string, Set<string>> = { Commitment: new Set(['status']) };

/** Rows per insert statement (7 parameters a row: 7,000, far below SQLite's and PostgreSQL's limits). */
const INSERT_ROWS = 1000;

interface Pending {
  recordType: string;
  /** The entity, while its id may not be known yet (a creation before its flush). */
  entity?: { id?: number };
  recordId?: number;
  created: boolean;
  /** Field → [value before the write, value after]. The first "before" and the last "after" win. */
  changes: Map<string, [unknown, unknown]>;
}

const recorders = new WeakMap<EntityManager, RevisionRecorder>();

/** The recorder of the write running on `em`, if any (seeds and tests write without one). */
export function recorderOf(em: EntityManager): RevisionRecorder | undefined {
  return recorders.get(em);
}

/** JSON of a stored value: dates as ISO strings, linked records as global IDs. */
function jsonOf(value: unknown, targetType?: string): unknown {
  if (value === undefined || value === null) return null;
  if (targetType) {
    const id = typeof value === 'object' ? (value as { id?: unknown; unwrap?: () => { id: unknown } }).id : value;
    return id === undefined || id === null ? null : toGlobalId(targetType, id as number);
  }
  if (value instanceof Date) return value.toISOString();
  return value;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export class RevisionRecorder implements EventSubscriber {
  private readonly pending = new Map<string, Pending>();
  private readonly pendingByEntity = new Map<object, Pending>();
  private reason: string | null = null;

  constructor(
    private readonly em: EntityManager,
    private readonly user: User,
    private readonly now: Date,
  ) {
    em.getEventManager().registerSubscriber(this);
    recorders.set(em, this);
  }

  /** The reason the write gives (an input's `reason`); it goes on every revision of the write. */
  because(reason: string | null | undefined): void {
    if (reason) this.reason = reason;
  }

  /** A change the unit of work does not see (a collection, link rows): recorded like a column's. */
  note(entity: object & { id?: number }, field: string, before: unknown, after: unknown): void {
    const type = TRACKED.get(entity.constructor);
    if (!type) return;
    this.change(this.pendingOf(type, entity, false), field, before, after);
  }

  /** A record inserted outside the unit of work (an import's bulk insert), with its values. */
  created(recordType: string, recordId: number, values: Record<string, unknown>): void {
    const p: Pending = { recordType, recordId, created: true, changes: new Map() };
    this.pending.set(`${recordType}:${recordId}`, p);
    for (const [field, value] of Object.entries(values)) this.change(p, field, null, value);
  }

  /** Every change set of a flush of this write, read before the rows are written. */
  onFlush({ uow }: FlushEventArgs): void {
    for (const cs of uow.getChangeSets()) {
      const type = TRACKED.get(cs.entity.constructor);
      if (!type || (cs.type !== ChangeSetType.CREATE && cs.type !== ChangeSetType.UPDATE)) continue;
      this.fromChangeSet(type, cs as ChangeSet<any>);
    }
  }

  private fromChangeSet(type: string, cs: ChangeSet<any>): void {
    const created = cs.type === ChangeSetType.CREATE;
    const p = this.pendingOf(type, cs.entity, created);
    if (created) p.created = true; // noted before its first flush (a new source's organisers)
    const skip = UNTRACKED_OF[type];
    for (const field of Object.keys(cs.payload)) {
      const prop = cs.meta.properties[field];
      if (!prop || UNTRACKED.has(field) || skip?.has(field) || prop.persist === false) continue;
      const target = prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE ? prop.type : undefined;
      const before = created ? null : jsonOf(cs.originalEntity?.[field], target);
      const after = jsonOf(cs.entity[field], target);
      this.change(p, field, before, after);
    }
  }

  private pendingOf(type: string, entity: { id?: number }, created: boolean): Pending {
    const known = this.pendingByEntity.get(entity);
    if (known) return known;
    const p: Pending = { recordType: type, entity, created, changes: new Map() };
    // A creation is flushed before its id is known: its key is its place in the list.
    this.pending.set(entity.id !== undefined ? `${type}:${entity.id}` : `new:${this.pending.size}`, p);
    this.pendingByEntity.set(entity, p);
    return p;
  }

  private change(p: Pending, field: string, before: unknown, after: unknown): void {
    const known = p.changes.get(field);
    p.changes.set(field, [known ? known[0] : jsonOf(before), jsonOf(after)]);
  }

  /** The ids of the records of `recordType` the write has changed or created so far (the maintained counts refresh them). */
  recordIds(recordType: string): number[] {
    const ids: number[] = [];
    for (const p of this.pending.values()) {
      const id = p.recordId ?? p.entity?.id;
      if (p.recordType === recordType && id !== undefined) ids.push(id);
    }
    return ids;
  }

  /** Inserts the write's revisions; called after its last flush, inside its transaction. */
  async save(): Promise<void> {
    const rows: Record<string, unknown>[] = [];
    for (const p of this.pending.values()) {
      const recordId = p.recordId ?? p.entity?.id;
      if (recordId === undefined) continue;
      const changes = [...p.changes]
        .filter(([, [before, after]]) => !sameJson(before, after) && !(p.created && after === null))
        .map(([field, [before, after]]) => ({ field, old: before, new: after }));
      if (!p.created && changes.length === 0) continue;
      rows.push({
        recordType: p.recordType,
        recordId,
        kind: kindOf(p.created, changes),
        at: this.now,
        by: this.user.id,
        changes,
        reason: this.reason,
      });
    }
    this.pending.clear();
    this.pendingByEntity.clear();
    for (let i = 0; i < rows.length; i += INSERT_ROWS) await this.em.insertMany(Revision, rows.slice(i, i + INSERT_ROWS) as any[]);
  }
}

function kindOf(created: boolean, changes: { field: string; new: unknown }[]): RevisionKind {
  if (created) return RevisionKind.CREATED;
  const change = (field: string) => changes.find((c) => c.field === field);
  if (change('withdrawnAt')?.new) return RevisionKind.WITHDRAWN;
  const archived = change('archivedAt');
  if (archived) return archived.new ? RevisionKind.ARCHIVED : RevisionKind.RESTORED;
  return RevisionKind.UPDATED;
}
