/**
 * When a commitment's next progress report is due: its reporting frequency after the last
 * published progress update, or, before any, after its start (or, without one, its creation).
 * Closed commitments report no more. The SQL form (for filters) sits beside the JavaScript one.
 */
import { CommitmentStatus, ProgressUpdateState, ReportingFrequency } from './enums';
import { CLOSED_STATUSES } from './status';
import { dayOf, firstDayOf } from './dates';

/** Months between two reports; null: never. */
export const REPORTING_MONTHS: Readonly<Record<ReportingFrequency, number | null>> = {
  [ReportingFrequency.MONTHLY]: 1,
  [ReportingFrequency.QUARTERLY]: 3,
  [ReportingFrequency.SEMIANNUAL]: 6,
  [ReportingFrequency.ANNUAL]: 12,
  [ReportingFrequency.NONE]: null,
};

export interface ReportingCommitment {
  status: CommitmentStatus;
  reportingFrequency: ReportingFrequency;
  startDate?: string | null;
  createdAt: Date;
}

/**
 * A calendar day `months` later; a day the target month lacks becomes its last day
 * (31 January + 1 month = 28 or 29 February), so that reports never slip into the month after.
 */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number);
  const lastOfTarget = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return dayOf(new Date(Date.UTC(year, month - 1 + months, Math.min(date, lastOfTarget))));
}

/** The day (YYYY-MM-DD) the next report is due, or null when none is expected. */
export function nextReportDue(c: ReportingCommitment, lastPublishedReportAt: Date | null): string | null {
  const months = REPORTING_MONTHS[c.reportingFrequency];
  if (months === null || CLOSED_STATUSES.includes(c.status)) return null;
  const from = lastPublishedReportAt ? dayOf(lastPublishedReportAt) : c.startDate ? firstDayOf(c.startDate) : dayOf(c.createdAt);
  return addMonths(from, months);
}

/** Overdue: the day the report was due has passed. */
export function isReportOverdue(due: string | null, today: Date): boolean {
  return due !== null && due < dayOf(today);
}

/** Which progress updates count as reports (a condition on a progress_update alias). */
export function countedReportSql(alias: string): string {
  return `(${alias}.state = '${ProgressUpdateState.PUBLISHED}' and ${alias}.archived_at is null)`;
}

/*
 * SQL form of nextReportDue for a commitment table alias. Datetimes are stored as epoch
 * milliseconds (MikroORM's SQLite mapping), hence the division before 'unixepoch'.
 */
export function nextReportDueSql(alias: string): string {
  const months = `(case ${alias}.reporting_frequency ${Object.entries(REPORTING_MONTHS)
    .filter(([, n]) => n !== null)
    .map(([frequency, n]) => `when '${frequency}' then ${n}`)
    .join(' ')} end)`;
  const lastReport = `(select max(p.reported_at) from progress_update p where p.commitment_id = ${alias}.id and ${countedReportSql('p')})`;
  const startDay = `(case length(${alias}.start_date) when 4 then ${alias}.start_date || '-01-01' when 7 then ${alias}.start_date || '-01' else ${alias}.start_date end)`;
  const from = `coalesce(date(${lastReport} / 1000, 'unixepoch'), ${startDay}, date(${alias}.created_at / 1000, 'unixepoch'))`;
  const closed = CLOSED_STATUSES.map((s) => `'${s}'`).join(', ');
  // min(): SQLite rolls 31 January + 1 month over into March; the last day of the target month caps it, as addMonths does.
  return `(case when ${months} is null or ${alias}.status in (${closed}) then null
    else min(date(${from}, '+' || ${months} || ' months'), date(${from}, 'start of month', '+' || (${months} + 1) || ' months', '-1 day')) end)`;
}

/** SQL: the next report is due on or before `today` (bound as a parameter, YYYY-MM-DD). */
export function reportDueSql(alias: string): string {
  return `coalesce(${nextReportDueSql(alias)} <= ?, 0)`;
}
