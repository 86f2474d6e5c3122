/**
 * commitments.csv: the columns of the commitments export (`partners`: ACTOR-CODE:ROLE;…, which
 * replaces the stored partners when the column is there and keeps them when it is not), plus an optional `status_reason`
 * (withdrawing, or re-opening an implemented commitment, needs one). A new commitment records its
 * first status; a changed status goes through changeStatus (rules, history, sequence, event).
 * `version` and `is_overdue` are derived and ignored.
 */
import { ref } from '@mikro-orm/core';
import { Actor, Commitment, CommitmentLink, CommitmentPartner, Recommendation, StatusChange } from '../../entities';
import { CommitmentLinkKind, CommitmentStatus, PartnerRole, ReportingFrequency } from '../../domain/enums';
import { linkTimeProblem } from '../../domain/links';
import { linksOf, setLinks } from '../../services/links';
import { partnersOf, setPartners } from '../../services/partners';
import { nextSequences } from '../../services/sequence';
import { commitmentIdsByCode, statusChangeIdsBySequence } from '../../queries/bulk';
import { Topic } from '../../pubsub/events';
import { MAX, code, dateOrder, optionalText, partialDate, requiredText } from '../../domain/validation';
import { changeStatus, checkTransition } from '../../services/status';
import { commitmentColumns } from '../../export/columns';
import { emptyAsNull, known, list, listOf, oneOf, optionalOneOf, type RowCheck } from '../cells';
import { badInput } from '../../domain/errors';
import { codesIn, entitiesByCode, rowsByCode } from '../references';
import { assignChanged, defined } from '../../services/upsert';
import { assertNotArchived } from '../../domain/archived';
import { assertWritable } from '../../services/lookup';
import { eachRecord, noCounts, type ImportKind, type ImportRecord } from '../kind';
import { dialectOf } from '../../queries/dialect';
import { checkStatusChange } from './status-change';

export interface CommitmentRecord extends ImportRecord {
  actorCode: string;
  recommendationCodes: string[];
  /** Parallel to recommendationCodes; undefined (no column) keeps stored kinds, new links RESPONDS_TO. */
  linkKinds?: CommitmentLinkKind[];
  /** undefined (no column) keeps the stored partners; a list replaces them. */
  partners?: { actorCode: string; role: PartnerRole }[];
  title: string;
  description?: string | null;
  startDate?: string | null;
  dueDate?: string | null;
  reportedOn?: string | null;
  status?: CommitmentStatus;
  statusReason?: string | null;
  reportingFrequency?: ReportingFrequency;
  document?: string | null;
  section?: string | null;
  evidence?: string | null;
}

interface Stored {
  code: string;
  status: CommitmentStatus;
  start_date: string | null;
  due_date: string | null;
  /** JSON object: recommendation code → link kind. */
  /** Code → kind, as JSON text (SQLite) or parsed (PostgreSQL). */
  links: string | Record<string, CommitmentLinkKind> | null;
}

interface Refs {
  commitments: Map<string, Stored>;
  actors: Set<string>;
  /** Recommendation code → its source's date (for the time rule). */
  recommendations: Map<string, { code: string; source_date: string | null }>;
}

const REQUIRED = ['code', 'actor_code', 'recommendation_codes', 'title'];

const partnerRole = oneOf(PartnerRole, 'PartnerRole');

/** `ACTOR-CODE:ROLE` items of the partners cell, each actor known. */
function partnersCell(actors: Set<string>) {
  return (column: string, value: string | undefined): CommitmentRecord['partners'] =>
    list(column, value)?.map((item) => {
      const at = item.lastIndexOf(':');
      if (at < 1) throw badInput(column, `"${item}" is not ACTOR-CODE:ROLE`);
      return { actorCode: known('actor', actors)(column, item.slice(0, at).trim()), role: partnerRole(column, item.slice(at + 1).trim()) };
    });
}

/** The kind of the i-th link: the row's, else the stored one, else RESPONDS_TO. */
function kindOf(r: Pick<CommitmentRecord, 'linkKinds'>, i: number, stored: CommitmentLinkKind | undefined): CommitmentLinkKind {
  return r.linkKinds?.[i] ?? stored ?? CommitmentLinkKind.RESPONDS_TO;
}

