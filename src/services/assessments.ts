/** Independent assessments (shadow reporting) by ombudspersons and civil society. */
import { Actor, Assessment, Commitment } from '../entities';
import type { AssessmentRating } from '../domain/enums';
import { MAX, requiredText, urls } from '../domain/validation';
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
