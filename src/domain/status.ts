/**
 * The status rules, in one place: which transitions are allowed, what "overdue" means, and how a
 * recommendation's status rolls up from its commitments. The SQL forms of these rules (for
 * filters and aggregates) are in src/queries/rules.ts.
 */
import { CommitmentStatus as S } from './enums';
import { dayOf, lastDayOf } from './dates';

/** Allowed status transitions: from → the statuses it may move to. */
export const TRANSITIONS: Readonly<Record<S, readonly S[]>> = {
  [S.NOT_STARTED]: [S.IN_PROGRESS, S.STALLED, S.WITHDRAWN, S.PARTIALLY_IMPLEMENTED, S.IMPLEMENTED],
  [S.IN_PROGRESS]: [S.PARTIALLY_IMPLEMENTED, S.IMPLEMENTED, S.STALLED, S.WITHDRAWN],
  [S.PARTIALLY_IMPLEMENTED]: [S.IN_PROGRESS, S.IMPLEMENTED, S.STALLED, S.WITHDRAWN],
  [S.STALLED]: [S.IN_PROGRESS, S.PARTIALLY_IMPLEMENTED, S.IMPLEMENTED, S.WITHDRAWN],
  [S.IMPLEMENTED]: [S.IN_PROGRESS, S.PARTIALLY_IMPLEMENTED],
  [S.WITHDRAWN]: [S.NOT_STARTED, S.IN_PROGRESS],
};

export function allowedTransitions(from: S): readonly S[] {
  return TRANSITIONS[from];
}

export function isAllowedTransition(from: S, to: S): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Withdrawing, and re-opening an implemented commitment, must say why. */
export function transitionNeedsReason(from: S, to: S): boolean {
  return to === S.WITHDRAWN || (from === S.IMPLEMENTED && to !== S.IMPLEMENTED);
}

/** Statuses that end a commitment: such a commitment is never overdue. */
/**
 * A commitment created through the API may start in any status but WITHDRAWN: withdrawing
 * takes a reason, which only an update (updateCommitment with `reason`) records.
 */
export function isAllowedInitialStatus(status: S): boolean {
  return status !== S.WITHDRAWN;
}

export const CLOSED_STATUSES: readonly S[] = [S.IMPLEMENTED, S.WITHDRAWN];

/** Overdue: the due date (its last covered day) has passed and the commitment is not closed. */
export function isOverdue(c: { status: S; dueDate?: string | null }, today: Date): boolean {
  if (!c.dueDate || CLOSED_STATUSES.includes(c.status)) return false;
  return lastDayOf(c.dueDate) < dayOf(today);
}
