/** Creating and editing commitments (staff), with optimistic concurrency on `expectedVersion`. */
import { Actor, Commitment, Recommendation } from '../entities';
import { CommitmentStatus, ReportingFrequency } from '../domain/enums';
import { badInput, conflict } from '../domain/errors';
import { MAX, code as validCode, dateOrder, optionalText, partialDate, requiredText } from '../domain/validation';
import { authorize, policy } from '../auth/policy';
import { byGlobalId } from './lookup';
import { changeStatus, initialStatus } from './status';
import { generateCode } from './codes';
import type { Write } from './write';

export interface CommitmentFields {
  title?: string | null;
  description?: string | null;
  startDate?: string | null;
  dueDate?: string | null;
  reportingFrequency?: ReportingFrequency | null;
  recommendationIds?: string[] | null;
}

export interface CreateCommitment extends CommitmentFields {
  code?: string | null;
  actorId: string;
  title: string;
  recommendationIds: string[];
  status?: CommitmentStatus | null;
}

export interface UpdateCommitment extends CommitmentFields {
  id: string;
  expectedVersion: number;
  status?: CommitmentStatus | null;
  reason?: string | null;
}

/** A stale version is refused with the current one, so the client can reload and retry. */
export function checkVersion(commitment: Commitment, expectedVersion: number): void {
  if (commitment.version !== expectedVersion) {
    throw conflict(`Commitment ${commitment.code} is at version ${commitment.version}, not ${expectedVersion}`, commitment.version);
  }
}

async function recommendationsOf(w: Write, ids: string[]): Promise<Recommendation[]> {
  if (ids.length === 0) throw badInput('recommendationIds', 'A commitment answers at least one recommendation');
  return Promise.all(ids.map((id) => byGlobalId(w.em, Recommendation, 'recommendationIds', id)));
}

function applyFields(c: Commitment, input: CommitmentFields): void {
  if (input.title !== undefined) c.title = requiredText('title', input.title, MAX.title);
  const description = optionalText('description', input.description, MAX.text);
  if (description !== undefined) c.description = description;
  const start = partialDate('startDate', input.startDate);
  if (start !== undefined) c.startDate = start;
  const due = partialDate('dueDate', input.dueDate);
  if (due !== undefined) c.setDueDate(due);
  dateOrder('startDate', c.startDate, 'dueDate', c.dueDate);
  if (input.reportingFrequency) c.reportingFrequency = input.reportingFrequency;
}

export async function createCommitment(w: Write, input: CreateCommitment): Promise<Commitment> {
  authorize(w.user, policy.mayEditReferenceData(w.user));
  const actor = await byGlobalId(w.em, Actor, 'actorId', input.actorId);
  const recommendations = await recommendationsOf(w, input.recommendationIds);
  const commitment = w.em.create(Commitment, {
    code: input.code ? validCode('code', input.code) : generateCode('C'),
    actor,
    title: requiredText('title', input.title, MAX.title),
    status: input.status ?? CommitmentStatus.NOT_STARTED,
    createdBy: w.user,
    updatedBy: w.user,
  });
  applyFields(commitment, input);
  commitment.recommendations.set(recommendations);
  await w.em.flush();
  await initialStatus(w, commitment);
  return commitment;
}

export async function updateCommitment(w: Write, input: UpdateCommitment): Promise<Commitment> {
  authorize(w.user, policy.mayEditReferenceData(w.user));
  const commitment = await byGlobalId(w.em, Commitment, 'id', input.id);
  checkVersion(commitment, input.expectedVersion);
  applyFields(commitment, input);
  if (input.recommendationIds) commitment.recommendations.set(await recommendationsOf(w, input.recommendationIds));
  commitment.updatedBy = w.user as any;
  // Any edit is one new version, even one that only touches the recommendation links.
  commitment.updatedAt = w.now;
  if (input.status) await changeStatus(w, commitment, input.status, { reason: input.reason, field: 'status' });
  await w.em.flush();
  return commitment;
}
