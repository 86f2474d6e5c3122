/**
 * The review of progress updates, in one place: which step may follow which state. A focal
 * point's update is a DRAFT awaiting the secretariat (the review queue); the secretariat
 * publishes it or returns it (RETURNED, with a comment); the focal point edits a draft or a
 * returned draft (an edit submits it again: DRAFT) or withdraws it (WITHDRAWN, final).
 * A PUBLISHED update is never edited: a correction is a new update that names it (`corrects`).
 * Who may take each step is decided in src/auth/policy.ts.
 */
import { ProgressUpdateState as S } from './enums';
import { DomainError } from './errors';

export enum ReviewStep {
  PUBLISH = 'PUBLISH',
  RETURN = 'RETURN',
  UPDATE = 'UPDATE',
  WITHDRAW = 'WITHDRAW',
}

/** The states each step starts from. */
const FROM: Readonly<Record<ReviewStep, readonly S[]>> = {
  [ReviewStep.PUBLISH]: [S.DRAFT],
  [ReviewStep.RETURN]: [S.DRAFT],
  [ReviewStep.UPDATE]: [S.DRAFT, S.RETURNED],
  [ReviewStep.WITHDRAW]: [S.DRAFT, S.RETURNED],
};

/** The state each step leaves: an edit (UPDATE) submits the draft again for review. */
const TO: Readonly<Record<ReviewStep, S>> = {
  [ReviewStep.PUBLISH]: S.PUBLISHED,
  [ReviewStep.RETURN]: S.RETURNED,
  [ReviewStep.UPDATE]: S.DRAFT,
  [ReviewStep.WITHDRAW]: S.WITHDRAWN,
};

/** The steps open from `state` (for `extensions.allowed`). */
export function allowedSteps(state: S): ReviewStep[] {
  return Object.values(ReviewStep).filter((step) => FROM[step].includes(state));
}

/** Whether the update is not public (a draft, returned or withdrawn): only draft readers see it. */
export const isUnpublished = (state: S): boolean => state !== S.PUBLISHED;

/**
 * The state `step` leads to from `state`, or INVALID_TRANSITION naming the state and the steps
 * still open (`extensions.allowed`).
 */
export function reviewTransition(state: S, step: ReviewStep): S {
  if (!FROM[step].includes(state)) {
    const why = state === S.PUBLISHED ? ': a published update is never changed; log a new one with `corrects`' : '';
    throw new DomainError('INVALID_TRANSITION', `A ${state} progress update cannot take the step ${step}${why}`, {
      field: 'id',
      from: state,
      step,
      allowed: allowedSteps(state),
    });
  }
  return TO[step];
}
