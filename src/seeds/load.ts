/**
 * Loads the seed data into the database in one transaction, upserting by code: loading twice
 * changes nothing, and records added through the API are left alone. Seeded statuses come with
 * their StatusChange rows (by the `system` user, dated by the document) and sequence numbers.
 */
import { rebuildCounts } from '../queries/counts';
import type { EntityManager } from '@mikro-orm/knex';
import type { Orm } from '../db/orm';
import {
  Actor, Commitment, ProgressUpdate, Recommendation, RecommendationCodeAlias, RecommendationLink, Responsibility, Source, StatusChange, User,
} from '../entities';
import { ProgressUpdateState, ReportingFrequency, Role } from '../domain/enums';
import { firstDayOf } from '../domain/dates';
import { collapseWhitespace } from './normalize';
import { sourceOf, validateSeeds, type SeedData } from './format';
import { nextSequence } from '../services/sequence';
import { assignChanged } from '../services/upsert';
import { linksOf, setLinks } from '../services/links';
import { partnersOf, setPartners } from '../services/partners';

export interface LoadReport {
  created: Record<string, number>;
  updated: Record<string, number>;
}

/** The built-in user that owns seeded records; created on first use. */
export async function systemUser(em: EntityManager): Promise<User> {
  const existing = await em.findOne(User, { email: User.SYSTEM_EMAIL });
  if (existing) return existing;
  const user = em.create(User, { email: User.SYSTEM_EMAIL, name: 'system', role: Role.ADMIN });
  await em.flush();
  return user;
}

const dayStart = (partial: string) => new Date(`${firstDayOf(partial)}T00:00:00.000Z`);
const opt = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

