/** A commitment's successive due dates, read from its revisions (src/services/revisions.ts). */
import type { Commitment, Revision } from '../entities';
import type { DueDateChange } from '../schema/revisions';

const asDate = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Oldest first; the last is the current due date. A commitment written before revisions were
 * kept (seeded, or older than the edit history) had a due date no revision records: it is the
 * "old" value of the first recorded change (or the current one when none was ever recorded),
 * dated by the commitment's creation.
 */
export function dueDateHistory(commitment: Commitment, revisions: readonly Revision[]): DueDateChange[] {
  const changes = revisions.flatMap((r) => {
    const change = r.changes.find((c) => c.field === 'dueDate');
    return change ? [{ revision: r, old: asDate(change.old), new: asDate(change.new) }] : [];
  });
  const created = revisions.some((r) => r.kind === 'CREATED');
  const unrecorded = created ? null : changes.length ? changes[0].old : (commitment.dueDate ?? null);
  const history: DueDateChange[] = [];
  if (unrecorded) {
    history.push({
      dueDate: unrecorded,
      previousDueDate: null,
      at: commitment.createdAt,
      reason: null,
      byId: commitment.createdBy?.id ?? null,
    });
  }
  for (const c of changes) {
    history.push({ dueDate: c.new, previousDueDate: c.old, at: c.revision.at, reason: c.revision.reason ?? null, byId: c.revision.by.id });
  }
  return history;
}
