/**
 * Writing a commitment's links to recommendations: the one place every writer (mutations,
 * import, seeds) goes through, so the time rule of src/domain/links.ts holds everywhere.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { ref } from '@mikro-orm/core';
import { Commitment, CommitmentLink, Recommendation, Source } from '../entities';
import { CommitmentLinkKind } from '../domain/enums';
import { linkTimeProblem } from '../domain/links';
import { badInput } from '../domain/errors';
import { assertNotArchived } from '../domain/archived';
import { recorderOf } from './revisions';

/** A link as the edit history shows it (src/services/revisions.ts). */
const linkJson = (recommendation: Recommendation, kind: CommitmentLinkKind, evidence: string | null | undefined) => ({
  recommendation: recommendation.globalId,
  kind,
  evidence: evidence ?? null,
});
const byRecommendationId = (a: { recommendation: string }, b: { recommendation: string }) =>
  a.recommendation.localeCompare(b.recommendation);

export interface LinkSpec {
  recommendation: Recommendation;
  kind: CommitmentLinkKind;
  /** undefined keeps the stored passage; null clears it. */
  evidence?: string | null;
}

/** Refuses (BAD_USER_INPUT on `field`) a RESPONDS_TO link to a recommendation issued after the commitment began. */
export async function checkLinkTimes(
  em: EntityManager,
  startDate: string | null | undefined,
  links: LinkSpec[],
  field: string,
): Promise<void> {
  if (!startDate) return;
  const sourceIds = [...new Set(links.filter((l) => l.kind === CommitmentLinkKind.RESPONDS_TO).map((l) => l.recommendation.source.id))];
  if (sourceIds.length === 0) return;
  const sources = new Map((await em.find(Source, { id: { $in: sourceIds } })).map((s) => [s.id, s]));
  for (const link of links) {
    const problem = linkTimeProblem(link.kind, startDate, sources.get(link.recommendation.source.id)?.startDate);
    if (problem) throw badInput(field, `${link.recommendation.code}: ${problem}`);
  }
}

/** The commitment's stored links, with their recommendations. */
export async function storedLinks(em: EntityManager, commitment: Commitment): Promise<CommitmentLink[]> {
  if (commitment.id === undefined) return [];
  return em.find(CommitmentLink, { commitment: commitment.id }, { populate: ['recommendation'] });
}

/** The stored links of many commitments at once, with their recommendations, by commitment id (bulk writers: seeds, import). */
export async function linksOf(em: EntityManager, commitments: Commitment[]): Promise<Map<number, CommitmentLink[]>> {
  const byCommitment = new Map<number, CommitmentLink[]>();
  const ids = commitments.map((c) => c.id);
  for (let i = 0; i < ids.length; i += 500) {
    for (const link of await em.find(CommitmentLink, { commitment: { $in: ids.slice(i, i + 500) } }, { populate: ['recommendation'] })) {
      const list = byCommitment.get(link.commitment.id) ?? [];
      list.push(link);
      byCommitment.set(link.commitment.id, list);
    }
  }
  return byCommitment;
}

/**
 * Makes the commitment's links exactly `links` (checked against its start date); returns whether
 * anything changed. The commitment must have been flushed (it needs its id); `stored` may give
 * its stored links when the caller has loaded them already.
 */
export async function setLinks(
  em: EntityManager,
  commitment: Commitment,
  links: LinkSpec[],
  field: string,
  stored?: CommitmentLink[],
): Promise<boolean> {
  const seen = new Set<number>();
  for (const l of links) {
    if (seen.has(l.recommendation.id)) throw badInput(field, `${l.recommendation.code} is linked twice`);
    seen.add(l.recommendation.id);
  }
  if (links.length === 0) throw badInput(field, 'A commitment is linked to at least one recommendation');
  await checkLinkTimes(em, commitment.startDate, links, field);
  const before = stored ?? (await storedLinks(em, commitment));
  const byRecommendation = new Map(before.map((l) => [l.recommendation.id, l]));
  const beforeJson = before.map((l) => linkJson(l.recommendation.getEntity(), l.kind, l.evidence)).sort(byRecommendationId);
  let changed = false;
  for (const spec of links) {
    const link = byRecommendation.get(spec.recommendation.id);
    byRecommendation.delete(spec.recommendation.id);
    if (!link) {
      // A link that exists may stay when its recommendation is archived; a new one may not be made.
      assertNotArchived(spec.recommendation);
      em.create(CommitmentLink, {
        commitment: ref(commitment),
        recommendation: ref(spec.recommendation),
        kind: spec.kind,
        evidence: spec.evidence ?? null,
      });
      changed = true;
      continue;
    }
    if (link.kind !== spec.kind) {
      link.kind = spec.kind;
      changed = true;
    }
    if (spec.evidence !== undefined && (link.evidence ?? null) !== spec.evidence) {
      link.evidence = spec.evidence;
      changed = true;
    }
  }
  for (const gone of byRecommendation.values()) {
    em.remove(gone);
    changed = true;
  }
  if (changed) {
    const stays = new Map(before.map((l) => [l.recommendation.id, l.evidence]));
    const after = links.map((l) =>
      linkJson(l.recommendation, l.kind, l.evidence === undefined ? stays.get(l.recommendation.id) : l.evidence),
    );
    recorderOf(em as any)?.note(commitment, 'links', beforeJson, after.sort(byRecommendationId));
  }
  return changed;
}

/** After a change of start date alone: the stored links must still keep the time rule. */
export async function recheckLinkTimes(em: EntityManager, commitment: Commitment, field: string): Promise<void> {
  const links = await storedLinks(em, commitment);
  await checkLinkTimes(
    em,
    commitment.startDate,
    links.map((l) => ({ recommendation: l.recommendation.getEntity(), kind: l.kind })),
    field,
  );
}
