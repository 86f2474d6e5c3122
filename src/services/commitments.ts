/** Creating and editing commitments (staff), with optimistic concurrency on `expectedVersion`. */
import { Actor, Commitment, Recommendation } from '../entities';
import { CommitmentLinkKind, CommitmentStatus, ReportingFrequency } from '../domain/enums';
import { badInput, conflict } from '../domain/errors';
import { MAX, code as validCode, dateOrder, optionalText, partialDate, requiredText } from '../domain/validation';
import { authorize, policy, RULES } from '../auth/policy';
import { assertWritable, byGlobalId } from './lookup';
import { changeStatus, initialStatus } from './status';
import { generateCode } from './codes';
import { isAllowedInitialStatus } from '../domain/status';
import type { Write } from './write';
import { recheckLinkTimes, setLinks, type LinkSpec } from './links';

export interface CommitmentFields {
  title?: string | null;
  description?: string | null;
  startDate?: string | null;
  dueDate?: string | null;
  reportingFrequency?: ReportingFrequency | null;
  recommendationIds?: string[] | null;
  links?: { recommendationId: string; kind?: CommitmentLinkKind | null; evidence?: string | null }[] | null;
}

export interface CreateCommitment extends CommitmentFields {
  code?: string | null;
  actorId: string;
  title: string;
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

/** The links an input asks for: `recommendationIds` as RESPONDS_TO, then `links` with their kind. */
async function linksOf(w: Write, input: CommitmentFields): Promise<LinkSpec[]> {
  // One after the other: the write's transaction holds one connection, and a PostgreSQL client
  // given a query while it runs another queues it (deprecated: pg 9 will refuse it).
  const specs: LinkSpec[] = [];
  for (const id of input.recommendationIds ?? [])
    specs.push({
      recommendation: await byGlobalId(w.em, Recommendation, 'recommendationIds', id),
      kind: CommitmentLinkKind.RESPONDS_TO,
      evidence: null,
    });
  for (const l of input.links ?? [])
    specs.push({
      recommendation: await byGlobalId(w.em, Recommendation, 'links', l.recommendationId),
      kind: l.kind ?? CommitmentLinkKind.RESPONDS_TO,
      evidence: optionalText('links', l.evidence, MAX.text) ?? null,
    });
  return specs;
}

const LINKS_FIELD = (input: CommitmentFields) => (input.links ? 'links' : 'recommendationIds');

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
  authorize(w.user, policy.mayEditReferenceData(w.user), RULES.editReferenceData);
  if (input.status && !isAllowedInitialStatus(input.status)) {
    throw badInput(
      'status',
      `A commitment cannot be created ${input.status}: create it, then withdraw it with updateCommitment and a reason`,
    );
  }
  const actor = await byGlobalId(w.em, Actor, 'actorId', input.actorId);
  await assertWritable(w.em, actor);
  const links = await linksOf(w, input);
  if (links.length === 0) throw badInput('recommendationIds', 'A commitment is linked to at least one recommendation');
  const commitment = w.em.create(Commitment, {
    code: input.code ? validCode('code', input.code) : generateCode('C'),
    actor,
    title: requiredText('title', input.title, MAX.title),
    status: input.status ?? CommitmentStatus.NOT_STARTED,
    createdBy: w.user,
    updatedBy: w.user,
  });
  applyFields(commitment, input);
  await w.em.flush();
  await setLinks(w.em, commitment, links, LINKS_FIELD(input));
  await initialStatus(w, commitment);
  return commitment;
}

export async function updateCommitment(w: Write, input: UpdateCommitment): Promise<Commitment> {
  authorize(w.user, policy.mayEditReferenceData(w.user), RULES.editReferenceData);
  const commitment = await byGlobalId(w.em, Commitment, 'id', input.id);
  await assertWritable(w.em, commitment);
  checkVersion(commitment, input.expectedVersion);
  w.revisions.because(optionalText('reason', input.reason, MAX.text));
  applyFields(commitment, input);
  if (input.recommendationIds || input.links) await setLinks(w.em, commitment, await linksOf(w, input), LINKS_FIELD(input));
  else if (input.startDate !== undefined) await recheckLinkTimes(w.em, commitment, 'startDate');
  commitment.updatedBy = w.user as any;
  // Any edit is one new version, even one that only touches the recommendation links.
  commitment.updatedAt = w.now;
  if (input.status) await changeStatus(w, commitment, input.status, { reason: input.reason, field: 'status' });
  await w.em.flush();
  return commitment;
}
