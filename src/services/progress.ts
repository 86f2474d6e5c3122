/**
 * Logging progress: staff publish directly; a focal point's update is a draft until staff
 * publish it, and its status change applies on publication. A published update is stamped with
 * the next global sequence.
 */
import { Commitment, ProgressUpdate, StatusChange } from '../entities';
import { CommitmentStatus, ProgressUpdateState } from '../domain/enums';
import { badInput, notFound } from '../domain/errors';
import { ReviewStep, reviewTransition } from '../domain/review';
import { MAX, dateOrder, partialDate, requiredText, urls } from '../domain/validation';
import { authorize, policy, RULES, type ActorScope } from '../auth/policy';
import { Topic } from '../pubsub/events';
import { assertWritable, byGlobalId } from './lookup';
import { changeStatus, checkTransition } from './status';
import { checkVersion } from './commitments';
import { nextSequence } from './sequence';
import { generateCode } from './codes';
import { idempotent } from './idempotency';
import type { Write } from './write';
import { scopesOf } from '../pubsub/scope';

export interface LogProgress {
  commitmentId: string;
  summary: string;
  evidenceLinks?: string[] | null;
  periodStart?: string | null;
  periodEnd?: string | null;
  newStatus?: CommitmentStatus | null;
  reason?: string | null;
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
  /** A published update of the same commitment that this one corrects. */
  corrects?: string | null;
}

export interface ProgressResult {
  progressUpdate: ProgressUpdate;
  commitment: Commitment;
  statusChange: StatusChange | null;
}

/** The actor and country a commitment belongs to, for the permission rules. */
export async function scopeOf(w: Write, commitment: Commitment): Promise<ActorScope> {
  const scope = (await scopesOf(w.em, [commitment.id])).get(commitment.id)!;
  return { actorId: scope.actorId, country: scope.country };
}

async function publish(w: Write, update: ProgressUpdate, commitment: Commitment): Promise<StatusChange | null> {
  update.state = ProgressUpdateState.PUBLISHED;
  update.publishedAt = w.now;
  update.sequence = await nextSequence(w.em);
  await w.em.flush();
  await w.emit(Topic.PROGRESS_LOGGED, commitment, { sequence: update.sequence, recordId: update.id, draft: false });
  if (!update.newStatus) return null;
  if (update.expectedVersion !== null && update.expectedVersion !== undefined) checkVersion(commitment, update.expectedVersion);
  return changeStatus(w, commitment, update.newStatus, { reason: update.statusReason, progressUpdate: update });
}

export async function logProgress(w: Write, input: LogProgress): Promise<ProgressResult> {
  const commitment = await byGlobalId(w.em, Commitment, 'commitmentId', input.commitmentId);
  authorize(w.user, policy.mayLogProgress(w.user, await scopeOf(w, commitment)), RULES.logProgress);
  await assertWritable(w.em, commitment);
  const { result } = await idempotent(w, 'logProgress', input.idempotencyKey, input, async () => {
    const summary = requiredText('summary', input.summary, MAX.summary);
    const evidenceLinks = urls('evidenceLinks', input.evidenceLinks);
    const periodStart = partialDate('periodStart', input.periodStart) ?? null;
    const periodEnd = partialDate('periodEnd', input.periodEnd) ?? null;
    dateOrder('periodStart', periodStart, 'periodEnd', periodEnd);
    if (input.newStatus) {
      if (input.expectedVersion === null || input.expectedVersion === undefined) {
        throw badInput('expectedVersion', 'expectedVersion is required with newStatus');
      }
      checkVersion(commitment, input.expectedVersion);
      if (input.newStatus !== commitment.status) checkTransition(commitment.status, input.newStatus, input.reason?.trim());
    }
    const corrects = input.corrects ? await correctable(w, input.corrects, commitment) : null;
    const directly = policy.publishesDirectly(w.user);
    const update = w.em.create(ProgressUpdate, {
      code: generateCode('PU'),
      commitment,
      summary,
      evidenceLinks,
      periodStart,
      periodEnd,
      reportedAt: w.now,
      reportedBy: w.user,
      newStatus: input.newStatus ?? null,
      statusReason: input.reason?.trim() || null,
      expectedVersion: input.expectedVersion ?? null,
      state: ProgressUpdateState.DRAFT,
      submittedAt: directly ? null : w.now,
      corrects,
      createdBy: w.user,
      updatedBy: w.user,
    });
    await w.em.flush();
    const statusChange = directly ? await publish(w, update, commitment) : null;
    if (update.state === ProgressUpdateState.DRAFT)
      await w.emit(Topic.PROGRESS_LOGGED, commitment, { sequence: null, recordId: update.id, draft: true });
    return { progressUpdate: update.id, statusChange: statusChange?.id ?? null };
  });
  return loadResult(w, result);
}

export async function publishProgressUpdate(w: Write, input: { id: string }): Promise<ProgressResult> {
  authorize(w.user, policy.mayPublish(w.user), RULES.publish);
  const update = await byGlobalId(w.em, ProgressUpdate, 'id', input.id);
  await assertWritable(w.em, update);
  // Only a draft awaiting review is published (src/domain/review.ts): not a returned or withdrawn one, nor twice.
  reviewTransition(update.state, ReviewStep.PUBLISH);
  const commitment = await w.em.findOneOrFail(Commitment, { id: update.commitment.id });
  update.updatedBy = w.user as any;
  const statusChange = await publish(w, update, commitment);
  return { progressUpdate: update, commitment, statusChange };
}

/**
 * The update a correction names: a published one (a draft is edited instead) of the same
 * commitment. Published updates are never changed; the correction stands beside them.
 */
async function correctable(w: Write, globalId: string, commitment: Commitment): Promise<ProgressUpdate> {
  const corrected = await byGlobalId(w.em, ProgressUpdate, 'corrects', globalId);
  if (corrected.commitment.id !== commitment.id) {
    // A draft of another actor is not shown to exist.
    if (corrected.state !== ProgressUpdateState.PUBLISHED) throw notFound('ProgressUpdate', globalId, 'corrects');
    throw badInput('corrects', 'corrects must name a progress update of the same commitment');
  }
  if (corrected.state !== ProgressUpdateState.PUBLISHED) {
    throw badInput(
      'corrects',
      `corrects names a ${corrected.state} update: only a published update is corrected (edit a draft with updateProgressUpdate)`,
    );
  }
  return corrected;
}

async function loadResult(w: Write, ids: Record<string, number | null>): Promise<ProgressResult> {
  const progressUpdate = await w.em.findOne(ProgressUpdate, { id: ids.progressUpdate! });
  if (!progressUpdate) throw notFound('ProgressUpdate', String(ids.progressUpdate));
  const commitment = await w.em.findOneOrFail(Commitment, { id: progressUpdate.commitment.id });
  const statusChange = ids.statusChange ? await w.em.findOne(StatusChange, { id: ids.statusChange }) : null;
  return { progressUpdate, commitment, statusChange };
}
