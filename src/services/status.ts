/**
 * Changing a commitment's status: the transition rules of src/domain/status.ts, exactly one
 * append-only StatusChange row stamped with the next global sequence, and an event.
 */
import { Commitment, ProgressUpdate, StatusChange } from '../entities';
import { CommitmentStatus } from '../domain/enums';
import { DomainError, badInput } from '../domain/errors';
import { allowedTransitions, isAllowedTransition, transitionNeedsReason } from '../domain/status';
import { MAX, optionalText } from '../domain/validation';
import { Topic } from '../pubsub/events';
import { nextSequence } from './sequence';
import type { Write } from './write';

/** Refuses a transition the rules do not allow, or one that needs a reason and has none. */
export function checkTransition(
  from: CommitmentStatus,
  to: CommitmentStatus,
  reason: string | null | undefined,
  field = 'newStatus',
): void {
  if (!isAllowedTransition(from, to)) {
    throw new DomainError('INVALID_TRANSITION', `A commitment cannot go from ${from} to ${to}`, {
      field,
      from,
      to,
      allowed: allowedTransitions(from),
    });
  }
  if (transitionNeedsReason(from, to) && !reason) throw badInput('reason', `Going from ${from} to ${to} needs a reason`);
}

/** Moves `commitment` to `to`; returns the StatusChange, or null when it already has that status. */
export async function changeStatus(
  w: Write,
  commitment: Commitment,
  to: CommitmentStatus,
  options: { reason?: string | null; progressUpdate?: ProgressUpdate | null; field?: string } = {},
): Promise<StatusChange | null> {
  const from = commitment.status;
  if (from === to) return null;
  const reason = optionalText('reason', options.reason, MAX.reason) ?? null;
  checkTransition(from, to, reason, options.field);
  const change = w.em.create(StatusChange, {
    commitment,
    fromStatus: from,
    toStatus: to,
    at: w.now,
    by: w.user,
    reason,
    progressUpdate: options.progressUpdate ?? null,
    sequence: await nextSequence(w.em),
  });
  commitment.status = to;
  commitment.updatedBy = w.user as any;
  await w.em.flush();
  await w.emit(Topic.STATUS_CHANGED, commitment, { sequence: change.sequence, recordId: change.id, draft: false });
  return change;
}

/** Records the first status of a new commitment (from nothing). */
export async function initialStatus(w: Write, commitment: Commitment): Promise<StatusChange> {
  const change = w.em.create(StatusChange, {
    commitment,
    fromStatus: null,
    toStatus: commitment.status,
    at: w.now,
    by: w.user,
    sequence: await nextSequence(w.em),
  });
  await w.em.flush();
  await w.emit(Topic.STATUS_CHANGED, commitment, { sequence: change.sequence, recordId: change.id, draft: false });
  return change;
}
