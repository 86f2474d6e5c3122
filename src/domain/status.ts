/**
 * The status rules, in one place: which transitions are allowed, what "overdue" means, and how a
 * recommendation's status rolls up from its commitments. Each rule that must also run in SQL
 * (for filters and aggregates) has its SQL form beside its JavaScript form.
 */
import { CommitmentStatus as S, RecommendationStatus } from './enums';
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
export const CLOSED_STATUSES: readonly S[] = [S.IMPLEMENTED, S.WITHDRAWN];

/** Overdue: the due date (its last covered day) has passed and the commitment is not closed. */
export function isOverdue(c: { status: S; dueDate?: string | null }, today: Date): boolean {
  if (!c.dueDate || CLOSED_STATUSES.includes(c.status)) return false;
  return lastDayOf(c.dueDate) < dayOf(today);
}

/** SQL form of isOverdue, for a commitment table alias; `today` is bound as a parameter. */
export function overdueSql(alias: string): string {
  const closed = CLOSED_STATUSES.map((s) => `'${s}'`).join(', ');
  return `(${alias}.due_date_end is not null and ${alias}.due_date_end < ? and ${alias}.status not in (${closed}))`;
}

/**
 * Roll-up of a recommendation's commitments (withdrawn and archived ones ignored):
 * none left → NO_COMMITMENT; all implemented → IMPLEMENTED; all not started → NOT_STARTED;
 * otherwise IN_PROGRESS. SQL form, for a recommendation table alias.
 */
export function recommendationStatusSql(alias: string): string {
  const live = `from commitment_recommendations cr join commitment c on c.id = cr.commitment_id
    where cr.recommendation_id = ${alias}.id and c.archived_at is null and c.status <> '${S.WITHDRAWN}'`;
  return `(case
    when not exists (select 1 ${live}) then '${RecommendationStatus.NO_COMMITMENT}'
    when not exists (select 1 ${live} and c.status <> '${S.IMPLEMENTED}') then '${RecommendationStatus.IMPLEMENTED}'
    when not exists (select 1 ${live} and c.status <> '${S.NOT_STARTED}') then '${RecommendationStatus.NOT_STARTED}'
    else '${RecommendationStatus.IN_PROGRESS}' end)`;
}