export async function loadSeeds(orm: Orm, data: SeedData): Promise<LoadReport> {
  const problems = validateSeeds(data);
  if (problems.length) throw new Error(`Seed data is invalid:\n${problems.join('\n')}`);
  const report: LoadReport = { created: {}, updated: {} };
  const count = (kind: 'created' | 'updated', what: string) => (report[kind][what] = (report[kind][what] ?? 0) + 1);

  await orm.em.fork().transactional(async (em) => {
    const system = await systemUser(em);
    const stamp = { createdBy: system, updatedBy: system } as const;

    async function upsert<T extends { code: string }>(entityClass: new () => T, name: string, codes: string[]) {
      const existing = await em.find(entityClass as any, { code: { $in: codes } });
      const map = new Map<string, T>((existing as T[]).map((e) => [e.code, e]));
      const created = new Set<T>();
      const put = (code: string, values: Partial<T>): T => {
        let entity = map.get(code);
        if (!entity) {
          entity = em.create(entityClass as any, { code, ...values, ...stamp } as any) as T;
          map.set(code, entity);
          created.add(entity);
          count('created', name);
        } else if (assignChanged(entity, values)) {
          count('updated', name);
        }
        return entity;
      };
      /** Whether this load created the record (history and sequences are written only then). */
      return Object.assign(put, { isNew: (entity: T) => created.has(entity) });
    }

    // Actors: all rows first, then parents (a parent may be defined after its child).
    const putActor = await upsert(Actor, 'actors', data.actors.map((a) => a.code));
    const actors = new Map<string, Actor>();
    for (const a of data.actors) {
      actors.set(a.code, putActor(a.code, {
        name: a.name, kind: a.kind, country: opt(a.country), description: opt(a.description),
        document: opt(a.document), section: opt(a.section),
      }));
    }
    for (const a of data.actors) {
      const actor = actors.get(a.code)!;
      const parent = a.parent ? actors.get(a.parent)! : null;
      if ((actor.parent?.id ?? null) !== (parent?.id ?? null) || (parent && !actor.parent)) actor.parent = parent as any;
    }
    await em.flush();

    const putSource = await upsert(Source, 'sources', data.sources.map((s) => s.code));
    const sources = new Map<string, Source>();
    for (const s of data.sources) {
      const source = putSource(s.code, {
        name: s.name, kind: s.kind, startDate: opt(s.startDate), endDate: opt(s.endDate), place: opt(s.place),
        description: opt(s.description), documents: s.documents ?? [s.document], document: s.document, section: s.section,
      });
      sources.set(s.code, source);
    }
    await em.flush();
    for (const s of data.sources) {
      const source = sources.get(s.code)!;
      if (!source.organisers.isInitialized()) await source.organisers.init();
      for (const code of s.organisers ?? []) if (!source.organisers.contains(actors.get(code)!)) source.organisers.add(actors.get(code)!);
    }

    const putRecommendation = await upsert(Recommendation, 'recommendations', data.recommendations.map((r) => r.code));
    const recommendations = new Map<string, Recommendation>();
    for (const r of data.recommendations) {
      const source = sourceOf(data, r.code)!;
      recommendations.set(r.code, putRecommendation(r.code, {
        title: r.title, text: collapseWhitespace(r.text), isSummary: r.isSummary ?? false, source: sources.get(source.code) as any,
        level: r.level, themes: r.themes, addressees: r.addressees ?? [], deadline: opt(r.deadline),
        document: r.document, section: r.section,
      }));
    }
    await em.flush();

    const aliases = new Set((await em.find(RecommendationCodeAlias, {})).map((a) => a.code));
    for (const r of data.recommendations) {
      for (const code of r.formerCodes ?? []) {
        if (aliases.has(code)) continue;
        em.create(RecommendationCodeAlias, { code, recommendation: recommendations.get(r.code)! });
        count('created', 'codeAliases');
      }
    }

    const links = await em.find(RecommendationLink, {});
    const linkKey = (from: number, to: number, relation: string) => `${from}>${to}:${relation}`;
    const haveLinks = new Set(links.map((l) => linkKey(l.from.id, l.to.id, l.relation)));
    const responsibilities = await em.find(Responsibility, {});
    const respKey = (rec: number, actor: number, role: string) => `${rec}:${actor}:${role}`;
    const haveResponsibilities = new Set(responsibilities.map((x) => respKey(x.recommendation.id, x.actor.id, x.role)));
    for (const r of data.recommendations) {
      const from = recommendations.get(r.code)!;
      for (const l of r.related ?? []) {
        const to = recommendations.get(l.code)!;
        if (haveLinks.has(linkKey(from.id, to.id, l.relation))) continue;
        em.create(RecommendationLink, { from, to, relation: l.relation, ...stamp });
        haveLinks.add(linkKey(from.id, to.id, l.relation));
        count('created', 'links');
      }
      for (const x of r.responsibilities ?? []) {
        const actor = actors.get(x.actor)!;
        if (haveResponsibilities.has(respKey(from.id, actor.id, x.role))) continue;
        em.create(Responsibility, { recommendation: from, actor, role: x.role, document: r.document, section: r.section, ...stamp });
        haveResponsibilities.add(respKey(from.id, actor.id, x.role));
        count('created', 'responsibilities');
      }
    }

    const putCommitment = await upsert(Commitment, 'commitments', data.commitments.map((c) => c.code));
    const putProgress = await upsert(ProgressUpdate, 'progressUpdates', data.commitments.flatMap((c) => (c.progressUpdates ?? []).map((p) => p.code)));
    const documentDates = new Map(data.documents.map((d) => [d.file, d.date]));
    const commitments = new Map<string, Commitment>();
    for (const c of data.commitments) {
      const commitment = putCommitment(c.code, {
        title: c.title, description: opt(c.description), actor: actors.get(c.actor) as any, startDate: opt(c.startDate),
        reportingFrequency: c.reportingFrequency ?? ReportingFrequency.NONE,
        reportedOn: c.reportedOn ?? documentDates.get(c.document) ?? null,
        evidence: c.evidence ? collapseWhitespace(c.evidence) : null, document: c.document, section: c.section,
      });
      if ((commitment.dueDate ?? null) !== opt(c.dueDate)) commitment.setDueDate(opt(c.dueDate));
      commitments.set(c.code, commitment);
    }
    await em.flush();
    const storedLinks = await linksOf(em, [...commitments.values()]);
    const storedPartners = await partnersOf(em, [...commitments.values()]);
    for (const c of data.commitments) {
      const commitment = commitments.get(c.code)!;
      const links = c.recommendations.map((l) => ({
        recommendation: recommendations.get(l.code)!,
        kind: l.kind,
        evidence: l.evidence ? collapseWhitespace(l.evidence) : null,
      }));
      const linksChanged = await setLinks(em, commitment, links, `${c.code}.recommendations`, storedLinks.get(commitment.id) ?? []);
      if (linksChanged && !putCommitment.isNew(commitment)) count('updated', 'links');
      // Partners added through the API stay; the seeded ones are added or brought up to date.
      const partners = (c.partners ?? []).map((p) => ({
        actor: actors.get(p.actor)!,
        role: p.role,
        evidence: collapseWhitespace(p.evidence),
        document: p.document ?? c.document,
        section: p.section ?? c.section,
      }));
      if (partners.length) {
        const stored = storedPartners.get(commitment.id) ?? [];
        const before = stored.length;
        if (await setPartners(em, commitment, partners, `${c.code}.partners`, { stored, keepOthers: true })) {
          count(putCommitment.isNew(commitment) || before === 0 ? 'created' : 'updated', 'partners');
        }
      }
      if (putCommitment.isNew(commitment)) {
        // History is written once, when the commitment is first seeded: it is append-only.
        let from = null as StatusChange['fromStatus'];
        for (const h of c.statusHistory) {
          em.create(StatusChange, {
            commitment, fromStatus: from, toStatus: h.status, at: dayStart(h.at), by: system,
            reason: opt(h.reason), document: h.document ?? c.document, evidence: h.evidence ? collapseWhitespace(h.evidence) : null,
            sequence: await nextSequence(em),
          });
          from = h.status;
        }
        commitment.status = c.statusHistory[c.statusHistory.length - 1].status;
      }
      for (const p of c.progressUpdates ?? []) {
        const reportedAt = dayStart(p.reportedAt);
        const update = putProgress(p.code, {
          commitment: commitment as any, summary: p.summary, evidence: p.evidence ? collapseWhitespace(p.evidence) : null,
          evidenceLinks: p.links ?? [], periodStart: opt(p.periodStart), periodEnd: opt(p.periodEnd), reportedAt,
          reportedBy: system as any, newStatus: opt(p.newStatus), document: p.document ?? c.document, section: p.section ?? c.section,
        });
        if (putProgress.isNew(update)) {
          update.state = ProgressUpdateState.PUBLISHED;
          update.publishedAt = reportedAt;
          update.sequence = await nextSequence(em);
        }
        // A mention once recorded as progress: kept (its sequence number stays), archived.
        if (p.archived && !update.archivedAt) {
          update.archivedAt = new Date();
          if (!putProgress.isNew(update)) count('updated', 'progressUpdates');
        }
      }
    }
    await em.flush();
    // Seeds write around the write module: the dashboard's counts are rebuilt in their transaction.
    await rebuildCounts(em as unknown as EntityManager);
  });
  return report;
}

/** Loads the seeds only into an empty database (no source yet): what `npm start` does. */
export async function seedIfEmpty(orm: Orm, data: () => SeedData): Promise<LoadReport | null> {
  const em = orm.em.fork();
  if ((await em.count(Source, {})) > 0) return null;
  return loadSeeds(orm, data());
}
