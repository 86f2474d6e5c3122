/**
 * The seed file format (seeds/README.md): types, and a validation that names the file and code
 * of every record that breaks it.
 */
import {
  ActorKind, CommitmentLinkKind, CommitmentStatus, Level, PartnerRole, RecommendationRelation, ReportingFrequency, ResponsibilityRole, SourceKind, Theme,
} from '../domain/enums';
import { isPartialDate } from '../domain/dates';
import { linkTimeProblem } from '../domain/links';
import { countryProblem } from '../domain/actors';

export interface Provenance {
  document: string;
  section: string;
}

export interface SeedSource extends Provenance {
  code: string;
  name: string;
  kind: SourceKind;
  startDate?: string;
  endDate?: string;
  place?: string;
  organisers?: string[];
  documents?: string[];
  description?: string;
}

export interface SeedActor extends Partial<Provenance> {
  code: string;
  name: string;
  kind: ActorKind;
  country?: string;
  parent?: string;
  description?: string;
}

export interface SeedRecommendation extends Provenance {
  code: string;
  /** Codes it had before being recoded: they keep resolving through `recommendation(code:)`. */
  formerCodes?: string[];
  title: string;
  text: string;
  isSummary?: boolean;
  level: Level;
  themes: Theme[];
  addressees?: ActorKind[];
  deadline?: string;
  related?: { code: string; relation: RecommendationRelation }[];
  responsibilities?: { actor: string; role: ResponsibilityRole }[];
}

export interface SeedStatus {
  status: CommitmentStatus;
  at: string;
  evidence?: string;
  document?: string;
  reason?: string;
}

export interface SeedProgress {
  code: string;
  summary: string;
  evidence?: string;
  document?: string;
  section?: string;
  reportedAt: string;
  periodStart?: string;
  periodEnd?: string;
  newStatus?: CommitmentStatus;
  links?: string[];
  /** Kept but archived: a mention recorded as progress in an earlier version of the data (seeds/README.md). */
  archived?: boolean;
}

/** A commitment's link to a recommendation (seeds/README.md, "Link kinds"). */
export interface SeedLink {
  code: string;
  kind: CommitmentLinkKind;
  /** Verbatim passage of `document` (default: the commitment's) saying so; required for RESPONDS_TO. */
  evidence?: string;
  document?: string;
}

/** An actor taking part in a commitment besides its lead (seeds/README.md, "Partners"). */
export interface SeedPartner {
  actor: string;
  role: PartnerRole;
  /** Verbatim passage of `document` (default: the commitment's) naming the partner. */
  evidence: string;
  document?: string;
  /** Default: the commitment's section. */
  section?: string;
}

export interface SeedCommitment extends Provenance {
  code: string;
  actor: string;
  recommendations: SeedLink[];
  title: string;
  description?: string;
  startDate?: string;
  dueDate?: string;
  reportingFrequency?: ReportingFrequency;
  /** Verbatim passage stating the reporting frequency; required unless it is NONE. */
  reportingEvidence?: string;
  /** Date of the document that reports it; default: the date of `document` (documents.json). */
  reportedOn?: string;
  evidence?: string;
  statusHistory: SeedStatus[];
  progressUpdates?: SeedProgress[];
  partners?: SeedPartner[];
}

/** A source document and its date (what reports are due from when a commitment gives no start). */
export interface SeedDocument {
  file: string;
  title: string;
  date: string;
  dateNote?: string;
}

export interface SeedFile {
  documents?: SeedDocument[];
  sources?: SeedSource[];
  actors?: SeedActor[];
  recommendations?: SeedRecommendation[];
  commitments?: SeedCommitment[];
}

/** Every file merged, each record remembering the file it came from. */
export interface SeedData {
  documents: (SeedDocument & { file: string; seedFile?: string })[];
  sources: (SeedSource & { file: string })[];
  actors: (SeedActor & { file: string })[];
  recommendations: (SeedRecommendation & { file: string })[];
  commitments: (SeedCommitment & { file: string })[];
}

export type Problem = string;

const isIn = <T extends string>(e: Record<string, T>, v: unknown): v is T => Object.values(e).includes(v as T);
const COUNTRY = /^[A-Z]{2}$/;
const CODE = /^[A-Z0-9][A-Z0-9-]*$/;