/** Rows per insert statement: SQLite binds at most 32,766 parameters in one statement. */
const INSERT_ROWS = 1000;

function slices<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/** The columns a row sets on the commitment (undefined: the cell or column was absent). */
function fieldValues(r: CommitmentRecord, actors: Map<string, Actor>) {
  return defined({
    actor: ref(actors.get(r.actorCode)!),
    title: r.title,
    description: r.description,
    startDate: r.startDate,
    dueDate: r.dueDate,
    reportedOn: r.reportedOn,
    reportingFrequency: r.reportingFrequency,
    document: r.document,
    section: r.section,
    evidence: r.evidence,
  });
}

export const commitmentsImport: ImportKind<CommitmentRecord, Refs> = {
  name: 'commitments',
  columns: {
    required: REQUIRED,
    optional: [...commitmentColumns.filter((c) => !c.derived && !REQUIRED.includes(c.name)).map((c) => c.name), 'status_reason'],
    ignored: commitmentColumns.filter((c) => c.derived).map((c) => c.name),
  },

  async references(knex, rows) {
    const [commitments, actors, recommendations] = await Promise.all([
      rowsByCode<Stored>(knex, 'commitment', codesIn(rows, 'code'), {
        status: 't.status',
        start_date: 't.start_date',
        due_date: 't.due_date',
        links: dialectOf(knex).jsonObjectOf(
          `select r.code, cr.kind from commitment_recommendations cr join recommendation r on r.id = cr.recommendation_id where cr.commitment_id = t.id`,
          'code',
          'kind',
        ),
      }),
      rowsByCode(knex, 'actor', [
        ...codesIn(rows, 'actor_code'),
        ...codesIn(rows, 'partners').map((p) => p.slice(0, Math.max(0, p.lastIndexOf(':'))).trim()),
      ]),
      rowsByCode<{ code: string; source_date: string | null }>(knex, 'recommendation', codesIn(rows, 'recommendation_codes'), {
        source_date: '(select s.start_date from source s where s.id = t.source_id)',
      }),
    ]);
    return { commitments, actors: new Set(actors.keys()), recommendations };
  },

  validate(check: RowCheck, refs: Refs): CommitmentRecord {
    const record: CommitmentRecord = {
      line: check.line,
      code: check.cell('code', (c, v) => code(c, v ?? ''))!,
      actorCode: check.cell('actor_code', (c, v) => known('actor', refs.actors)(c, requiredText(c, v, MAX.code)))!,
      recommendationCodes: check.cell('recommendation_codes', (c, v) =>
        list(c, v)!.map((x) => known('recommendation', refs.recommendations)(c, x)),
      )!,
      linkKinds: check.cell('link_kinds', (c, v) =>
        emptyAsNull(v) === null ? [] : listOf(CommitmentLinkKind, 'CommitmentLinkKind')(c, v),
      ),
      partners: check.cell('partners', partnersCell(refs.actors)),
      title: check.cell('title', (c, v) => requiredText(c, v, MAX.title))!,
      description: check.cell('description', (c, v) => optionalText(c, v, MAX.text)),
      startDate: check.cell('start_date', (c, v) => partialDate(c, emptyAsNull(v))),
      dueDate: check.cell('due_date', (c, v) => partialDate(c, emptyAsNull(v))),
      reportedOn: check.cell('reported_on', (c, v) => partialDate(c, emptyAsNull(v))),
      status: check.cell('status', optionalOneOf(CommitmentStatus, 'CommitmentStatus')),
      statusReason: check.cell('status_reason', (c, v) => optionalText(c, v, MAX.reason)),
      reportingFrequency: check.cell('reporting_frequency', optionalOneOf(ReportingFrequency, 'ReportingFrequency')),
      document: check.cell('document', (c, v) => optionalText(c, v, MAX.name)),
      // Section headings are paths of nested headings: longer than a title may be.
      section: check.cell('section', (c, v) => optionalText(c, v, MAX.section)),
      evidence: check.cell('evidence', (c, v) => optionalText(c, v, MAX.text)),
    };
    if (record.recommendationCodes?.length === 0) check.problem('recommendation_codes', 'A commitment answers at least one recommendation');
    const partnerCodes = (record.partners ?? []).map((p) => p.actorCode);
    if (partnerCodes.includes(record.actorCode))
      check.problem('partners', `${record.actorCode} leads the commitment; a partner is another actor`);
    const twicePartner = partnerCodes.find((c, i, all) => all.indexOf(c) !== i);
    if (twicePartner) check.problem('partners', `${twicePartner} is a partner twice`);
    const twice = record.recommendationCodes?.find((c, i, all) => all.indexOf(c) !== i);
    if (twice) check.problem('recommendation_codes', `${twice} is linked twice`);
    const stored = refs.commitments.get(record.code);
    const start = record.startDate !== undefined ? record.startDate : stored?.start_date;
    const due = record.dueDate !== undefined ? record.dueDate : stored?.due_date;
    check.cell('due_date', () => dateOrder('start_date', start, 'due_date', due));
    const codes = record.recommendationCodes ?? [];
    // An empty link_kinds cell means every link RESPONDS_TO; otherwise one kind per code.
    if (record.linkKinds?.length && record.linkKinds.length !== codes.length) {
      check.problem('link_kinds', `link_kinds gives ${record.linkKinds.length} kinds for ${codes.length} recommendation codes`);
    } else {
      const storedKinds: Record<string, CommitmentLinkKind> =
        typeof stored?.links === 'string' ? JSON.parse(stored.links) : (stored?.links ?? {});
      codes.forEach((rec, i) => {
        const kind = kindOf(record, i, storedKinds[rec]);
        const problem = linkTimeProblem(kind, start, refs.recommendations.get(rec)?.source_date);
        if (problem) check.problem('link_kinds', `${rec}: ${problem}`);
      });
    }
    if (stored && record.status && record.status !== stored.status) {
      checkStatusChange(check, 'status', () => checkTransition(stored.status, record.status!, record.statusReason, 'status'));
    }
    return record;
  },

  async write(w, records) {
    const counts = noCounts();
    const existing = await entitiesByCode(
      w.em,
      Commitment,
      records.map((r) => r.code),
    );
    const actors = await entitiesByCode(
      w.em,
      Actor,
      records.flatMap((r) => [r.actorCode, ...(r.partners ?? []).map((p) => p.actorCode)]),
    );
    const recommendations = await entitiesByCode(
      w.em,
      Recommendation,
      records.flatMap((r) => r.recommendationCodes),
    );

    // New commitments are inserted in bulk, outside the unit of work (em.insertMany keeps the
    // ORM's column mapping): per-row flushes made 1,000 rows take a minute, and 50,000 entities
    // in the identity map took a minute and a gigabyte.
    const created = records.filter((r) => !existing.has(r.code));
    // Nothing new is attached to an archived actor or recommendation (src/domain/archived.ts).
    await eachRecord(created, async (r) =>
      assertNotArchived(
        actors.get(r.actorCode),
        ...r.recommendationCodes.map((c) => recommendations.get(c)),
        ...(r.partners ?? []).map((p) => actors.get(p.actorCode)),
      ),
    );
    for (const part of slices(created, INSERT_ROWS)) {
      await w.em.insertMany(
        Commitment,
        part.map((r) => ({
          code: r.code,
          title: r.title,
          description: r.description ?? null,
          actor: actors.get(r.actorCode)!.id,
          startDate: r.startDate ?? null,
          dueDate: r.dueDate ?? null,
          reportedOn: r.reportedOn ?? null,
          status: r.status ?? CommitmentStatus.NOT_STARTED,
          reportingFrequency: r.reportingFrequency ?? ReportingFrequency.NONE,
          document: r.document ?? null,
          section: r.section ?? null,
          evidence: r.evidence ?? null,
          version: 1,
          createdAt: w.now,
          updatedAt: w.now,
          createdBy: w.user.id,
          updatedBy: w.user.id,
        })) as any[],
      );
    }
    const idOf = await commitmentIdsByCode(
      w.em,
      created.map((r) => r.code),
    );
    const ids = created.map((r) => idOf.get(r.code)!);
    // Inserted outside the unit of work, so the recorder is told: one CREATED revision per row.
    created.forEach((r, i) =>
      w.revisions.created('Commitment', ids[i], {
        code: r.code,
        title: r.title,
        description: r.description,
        actor: actors.get(r.actorCode)!.globalId,
        startDate: r.startDate,
        dueDate: r.dueDate,
        reportedOn: r.reportedOn,
        reportingFrequency: r.reportingFrequency ?? ReportingFrequency.NONE,
        document: r.document,
        section: r.section,
        evidence: r.evidence,
        links: r.recommendationCodes
          .map((c, k) => ({ recommendation: recommendations.get(c)!.globalId, kind: kindOf(r, k, undefined), evidence: null }))
          .sort((a, b) => a.recommendation.localeCompare(b.recommendation)),
        ...(r.partners?.length
          ? {
              partners: r.partners
                .map((p) => ({ actor: actors.get(p.actorCode)!.globalId, role: p.role, evidence: null }))
                .sort((a, b) => a.actor.localeCompare(b.actor)),
            }
          : {}),
      }),
    );
    // validate() checked every link (known, not twice, the time rule) against the stored data.
    const links = created.flatMap((r, i) =>
      r.recommendationCodes.map((c, k) => ({
        commitment: ids[i],
        recommendation: recommendations.get(c)!.id,
        kind: kindOf(r, k, undefined),
      })),
    );
    for (const part of slices(links, INSERT_ROWS)) await w.em.insertMany(CommitmentLink, part as any[]);
    const partners = created.flatMap((r, i) =>
      (r.partners ?? []).map((p) => ({ commitment: ids[i], actor: actors.get(p.actorCode)!.id, role: p.role })),
    );
    for (const part of slices(partners, INSERT_ROWS)) await w.em.insertMany(CommitmentPartner, part as any[]);
    const firstSequence = created.length ? await nextSequences(w.em, created.length) : 0;
    const changes = created.map((r, i) => ({
      commitment: ids[i],
      fromStatus: null,
      toStatus: r.status ?? CommitmentStatus.NOT_STARTED,
      at: w.now,
      by: w.user.id,
      sequence: firstSequence + i,
    }));
    for (const part of slices(changes, INSERT_ROWS)) await w.em.insertMany(StatusChange, part as any[]);
    const changeIdOf = await statusChangeIdsBySequence(w.em, firstSequence, changes.length);
    for (const change of changes) {
      w.emitFor(
        Topic.STATUS_CHANGED,
        { id: change.commitment, status: change.toStatus },
        { sequence: change.sequence, recordId: changeIdOf.get(change.sequence)!, draft: false },
      );
    }
    counts.created = created.length;

    const stored = await linksOf(
      w.em,
      records.flatMap((r) => existing.get(r.code) ?? []),
    );
    const storedPartners = await partnersOf(
      w.em,
      records.flatMap((r) => (r.partners && existing.get(r.code)) || []),
    );
    await eachRecord(
      records.filter((r) => existing.has(r.code)),
      async (r) => {
        const commitment = existing.get(r.code)!;
        const storedLinks = stored.get(commitment.id) ?? [];
        const storedKinds = new Map(storedLinks.map((l) => [l.recommendation.getEntity().code, l.kind] as const));
        const linked = r.recommendationCodes.map((c, i) => ({
          recommendation: recommendations.get(c)!,
          kind: kindOf(r, i, storedKinds.get(c)),
        }));
        let changed = assignChanged(commitment, fieldValues(r, actors));
        if (await setLinks(w.em, commitment, linked, 'link_kinds', storedLinks)) changed = true;
        if (r.partners) {
          const partners = r.partners.map((p) => ({ actor: actors.get(p.actorCode)!, role: p.role }));
          const stored = storedPartners.get(commitment.id) ?? [];
          if (await setPartners(w.em, commitment, partners, 'partners', { stored })) changed = true;
        }
        if (changed || (r.status && r.status !== commitment.status)) await assertWritable(w.em, commitment);
        if (changed) {
          commitment.updatedBy = ref(w.user);
          // A change of links alone is a new version too.
          commitment.updatedAt = w.now;
        }
        if (r.status && r.status !== commitment.status) {
          await changeStatus(w, commitment, r.status, { reason: r.statusReason, field: 'status' });
          changed = true;
        }
        counts[changed ? 'updated' : 'unchanged']++;
      },
    );
    await w.em.flush();
    return counts;
  },
};
