/**
 * A commitment's partners: actors taking part, with a role, in a commitment another actor leads.
 * The one place every writer (mutations, import, seeds) goes through. A partner is an actor other
 * than the lead, once per commitment; a new partner may not be an archived actor. Changes are
 * noted in the commitment's revisions (field `partners`), like its links.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { ref } from '@mikro-orm/core';
import { Actor, Commitment, CommitmentPartner } from '../entities';
import type { PartnerRole } from '../domain/enums';
import { badInput } from '../domain/errors';
import { assertNotArchived } from '../domain/archived';
import { MAX, optionalText } from '../domain/validation';
import { authorize, policy, RULES } from '../auth/policy';
import { assertWritable, byGlobalId } from './lookup';
import { checkVersion } from './commitments';
import { recorderOf } from './revisions';
import type { Write } from './write';

export interface PartnerSpec {
  actor: Actor;
  role: PartnerRole;
  /** undefined keeps the stored passage (and its document and section); null clears them. */
  evidence?: string | null;
  document?: string | null;
  section?: string | null;
}

/** A partner as the edit history shows it. */
const partnerJson = (actor: Actor, role: PartnerRole, evidence: string | null | undefined) => ({
  actor: actor.globalId,
  role,
  evidence: evidence ?? null,
});
const byActor = (a: { actor: string }, b: { actor: string }) => a.actor.localeCompare(b.actor);

/** The stored partners of many commitments at once, with their actors, by commitment id. */
export async function partnersOf(em: EntityManager, commitments: Commitment[]): Promise<Map<number, CommitmentPartner[]>> {
  const byCommitment = new Map<number, CommitmentPartner[]>();
  const ids = commitments.map((c) => c.id).filter((id) => id !== undefined);
  for (let i = 0; i < ids.length; i += 500) {
    for (const p of await em.find(CommitmentPartner, { commitment: { $in: ids.slice(i, i + 500) } }, { populate: ['actor'] })) {
      byCommitment.set(p.commitment.id, [...(byCommitment.get(p.commitment.id) ?? []), p]);
    }
  }
  return byCommitment;
}

/**
 * Makes the commitment's partners `partners` and returns whether anything changed. With
 * `keepOthers`, stored partners not in the list stay (the seeds leave those added through the API
 * alone); otherwise the list replaces them. The commitment must have been flushed.
 */
export async function setPartners(
  em: EntityManager,
  commitment: Commitment,
  partners: PartnerSpec[],
  field: string,
  options: { stored?: CommitmentPartner[]; keepOthers?: boolean } = {},
): Promise<boolean> {
  const seen = new Set<number>();
  for (const p of partners) {
    if (p.actor.id === commitment.actor.id) throw badInput(field, `${p.actor.code} leads ${commitment.code}; a partner is another actor`);
    if (seen.has(p.actor.id)) throw badInput(field, `${p.actor.code} is a partner twice`);
    seen.add(p.actor.id);
  }
  const before = options.stored ?? (await partnersOf(em, [commitment])).get(commitment.id) ?? [];
  const byActorId = new Map(before.map((p) => [p.actor.id, p]));
  const beforeJson = before.map((p) => partnerJson(p.actor.getEntity(), p.role, p.evidence)).sort(byActor);
  let changed = false;
  for (const spec of partners) {
    const stored = byActorId.get(spec.actor.id);
    byActorId.delete(spec.actor.id);
    if (!stored) {
      assertNotArchived(spec.actor);
      em.create(CommitmentPartner, {
        commitment: ref(commitment),
        actor: ref(spec.actor),
        role: spec.role,
        evidence: spec.evidence ?? null,
        document: spec.document ?? null,
        section: spec.section ?? null,
      });
      changed = true;
      continue;
    }
    if (stored.role !== spec.role) {
      stored.role = spec.role;
      changed = true;
    }
    for (const key of ['evidence', 'document', 'section'] as const) {
      if (spec[key] !== undefined && (stored[key] ?? null) !== spec[key]) {
        stored[key] = spec[key];
        changed = true;
      }
    }
  }
  if (!options.keepOthers) {
    for (const gone of byActorId.values()) {
      em.remove(gone);
      changed = true;
    }
  }
  if (changed) {
    const kept = options.keepOthers ? [...byActorId.values()] : [];
    const stays = new Map(before.map((p) => [p.actor.id, p.evidence]));
    const after = [
      ...partners.map((p) => partnerJson(p.actor, p.role, p.evidence === undefined ? stays.get(p.actor.id) : p.evidence)),
      ...kept.map((p) => partnerJson(p.actor.getEntity(), p.role, p.evidence)),
    ];
    recorderOf(em)?.note(commitment, 'partners', beforeJson, after.sort(byActor));
  }
  return changed;
}

