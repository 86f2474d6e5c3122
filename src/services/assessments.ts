/**
 * Independent assessments (shadow reporting) by ombudspersons and civil society. Their authors
 * update or withdraw them; every version stays in the assessment's revisions
 * (src/services/revisions.ts), and a withdrawn one stays readable with its `withdrawnAt`.
 */
import { Actor, Assessment, Commitment } from '../entities';
import type { AssessmentRating } from '../domain/enums';
import { DomainError, conflict } from '../domain/errors';
import { MAX, optionalText, requiredText, urls } from '../domain/validation';
import { authorize, policy, RULES } from '../auth/policy';
import { assertWritable, byGlobalId } from './lookup';
import { scopeOf } from './progress';
import type { Write } from './write';

export interface AddAssessment {
  commitmentId: string;
  rating: AssessmentRating;
  summary: string;
  evidenceLinks?: string[] | null;
}

export async function addAssessment(w: Write, input: AddAssessment): Promise<Assessment> {
  const commitment = await byGlobalId(w.em, Commitment, 'commitmentId', input.commitmentId);
  authorize(w.user, policy.mayAssess(w.user, await scopeOf(w, commitment)), RULES.assess);
  // Civil society assesses as its actor: an archived actor writes no new assessment.
  const assessor = w.user.actor ? await w.em.findOneOrFail(Actor, { id: w.user.actor.id }) : null;
  await assertWritable(w.em, commitment, assessor);
  return w.em.create(Assessment, {
    commitment,
    author: w.user,
    assessor,
    rating: input.rating,
    summary: requiredText('summary', input.summary, MAX.summary),
    evidenceLinks: urls('evidenceLinks', input.evidenceLinks),
    assessedAt: w.now,
    createdBy: w.user,
    updatedBy: w.user,
  });
}

export interface UpdateAssessment {
  id: string;
  expectedVersion?: number | null;
  rating?: AssessmentRating | null;
  summary?: string | null;
  evidenceLinks?: string[] | null;
  reason?: string | null;
}

export interface WithdrawAssessment {
  id: string;
  reason: string;
}

/**
 * The assessment `id` names, if the caller is its author and may still assess the commitment
 * (NOT_FOUND, then FORBIDDEN, then ARCHIVED); a withdrawn one is not changed any more (CONFLICT).
 */
async function ownLiveAssessment(w: Write, id: string): Promise<Assessment> {
  const assessment = await byGlobalId(w.em, Assessment, 'id', id);
  const commitment = await w.em.findOneOrFail(Commitment, { id: assessment.commitment.id });
  authorize(w.user, policy.mayReviseAssessment(w.user, assessment.author.id, await scopeOf(w, commitment)), RULES.reviseAssessment);
  await assertWritable(w.em, commitment, assessment);
  if (assessment.withdrawnAt) {
    throw new DomainError('CONFLICT', 'This assessment was withdrawn: add a new one instead', {
      field: 'id',
      currentVersion: assessment.version,
    });
  }
  return assessment;
}

export async function updateAssessment(w: Write, input: UpdateAssessment): Promise<Assessment> {
  const assessment = await ownLiveAssessment(w, input.id);
  if (input.expectedVersion !== null && input.expectedVersion !== undefined && input.expectedVersion !== assessment.version) {
    throw conflict(`The assessment is at version ${assessment.version}, not ${input.expectedVersion}`, assessment.version);
  }
  w.revisions.because(optionalText('reason', input.reason, MAX.text));
  if (input.rating) assessment.rating = input.rating;
  if (input.summary !== undefined) assessment.summary = requiredText('summary', input.summary, MAX.summary);
  if (input.evidenceLinks !== undefined) assessment.evidenceLinks = urls('evidenceLinks', input.evidenceLinks);
  assessment.updatedBy = w.user as any;
  return assessment;
}

/** Withdrawn, never deleted: no longer current, still readable, with the reason in its revisions. */
export async function withdrawAssessment(w: Write, input: WithdrawAssessment): Promise<Assessment> {
  const assessment = await ownLiveAssessment(w, input.id);
  w.revisions.because(requiredText('reason', input.reason, MAX.text));
  assessment.withdrawnAt = w.now;
  assessment.updatedBy = w.user as any;
  return assessment;
}
