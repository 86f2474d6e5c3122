/**
 * What a digest says, as plain text and HTML: pure, so the rules (what appears, what not, when
 * nothing is sent) are tested without a mail server. Every value from the database is escaped
 * in the HTML part; links point at the web pages under PUBLIC_URL.
 */
import type { CommitmentStatus } from '../domain/enums';
import { DigestFrequency } from '../domain/enums';

export interface DigestChange {
  kind: 'STATUS_CHANGE' | 'PROGRESS';
  sequence: number;
  at: Date;
  commitmentCode: string;
  commitmentTitle: string;
  recommendationCodes: string[];
  fromStatus?: CommitmentStatus | null;
  toStatus?: CommitmentStatus | null;
  /** The reason of a status change, or the summary of a progress update. */
  text?: string | null;
}

export interface DueReport {
  commitmentCode: string;
  commitmentTitle: string;
  /** YYYY-MM-DD */
  due: string;
  overdue: boolean;
}

export interface DigestContent {
  watchName: string;
  frequency: DigestFrequency;
  changes: DigestChange[];
  /** Changes left out beyond the ones listed. */
  moreChanges: number;
  dueReports: DueReport[];
  moreDueReports: number;
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
  unsubscribeUrl: string;
}

export interface DigestMessage {
  subject: string;
  text: string;
  html: string;
}

/** Recommendation codes shown beside a change (the rest are on the commitment's page). */
const LINKED_RECOMMENDATIONS = 5;

export const commitmentUrl = (publicUrl: string, code: string) => `${publicUrl}/commitments/${encodeURIComponent(code)}`;
export const recommendationUrl = (publicUrl: string, code: string) => `${publicUrl}/recommendations/${encodeURIComponent(code)}`;

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch as '&' | '<' | '>' | '"' | "'"],
  );
}

const words = (status: string | null | undefined) => (status ? status.replace(/_/g, ' ').toLowerCase() : 'none');
const dateOf = (at: Date) => at.toISOString().slice(0, 10);

function headline(change: DigestChange): string {
  if (change.kind === 'STATUS_CHANGE') return `status ${words(change.fromStatus)} → ${words(change.toStatus)}`;
  return change.toStatus ? `progress reported (status now ${words(change.toStatus)})` : 'progress reported';
}

/** The message, or null when there is nothing to say (no change, no report due): nothing is sent then. */
export function composeDigest(c: DigestContent): DigestMessage | null {
  if (c.changes.length === 0 && c.dueReports.length === 0) return null;
  const period = c.frequency === DigestFrequency.WEEKLY ? 'Weekly' : 'Daily';
  const counts = [
    c.changes.length + c.moreChanges
      ? `${c.changes.length + c.moreChanges} change${c.changes.length + c.moreChanges === 1 ? '' : 's'}`
      : null,
    c.dueReports.length + c.moreDueReports
      ? `${c.dueReports.length + c.moreDueReports} report${c.dueReports.length + c.moreDueReports === 1 ? '' : 's'} due`
      : null,
  ].filter(Boolean);
  const subject = `${period} digest: ${c.watchName} (${counts.join(', ')})`;
  return { subject, text: textOf(c, subject), html: htmlOf(c, subject) };
}

function textOf(c: DigestContent, subject: string): string {
  const lines: string[] = [subject, ''];
  if (c.changes.length) {
    lines.push('Changes since the last digest', '');
    for (const ch of c.changes) {
      lines.push(`- ${ch.commitmentCode}: ${ch.commitmentTitle}`, `  ${dateOf(ch.at)}, ${headline(ch)}`);
      if (ch.text) lines.push(`  ${ch.text.replace(/\n/g, '\n  ')}`);
      lines.push(`  ${commitmentUrl(c.publicUrl, ch.commitmentCode)}`);
      for (const code of ch.recommendationCodes.slice(0, LINKED_RECOMMENDATIONS)) {
        lines.push(`  answers ${code}: ${recommendationUrl(c.publicUrl, code)}`);
      }
    }
    if (c.moreChanges) lines.push(`… and ${c.moreChanges} more`);
    lines.push('');
  }
  if (c.dueReports.length) {
    lines.push('Progress reports due', '');
    for (const r of c.dueReports) {
      lines.push(`- ${r.commitmentCode}: ${r.commitmentTitle}`, `  ${r.overdue ? 'overdue since' : 'due'} ${r.due}`);
      lines.push(`  ${commitmentUrl(c.publicUrl, r.commitmentCode)}`);
    }
    if (c.moreDueReports) lines.push(`… and ${c.moreDueReports} more`);
    lines.push('');
  }
  lines.push('--', `You receive this because you asked for a digest of your watch list "${c.watchName}".`);
  lines.push(`Unsubscribe: ${c.unsubscribeUrl}`);
  return lines.join('\n') + '\n';
}

const link = (href: string, label: string) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;

function htmlOf(c: DigestContent, subject: string): string {
  const parts: string[] = [`<!DOCTYPE html>`, `<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>`];
  parts.push(`<h1>${escapeHtml(subject)}</h1>`);
  if (c.changes.length) {
    parts.push('<h2>Changes since the last digest</h2>', '<ul>');
    for (const ch of c.changes) {
      const recommendations = ch.recommendationCodes
        .slice(0, LINKED_RECOMMENDATIONS)
        .map((code) => link(recommendationUrl(c.publicUrl, code), code))
        .join(', ');
      parts.push(
        `<li>${link(commitmentUrl(c.publicUrl, ch.commitmentCode), ch.commitmentCode)}: ${escapeHtml(ch.commitmentTitle)}<br>` +
          `${escapeHtml(dateOf(ch.at))}, ${escapeHtml(headline(ch))}` +
          (ch.text ? `<br>${escapeHtml(ch.text).replace(/\n/g, '<br>')}` : '') +
          (recommendations ? `<br>answers ${recommendations}` : '') +
          '</li>',
      );
    }
    if (c.moreChanges) parts.push(`<li>… and ${c.moreChanges} more</li>`);
    parts.push('</ul>');
  }
  if (c.dueReports.length) {
    parts.push('<h2>Progress reports due</h2>', '<ul>');
    for (const r of c.dueReports) {
      parts.push(
        `<li>${link(commitmentUrl(c.publicUrl, r.commitmentCode), r.commitmentCode)}: ${escapeHtml(r.commitmentTitle)}` +
          ` (${r.overdue ? 'overdue since' : 'due'} ${escapeHtml(r.due)})</li>`,
      );
    }
    if (c.moreDueReports) parts.push(`<li>… and ${c.moreDueReports} more</li>`);
    parts.push('</ul>');
  }
  parts.push(
    `<hr><p>You receive this because you asked for a digest of your watch list “${escapeHtml(c.watchName)}”. ` +
      `${link(c.unsubscribeUrl, 'Unsubscribe')}</p>`,
    '</body></html>',
  );
  return parts.join('\n');
}