/** The source a recommendation code belongs to (the longest source code it starts with). */
export function sourceOf(data: Pick<SeedData, 'sources'>, recommendationCode: string): SeedSource | undefined {
  return data.sources.filter((s) => recommendationCode.startsWith(`${s.code}-`)).sort((a, b) => b.code.length - a.code.length)[0];
}

/** Structure, enum values, dates, unique codes, resolvable references and the link time rule. */
export function validateSeeds(data: SeedData): Problem[] {
  const problems: Problem[] = [];
  const at = (r: { file: string; code?: string }, msg: string) => problems.push(`${r.file} ${r.code ?? '?'}: ${msg}`);
  const seen = new Map<string, string>();
  const all = [...data.sources, ...data.actors, ...data.recommendations, ...data.commitments];
  const progressCodes = data.commitments.flatMap((c) => (c.progressUpdates ?? []).map((p) => ({ ...p, file: c.file })));
  for (const r of [...all, ...progressCodes]) {
    if (typeof r.code !== 'string' || !CODE.test(r.code)) at(r, 'code must be UPPER-KEBAB (A-Z, 0-9, -)');
    const key = r.code;
    if (seen.has(key)) at(r, `duplicate code (also in ${seen.get(key)})`);
    else seen.set(key, r.file);
  }
  for (const r of data.recommendations) {
    for (const former of r.formerCodes ?? []) {
      if (seen.has(former)) at(r, `former code "${former}" is also ${seen.get(former)}'s`);
      else seen.set(former, r.file);
    }
  }
  const actorCodes = new Set(data.actors.map((a) => a.code));
  const documentDates = new Map(data.documents.map((d) => [d.file, d.date]));
  const recCodes = new Set(data.recommendations.map((r) => r.code));
  const sourceCodes = new Set(data.sources.map((s) => s.code));
  const date = (r: { file: string; code?: string }, name: string, v: unknown, required = false) => {
    if (v === undefined || v === null) {
      if (required) at(r, `${name} is required`);
    } else if (typeof v !== 'string' || !isPartialDate(v)) at(r, `${name} "${v}" is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)`);
  };
  for (const d of data.documents) date({ file: d.seedFile ?? 'documents.json', code: d.file }, 'date', d.date, true);
  const text = (r: { file: string; code?: string }, name: string, v: unknown) => {
    if (typeof v !== 'string' || !v.trim()) at(r, `${name} is required`);
  };
  const provenance = (r: { file: string; code?: string; document?: string; section?: string }) => {
    text(r, 'document', r.document);
    text(r, 'section', r.section);
  };

  for (const s of data.sources) {
    text(s, 'name', s.name);
    provenance(s);
    if (!isIn(SourceKind, s.kind)) at(s, `kind "${s.kind}" is not a SourceKind`);
    date(s, 'startDate', s.startDate);
    date(s, 'endDate', s.endDate);
    for (const o of s.organisers ?? []) if (!actorCodes.has(o)) at(s, `organiser "${o}" is not a seeded actor`);
  }
  for (const a of data.actors) {
    text(a, 'name', a.name);
    if (!isIn(ActorKind, a.kind)) at(a, `kind "${a.kind}" is not an ActorKind`);
    if (a.country !== undefined && !COUNTRY.test(a.country)) at(a, `country "${a.country}" is not ISO 3166-1 alpha-2`);
    const international = countryProblem(a.kind, a.country);
    if (international) at(a, international);
    if (a.parent !== undefined && !actorCodes.has(a.parent)) at(a, `parent "${a.parent}" is not a seeded actor`);
  }
  for (const r of data.recommendations) {
    text(r, 'title', r.title);
    text(r, 'text', r.text);
    provenance(r);
    const source = data.sources.find((s) => r.code.startsWith(`${s.code}-`));
    if (!source || !sourceCodes.has(source.code)) at(r, 'code does not start with a seeded source code');
    if (!isIn(Level, r.level)) at(r, `level "${r.level}" is not a Level`);
    if (!Array.isArray(r.themes) || r.themes.length === 0) at(r, 'at least one theme is required');
    for (const t of r.themes ?? []) if (!isIn(Theme, t)) at(r, `theme "${t}" is not a Theme`);
    for (const k of r.addressees ?? []) if (!isIn(ActorKind, k)) at(r, `addressee "${k}" is not an ActorKind`);
    date(r, 'deadline', r.deadline);
    for (const l of r.related ?? []) {
      if (!recCodes.has(l.code)) at(r, `related "${l.code}" is not a seeded recommendation`);
      if (!isIn(RecommendationRelation, l.relation)) at(r, `relation "${l.relation}" is not REITERATES or FOLLOWS_UP`);
    }
    for (const x of r.responsibilities ?? []) {
      if (!actorCodes.has(x.actor)) at(r, `responsible actor "${x.actor}" is not a seeded actor`);
      if (!isIn(ResponsibilityRole, x.role)) at(r, `role "${x.role}" is not a ResponsibilityRole`);
    }
  }
  for (const c of data.commitments) {
    text(c, 'title', c.title);
    provenance(c);
    if (!actorCodes.has(c.actor)) at(c, `actor "${c.actor}" is not a seeded actor`);
    if (!Array.isArray(c.recommendations) || c.recommendations.length === 0) at(c, 'at least one recommendation is required');
    const linked = new Set<string>();
    for (const link of c.recommendations ?? []) {
      if (typeof link !== 'object' || link === null) {
        at(c, `link ${JSON.stringify(link)} must be { "code", "kind" }`);
        continue;
      }
      if (!recCodes.has(link.code)) at(c, `recommendation "${link.code}" is not seeded`);
      if (linked.has(link.code)) at(c, `recommendation "${link.code}" is linked twice`);
      linked.add(link.code);
      if (!isIn(CommitmentLinkKind, link.kind)) at(c, `link to ${link.code}: kind "${link.kind}" is not RESPONDS_TO or CONTRIBUTES_TO`);
      if (link.kind === CommitmentLinkKind.RESPONDS_TO && !link.evidence) {
        at(c, `link to ${link.code}: RESPONDS_TO needs the evidence passage that says the commitment answers it`);
      }
      const problem = linkTimeProblem(link.kind, c.startDate, sourceOf(data, link.code)?.startDate);
      if (problem) at(c, `link to ${link.code}: ${problem}`);
    }
    const partners = new Set<string>();
    for (const p of c.partners ?? []) {
      if (!actorCodes.has(p.actor)) at(c, `partner "${p.actor}" is not a seeded actor`);
      if (p.actor === c.actor) at(c, `partner "${p.actor}" is the lead actor; a partner is another actor`);
      if (partners.has(p.actor)) at(c, `partner "${p.actor}" is named twice`);
      partners.add(p.actor);
      if (!isIn(PartnerRole, p.role)) at(c, `partner ${p.actor}: role "${p.role}" is not IMPLEMENTING, FUNDING or MONITORING`);
      if (typeof p.evidence !== 'string' || !p.evidence.trim()) at(c, `partner ${p.actor}: evidence, the passage that names it, is required`);
    }
    date(c, 'startDate', c.startDate);
    date(c, 'dueDate', c.dueDate);
    date(c, 'reportedOn', c.reportedOn);
    if (c.reportingFrequency !== undefined && !isIn(ReportingFrequency, c.reportingFrequency)) at(c, `reportingFrequency "${c.reportingFrequency}" is not valid`);
    if (c.reportingFrequency && c.reportingFrequency !== ReportingFrequency.NONE && !c.reportingEvidence) {
      at(c, `reportingFrequency ${c.reportingFrequency} needs reportingEvidence, the passage that states it`);
    }
    if (!c.reportedOn && !documentDates.has(c.document)) at(c, `document "${c.document}" has no date in documents.json (reports are due from it)`);
    if (!Array.isArray(c.statusHistory) || c.statusHistory.length === 0) at(c, 'statusHistory needs at least one entry');
    for (const h of c.statusHistory ?? []) {
      if (!isIn(CommitmentStatus, h.status)) at(c, `status "${h.status}" is not a CommitmentStatus`);
      date(c, 'statusHistory.at', h.at, true);
    }
    for (const p of c.progressUpdates ?? []) {
      const rec = { file: c.file, code: p.code };
      text(rec, 'summary', p.summary);
      date(rec, 'reportedAt', p.reportedAt, true);
      date(rec, 'periodStart', p.periodStart);
      date(rec, 'periodEnd', p.periodEnd);
      if (p.newStatus !== undefined && !isIn(CommitmentStatus, p.newStatus)) at(rec, `newStatus "${p.newStatus}" is not valid`);
    }
  }
  return problems;
}
