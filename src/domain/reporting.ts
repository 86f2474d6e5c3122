/**
 * When a commitment's next progress report is due: its reporting frequency after the last
 * published progress update, or, before any, after its start, or else after the date of the
 * document that reports it (`reportedOn`, set for seeded and imported records: never the day
 * they were loaded), or, for a commitment created through the API, its creation.
 * Closed commitments report no more. The SQL form (for filters) is in
 * src/queries/rules.ts.
 */
import { CommitmentStatus, ReportingFrequency } from './enums';
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
  reportedOn?: string | null;
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
  const documented = c.startDate ?? c.reportedOn;
  const from = lastPublishedReportAt ? dayOf(lastPublishedReportAt) : documented ? firstDayOf(documented) : dayOf(c.createdAt);
  return addMonths(from, months);
}

/** Overdue: the day the report was due has passed. */
export function isReportOverdue(due: string | null, today: Date): boolean {
  return due !== null && due < dayOf(today);
}