export interface AddPartner {
  commitmentId: string;
  actorId: string;
  role: PartnerRole;
  evidence?: string | null;
  document?: string | null;
  section?: string | null;
  expectedVersion?: number | null;
  reason?: string | null;
}

export interface RemovePartner {
  commitmentId: string;
  actorId: string;
  expectedVersion?: number | null;
  reason?: string | null;
}

/** Loads the commitment an input names for an edit of its partners: who edits its links, and only a writable one. */
async function editedCommitment(w: Write, input: { commitmentId: string; expectedVersion?: number | null; reason?: string | null }) {
  authorize(w.user, policy.mayEditReferenceData(w.user), RULES.editReferenceData);
  const commitment = await byGlobalId(w.em, Commitment, 'commitmentId', input.commitmentId);
  await assertWritable(w.em, commitment);
  if (input.expectedVersion !== undefined && input.expectedVersion !== null) checkVersion(commitment, input.expectedVersion);
  w.revisions.because(optionalText('reason', input.reason, MAX.text));
  return commitment;
}

/** Any change of partners is one new version of the commitment, as a change of its links is. */
function touched(w: Write, commitment: Commitment): void {
  commitment.updatedBy = ref(w.user);
  commitment.updatedAt = w.now;
}

export async function addCommitmentPartner(w: Write, input: AddPartner): Promise<Commitment> {
  const commitment = await editedCommitment(w, input);
  const actor = await byGlobalId(w.em, Actor, 'actorId', input.actorId);
  const stored = (await partnersOf(w.em, [commitment])).get(commitment.id) ?? [];
  if (stored.some((p) => p.actor.id === actor.id)) {
    throw badInput('actorId', `${actor.code} is already a partner of ${commitment.code}; remove it first to change its role`);
  }
  const spec: PartnerSpec = {
    actor,
    role: input.role,
    evidence: optionalText('evidence', input.evidence, MAX.text) ?? null,
    document: optionalText('document', input.document, MAX.name) ?? null,
    section: optionalText('section', input.section, MAX.section) ?? null,
  };
  const kept = stored.map((p) => ({ actor: p.actor.getEntity(), role: p.role }));
  await setPartners(w.em, commitment, [...kept, spec], 'actorId', { stored });
  touched(w, commitment);
  await w.em.flush();
  return commitment;
}

export async function removeCommitmentPartner(w: Write, input: RemovePartner): Promise<Commitment> {
  const commitment = await editedCommitment(w, input);
  const actor = await byGlobalId(w.em, Actor, 'actorId', input.actorId);
  const stored = (await partnersOf(w.em, [commitment])).get(commitment.id) ?? [];
  if (!stored.some((p) => p.actor.id === actor.id)) throw badInput('actorId', `${actor.code} is not a partner of ${commitment.code}`);
  const kept = stored.filter((p) => p.actor.id !== actor.id).map((p) => ({ actor: p.actor.getEntity(), role: p.role }));
  await setPartners(w.em, commitment, kept, 'actorId', { stored });
  touched(w, commitment);
  await w.em.flush();
  return commitment;
}
