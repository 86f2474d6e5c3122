/**
 * The columns of the exported files, in order. The import (src/import) reads the same names, so an
 * exported file can be imported back unchanged; columns marked `derived` are computed here and
 * ignored by the import.
 */
import { overdueSql, recommendationStatusSql } from '../queries/rules';
import type { Dialect } from '../queries/dialect';

/** A cell as JSON shows it; CSV writes lists `;`-joined, booleans as true/false and null as empty. */
export type Cell = string | number | boolean | string[] | null;

export const LIST_SEPARATOR = ';';

export interface ExportColumn {
  name: string;
  /** SQL for the value, over the table alias of its export; `?` are bound to `today`. */
  sql: string | ((dialect: Dialect) => string);
  /** Turns the raw value into the cell (JSON arrays may be text, booleans 0/1). */
  read?: (raw: any) => Cell;
  /** Computed from other data: shown in exports, ignored by imports. */
  derived?: boolean;
}

const jsonList = (raw: string | string[] | null): string[] => (Array.isArray(raw) ? raw : raw ? (JSON.parse(raw) as string[]) : []);
const flag = (raw: number | null): boolean => Boolean(raw);
const int = (raw: number | string): number => Number(raw);

/** Codes as a JSON array, in code order, from a sub-query yielding `code`. */
const codeList = (subquery: string) => (dialect: Dialect) => dialect.jsonArrayOf(subquery, 'code');

export const recommendationColumns: readonly ExportColumn[] = [
  { name: 'code', sql: 'r.code' },
  { name: 'source_code', sql: '(select s.code from source s where s.id = r.source_id)' },
  { name: 'title', sql: 'r.title' },
  { name: 'text', sql: 'r.text' },
  { name: 'section', sql: 'r.section' },
  { name: 'level', sql: 'r.level' },
  { name: 'themes', sql: 'r.themes', read: jsonList },
  { name: 'addressees', sql: 'r.addressees', read: jsonList },
  { name: 'deadline', sql: 'r.deadline' },
  { name: 'is_summary', sql: 'r.is_summary', read: flag },
  { name: 'document', sql: 'r.document' },
  { name: 'status', sql: recommendationStatusSql('r'), derived: true },
  {
    name: 'responsible_actor_codes',
    sql: codeList(`select distinct a.code from responsibility x join actor a on a.id = x.actor_id
      where x.recommendation_id = r.id and x.archived_at is null`),
    read: jsonList,
  },
];

export const commitmentColumns: readonly ExportColumn[] = [
  { name: 'code', sql: 'c.code' },
  { name: 'actor_code', sql: '(select a.code from actor a where a.id = c.actor_id)' },
  {
    name: 'recommendation_codes',
    sql: codeList(`select r.code from commitment_recommendations cr join recommendation r on r.id = cr.recommendation_id
      where cr.commitment_id = c.id`),
    read: jsonList,
  },
  {
    // The kind of each link, in the order of recommendation_codes.
    name: 'link_kinds',
    sql: (dialect) =>
      dialect.jsonArrayOf(
        `select cr.kind, r.code from commitment_recommendations cr join recommendation r on r.id = cr.recommendation_id where cr.commitment_id = c.id`,
        'kind',
        'code',
      ),
    read: jsonList,
  },
  {
    // The actors taking part besides the lead, as ACTOR-CODE:ROLE, by actor code.
    name: 'partners',
    sql: codeList(`select a.code || ':' || cp.role as code from commitment_partner cp join actor a on a.id = cp.actor_id
      where cp.commitment_id = c.id`),
    read: jsonList,
  },
  { name: 'title', sql: 'c.title' },
  { name: 'description', sql: 'c.description' },
  { name: 'start_date', sql: 'c.start_date' },
  { name: 'due_date', sql: 'c.due_date' },
  { name: 'reported_on', sql: 'c.reported_on' },
  { name: 'status', sql: 'c.status' },
  { name: 'version', sql: 'c.version', read: int, derived: true },
  { name: 'reporting_frequency', sql: 'c.reporting_frequency' },
  { name: 'is_overdue', sql: overdueSql('c'), read: flag, derived: true },
  { name: 'document', sql: 'c.document' },
  { name: 'section', sql: 'c.section' },
  { name: 'evidence', sql: 'c.evidence' },
];

/**
 * An instant as ISO 8601 UTC: SQLite stores datetimes as epoch milliseconds, PostgreSQL hands
 * back a Date.
 */
const instant = (raw: number | string | Date | null): string | null => {
  if (raw === null || raw === undefined) return null;
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  return new Date(value).toISOString();
};
const intOrNull = (raw: number | string | null): number | null => (raw === null || raw === undefined ? null : Number(raw));

/** The code of the commitment a row belongs to, and of its actor. */
const commitmentCode = (alias: string) => `(select cc.code from commitment cc where cc.id = ${alias}.commitment_id)`;
const actorCode = (alias: string) =>
  `(select ca.code from commitment cc join actor ca on ca.id = cc.actor_id where cc.id = ${alias}.commitment_id)`;

/** Published progress updates: the import's columns (an export imports back as it is), then derived ones. */
export const progressUpdateColumns: readonly ExportColumn[] = [
  { name: 'code', sql: 'pu.code' },
  { name: 'commitment_code', sql: commitmentCode('pu') },
  { name: 'summary', sql: 'pu.summary' },
  { name: 'reported_at', sql: 'pu.reported_at', read: instant },
  { name: 'period_start', sql: 'pu.period_start' },
  { name: 'period_end', sql: 'pu.period_end' },
  { name: 'new_status', sql: 'pu.new_status' },
  { name: 'status_reason', sql: 'pu.status_reason' },
  { name: 'evidence_links', sql: 'pu.evidence_links', read: jsonList },
  { name: 'actor_code', sql: actorCode('pu'), derived: true },
  { name: 'published_at', sql: 'pu.published_at', read: instant, derived: true },
  { name: 'sequence', sql: 'pu.sequence', read: intOrNull, derived: true },
  { name: 'corrects_code', sql: '(select cp.code from progress_update cp where cp.id = pu.corrects_id)', derived: true },
];

/** Status changes, in sequence order (the history is append-only). */
export const statusChangeColumns: readonly ExportColumn[] = [
  { name: 'sequence', sql: 'sc.sequence', read: int },
  { name: 'commitment_code', sql: commitmentCode('sc') },
  { name: 'actor_code', sql: actorCode('sc') },
  { name: 'from_status', sql: 'sc.from_status' },
  { name: 'to_status', sql: 'sc.to_status' },
  { name: 'at', sql: 'sc.at', read: instant },
  { name: 'reason', sql: 'sc.reason' },
  { name: 'progress_update_code', sql: '(select p.code from progress_update p where p.id = sc.progress_update_id)' },
];

/** Live assessments: who rates (the civil-society actor assessed as, if any), what, when. */
export const assessmentColumns: readonly ExportColumn[] = [
  { name: 'commitment_code', sql: commitmentCode('x') },
  { name: 'actor_code', sql: actorCode('x') },
  { name: 'rating', sql: 'x.rating' },
  { name: 'summary', sql: 'x.summary' },
  { name: 'evidence_links', sql: 'x.evidence_links', read: jsonList },
  { name: 'assessed_at', sql: 'x.assessed_at', read: instant },
  { name: 'assessor_code', sql: '(select aa.code from actor aa where aa.id = x.assessor_id)' },
  { name: 'author_name', sql: '(select u.name from app_user u where u.id = x.author_id)' },
];

export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.join(LIST_SEPARATOR);
  return String(value);
}
