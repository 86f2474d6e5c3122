/**
 * The SQL forms of the domain rules (src/domain: status.ts, reporting.ts), for filters,
 * aggregates, exports and event scopes. The rules themselves, and their JavaScript forms, stay
 * in the domain; what differs between databases comes from the dialect.
 */
import { CommitmentLinkKind, CommitmentStatus as S, ProgressUpdateState, RecommendationStatus } from '../domain/enums';
import { CLOSED_STATUSES } from '../domain/status';
import { REPORTING_MONTHS } from '../domain/reporting';
import type { Dialect } from './dialect';

const closedList = () => CLOSED_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * An actor's country is its own, or else its parent's (a ministry belongs to its state). The one
 * SQL form used by filters, aggregates, event scopes and so by the ombudsperson rule.
 */
export function actorCountrySql(actor: string, parent: string): string {
  return `coalesce(${actor}.country, ${parent}.country)`;
}

/**
 * isOverdue (domain/status.ts), for a commitment table alias; `today` is bound as a parameter.
 * The due date is compared through coalesce() so that SQLite does not serve the condition from the
 * due-date index (which it takes for selective, then sorts every overdue row): a page walks the
 * live rows in its order instead and stops after one page (test/query-plans.test.ts).
 */
export function overdueSql(alias: string): string {
  return `(${alias}.due_date_end is not null and coalesce(${alias}.due_date_end, '') < ? and ${alias}.status not in (${closedList()}))`;
}

/** Links counted as answers (coverage, roll-up, hasCommitment; domain/links.ts), for a link alias. */
export function respondsSql(alias: string): string {
  return `${alias}.kind = '${CommitmentLinkKind.RESPONDS_TO}'`;
}

/**
 * Roll-up of the commitments that answer a recommendation (RESPONDS_TO links; withdrawn and
 * archived commitments ignored):
 * none left → NO_COMMITMENT; all implemented → IMPLEMENTED; all not started → NOT_STARTED;
 * otherwise IN_PROGRESS. For a recommendation table alias.
 */
export function recommendationStatusSql(alias: string): string {
  const live = `from commitment_recommendations cr join commitment c on c.id = cr.commitment_id
    where cr.recommendation_id = ${alias}.id and ${respondsSql('cr')} and c.archived_at is null and c.status <> '${S.WITHDRAWN}'`;
  return `(case
    when not exists (select 1 ${live}) then '${RecommendationStatus.NO_COMMITMENT}'
    when not exists (select 1 ${live} and c.status <> '${S.IMPLEMENTED}') then '${RecommendationStatus.IMPLEMENTED}'
    when not exists (select 1 ${live} and c.status <> '${S.NOT_STARTED}') then '${RecommendationStatus.NOT_STARTED}'
    else '${RecommendationStatus.IN_PROGRESS}' end)`;
}

/** Which progress updates count as reports (a condition on a progress_update alias). */
export function countedReportSql(alias: string): string {
  return `(${alias}.state = '${ProgressUpdateState.PUBLISHED}' and ${alias}.archived_at is null)`;
}

/** nextReportDue (domain/reporting.ts) for a commitment table alias: a YYYY-MM-DD text, or null. */
export function nextReportDueSql(dialect: Dialect, alias: string): string {
  const months = `(case ${alias}.reporting_frequency ${Object.entries(REPORTING_MONTHS)
    .filter(([, n]) => n !== null)
    .map(([frequency, n]) => `when '${frequency}' then ${n}`)
    .join(' ')} end)`;
  const lastReport = `(select max(p.reported_at) from progress_update p where p.commitment_id = ${alias}.id and ${countedReportSql('p')})`;
  const firstDay = (column: string) =>
    `(case length(${column}) when 4 then ${column} || '-01-01' when 7 then ${column} || '-01' else ${column} end)`;
  const documented = `coalesce(${alias}.start_date, ${alias}.reported_on)`;
  const from = `coalesce(${dialect.dayOf(lastReport)}, ${firstDay(documented)}, ${dialect.dayOf(`${alias}.created_at`)})`;
  return `(case when ${months} is null or ${alias}.status in (${closedList()}) then null else ${dialect.addMonths(from, months)} end)`;
}

/** Condition: the next report is due on or before `today` (bound as a parameter, YYYY-MM-DD). */
export function reportDueSql(dialect: Dialect, alias: string): string {
  return `coalesce(${nextReportDueSql(dialect, alias)} <= ?, false)`;
}
