/**
 * progress-updates.csv: code, commitment_code, summary, reported_at, period_start, period_end,
 * new_status, evidence_links (`;`-joined URLs), status_reason. A new update is published as
 * staff publish one (stamped with the next sequence, its new status applied through
 * changeStatus); editing a published update's new_status applies the new status too.
 */
import { Commitment, ProgressUpdate } from '../../entities';
import { CommitmentStatus, ProgressUpdateState } from '../../domain/enums';
import { progressUpdateColumns } from '../../export/columns';
import { badInput } from '../../domain/errors';
import { firstDayOf, isPartialDate } from '../../domain/dates';
import { MAX, code, dateOrder, optionalText, partialDate, requiredText, urls } from '../../domain/validation';
import { changeStatus, checkTransition } from '../../services/status';
import { publishProgressUpdate } from '../../services/progress';
import { emptyAsNull, known, list, optionalOneOf, type RowCheck } from '../cells';
import { codesIn, entitiesByCode, rowsByCode } from '../references';
import { assignChanged, defined } from '../../services/upsert';
import { assertWritable } from '../../services/lookup';
import { eachRecord, noCounts, type ImportKind, type ImportRecord } from '../kind';
import { checkStatusChange } from './status-change';
import { ref } from '@mikro-orm/core';

export interface ProgressRecord extends ImportRecord {
  commitmentCode: string;
  summary: string;
  reportedAt?: Date;
  periodStart?: string | null;
  periodEnd?: string | null;
  newStatus?: CommitmentStatus;
  statusReason?: string | null;
  evidenceLinks?: string[];
}

interface StoredUpdate {
  code: string;
  commitment_code: string;
  new_status: CommitmentStatus | null;
  state: ProgressUpdateState;
}

interface Refs {
  /** Each commitment's status as the rows so far leave it (validation replays them in order). */
  statuses: Map<string, CommitmentStatus>;
  updates: Map<string, StoredUpdate>;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A day (at its precision: its first day, 00:00 UTC) or an ISO 8601 instant with its offset. */
function instant(column: string, value: string | undefined): Date | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (isPartialDate(v)) return new Date(`${firstDayOf(v)}T00:00:00.000Z`);
  if (INSTANT.test(v) && !Number.isNaN(Date.parse(v))) return new Date(v);
  throw badInput(column, `${column} must be an ISO date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM:SSZ)`);
}

export const progressUpdatesImport: ImportKind<ProgressRecord, Refs> = {
  name: 'progress-updates',
  columns: {
    required: ['code', 'commitment_code', 'summary'],
    optional: ['reported_at', 'period_start', 'period_end', 'new_status', 'evidence_links', 'status_reason'],
    // The export's derived columns: an exported file imports as it is.
    ignored: progressUpdateColumns.filter((c) => c.derived).map((c) => c.name),
  },

  async references(knex, rows) {
    const [commitments, updates] = await Promise.all([
      rowsByCode<{ code: string; status: CommitmentStatus }>(knex, 'commitment', codesIn(rows, 'commitment_code'), { status: 't.status' }),
      rowsByCode<StoredUpdate>(knex, 'progress_update', codesIn(rows, 'code'), {
        commitment_code: '(select c.code from commitment c where c.id = t.commitment_id)',
        new_status: 't.new_status',
        state: 't.state',
      }),
    ]);
    return { statuses: new Map([...commitments.values()].map((c) => [c.code, c.status])), updates };
  },

  validate(check: RowCheck, refs: Refs): ProgressRecord {
    const record: ProgressRecord = {
      line: check.line,
      code: check.cell('code', (c, v) => code(c, v ?? ''))!,
      commitmentCode: check.cell('commitment_code', (c, v) => known('commitment', refs.statuses)(c, requiredText(c, v, MAX.code)))!,
      summary: check.cell('summary', (c, v) => requiredText(c, v, MAX.summary))!,
      reportedAt: check.cell('reported_at', instant),
      periodStart: check.cell('period_start', (c, v) => partialDate(c, emptyAsNull(v))),
      periodEnd: check.cell('period_end', (c, v) => partialDate(c, emptyAsNull(v))),
      newStatus: check.cell('new_status', optionalOneOf(CommitmentStatus, 'CommitmentStatus')),
      statusReason: check.cell('status_reason', (c, v) => optionalText(c, v, MAX.reason)),
      evidenceLinks: check.cell('evidence_links', (c, v) => (v === undefined ? undefined : urls(c, list(c, v)))),
    };
    check.cell('period_end', () => dateOrder('period_start', record.periodStart, 'period_end', record.periodEnd));
    const stored = refs.updates.get(record.code);
    if (stored && record.commitmentCode && stored.commitment_code !== record.commitmentCode) {
      check.problem('commitment_code', `Progress update ${record.code} belongs to commitment ${stored.commitment_code}; it cannot move`);
    }
    const applies = stored
      ? stored.state === ProgressUpdateState.PUBLISHED && record.newStatus !== undefined && record.newStatus !== stored.new_status
      : record.newStatus !== undefined;
    const from = refs.statuses.get(record.commitmentCode);
    if (applies && from && record.newStatus !== from) {
      checkStatusChange(check, 'new_status', () => checkTransition(from, record.newStatus!, record.statusReason, 'new_status'));
      refs.statuses.set(record.commitmentCode, record.newStatus!);
    }
    return record;
  },

  async write(w, records) {
    const counts = noCounts();
    const existing = await entitiesByCode(
      w.em,
      ProgressUpdate,
      records.map((r) => r.code),
    );
    const commitments = await entitiesByCode(
      w.em,
      Commitment,
      records.map((r) => r.commitmentCode),
    );

    await eachRecord(records, async (r) => {
      const commitment = commitments.get(r.commitmentCode)!;
      const update = existing.get(r.code);
      if (!update) {
        await assertWritable(w.em, commitment);
        // Created as a draft and published at once, by the same path staff publish through.
        const draft = w.em.create(ProgressUpdate, {
          code: r.code,
          commitment,
          summary: r.summary,
          evidenceLinks: r.evidenceLinks ?? [],
          periodStart: r.periodStart ?? null,
          periodEnd: r.periodEnd ?? null,
          reportedAt: r.reportedAt ?? w.now,
          reportedBy: w.user,
          newStatus: r.newStatus ?? null,
          statusReason: r.statusReason ?? null,
          state: ProgressUpdateState.DRAFT,
          createdBy: w.user,
          updatedBy: w.user,
        });
        await w.em.flush();
        await publishProgressUpdate(w, { id: draft.globalId });
        counts.created++;
        return;
      }
      const statusApplies = update.state === ProgressUpdateState.PUBLISHED && r.newStatus !== undefined && r.newStatus !== update.newStatus;
      const changed = assignChanged(
        update,
        defined({
          summary: r.summary,
          evidenceLinks: r.evidenceLinks,
          periodStart: r.periodStart,
          periodEnd: r.periodEnd,
          reportedAt: r.reportedAt,
          newStatus: r.newStatus,
          statusReason: r.statusReason,
        }),
      );
      if (changed || statusApplies) await assertWritable(w.em, update);
      if (changed) update.updatedBy = ref(w.user);
      if (statusApplies)
        await changeStatus(w, commitment, r.newStatus!, { reason: r.statusReason, progressUpdate: update, field: 'new_status' });
      counts[changed ? 'updated' : 'unchanged']++;
    });
    await w.em.flush();
    return counts;
  },
};
