/**
 * The review of draft progress updates: the secretariat returns a draft with a comment; the
 * focal points of its actor edit it (which submits it again) or withdraw it. The states are
 * src/domain/review.ts's, the permissions src/auth/policy.ts's. Each step is one write and
 * pushes the update, live, to those who may read drafts (as a new draft is pushed).
 */
import { Commitment, ProgressUpdate } from '../entities';
import type { CommitmentStatus } from '../domain/enums';
import { badInput, notFound } from '../domain/errors';
import { MAX, dateOrder, partialDate, requiredText, urls } from '../domain/validation';
import { ReviewStep, isUnpublished, reviewTransition } from '../domain/review';
import { authorize, policy, RULES } from '../auth/policy';
import { Topic } from '../pubsub/events';
import { assertWritable, byGlobalId } from './lookup';
import { checkVersion } from './commitments';
import { checkTransition } from './status';
import type { Write } from './write';

export interface UpdateProgressUpdate {
  id: string;
  summary?: string | null;
  evidenceLinks?: string[] | null;
  periodStart?: string | null;
  periodEnd?: string | null;
  newStatus?: CommitmentStatus | null;
  reason?: string | null;
  expectedVersion?: number | null;
}

export interface ReviewResult {
  progressUpdate: ProgressUpdate;
  commitment: Commitment;
}

/**
 * The update `id` names and its commitment. A draft the caller may not read is NOT_FOUND, as
 * `node(id:)` answers null for it: a refusal tells nothing about drafts one cannot see.
 */
async function reviewed(w: Write, id: string): Promise<ReviewResult> {
  const progressUpdate = await byGlobalId(w.em, ProgressUpdate, 'id', id);
  const commitment = await w.em.findOneOrFail(Commitment, { id: progressUpdate.commitment.id });
  if (isUnpublished(progressUpdate.state) && !policy.mayReadDrafts(w.user, { actorId: commitment.actor.id })) {
    throw notFound('ProgressUpdate', id, 'id');
  }
  return { progressUpdate, commitment };
}

/** Takes `step` (state checked by the domain rules), stamps the writer and pushes the draft event. */
async function take(w: Write, { progressUpdate, commitment }: ReviewResult, step: ReviewStep, apply: () => void): Promise<ReviewResult> {
  await assertWritable(w.em, progressUpdate);
  progressUpdate.state = reviewTransition(progressUpdate.state, step);
  apply();
  progressUpdate.updatedBy = w.user as never;
  await w.em.flush();
  await w.emit(Topic.PROGRESS_LOGGED, commitment, { sequence: null, recordId: progressUpdate.id, draft: true });
  return { progressUpdate, commitment };
}

export async function returnProgressUpdate(w: Write, input: { id: string; comment: string }): Promise<ReviewResult> {
  authorize(w.user, policy.mayReturnDraft(w.user), RULES.returnDraft);
  const found = await reviewed(w, input.id);
  const comment = requiredText('comment', input.comment, MAX.reason);
  return take(w, found, ReviewStep.RETURN, () => {
    found.progressUpdate.returnComment = comment;
    found.progressUpdate.returnedAt = w.now;
    found.progressUpdate.returnedBy = w.user as never;
  });
}

export async function withdrawProgressUpdate(w: Write, input: { id: string }): Promise<ReviewResult> {
  const found = await reviewed(w, input.id);
  authorize(w.user, policy.mayEditDraft(w.user, { actorId: found.commitment.actor.id }), RULES.editDraft);
  return take(w, found, ReviewStep.WITHDRAW, () => {
    found.progressUpdate.withdrawnAt = w.now;
  });
}

/**
 * Edits a draft or a returned draft: fields left out stay, null clears an optional one. The edit
 * submits it again. A new status is checked against the commitment as logProgress checks it,
 * with the version the focal point now read.
 */
export async function updateProgressUpdate(w: Write, input: UpdateProgressUpdate): Promise<ReviewResult> {
  const found = await reviewed(w, input.id);
  const { progressUpdate: update, commitment } = found;
  authorize(w.user, policy.mayEditDraft(w.user, { actorId: commitment.actor.id }), RULES.editDraft);
  return take(w, found, ReviewStep.UPDATE, () => {
    const summary = input.summary !== undefined ? requiredText('summary', input.summary, MAX.summary) : update.summary;
    const evidenceLinks = input.evidenceLinks !== undefined ? urls('evidenceLinks', input.evidenceLinks) : update.evidenceLinks;
    const periodStart = input.periodStart !== undefined ? (partialDate('periodStart', input.periodStart) ?? null) : update.periodStart;
    const periodEnd = input.periodEnd !== undefined ? (partialDate('periodEnd', input.periodEnd) ?? null) : update.periodEnd;
    dateOrder('periodStart', periodStart ?? null, 'periodEnd', periodEnd ?? null);
    const newStatus = input.newStatus !== undefined ? input.newStatus : update.newStatus;
    const reason = input.reason !== undefined ? input.reason?.trim() || null : update.statusReason;
    const expectedVersion = input.expectedVersion !== undefined ? input.expectedVersion : update.expectedVersion;
    const statusTouched = input.newStatus !== undefined || input.reason !== undefined || input.expectedVersion !== undefined;
    if (newStatus && statusTouched) {
      if (expectedVersion === null || expectedVersion === undefined)
        throw badInput('expectedVersion', 'expectedVersion is required with newStatus');
      checkVersion(commitment, expectedVersion);
      if (newStatus !== commitment.status) checkTransition(commitment.status, newStatus, reason);
    }
    Object.assign(update, { summary, evidenceLinks, periodStart, periodEnd, submittedAt: w.now });
    Object.assign(update, {
      newStatus: newStatus ?? null,
      statusReason: reason ?? null,
      expectedVersion: newStatus ? (expectedVersion ?? null) : null,
    });
  });
}
