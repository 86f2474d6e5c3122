/**
 * What one digest says, read from the database: the published changes after the digest's last
 * sequence that match its watch (replayed as subscribers replay them, so drafts never appear),
 * and the watch's commitments whose report is due or overdue today (the UTC day).
 */
import type { EntityManager } from '@mikro-orm/knex';
import { ProgressUpdate, StatusChange, type DigestSubscription, type Watch } from '../entities';
import { ProgressUpdateState } from '../domain/enums';
import { dayOf } from '../domain/dates';
import { isReportOverdue } from '../domain/reporting';
import { eventsAfter } from '../pubsub/replay';
import { Topic, type TrackerEvent } from '../pubsub/events';
import { dueReports } from '../queries/digests';
import type { DigestChange, DigestContent, DueReport } from './compose';

/** Changes listed in one e-mail; beyond them, a count. */
export const LISTED_CHANGES = 100;
export const LISTED_DUE_REPORTS = 100;
/** Events read per replay query. */
const PAGE = 500;

export interface DigestRead {
  content: Omit<DigestContent, 'publicUrl' | 'unsubscribeUrl'>;
  /** The last event the digest covers: the next one starts after it. */
  lastSequence: number;
}

export async function readDigest(fork: () => EntityManager, digest: DigestSubscription, watch: Watch, now: Date): Promise<DigestRead> {
  const events: TrackerEvent[] = [];
  let lastSequence = digest.lastSequence;
  let more = 0;
  for await (const page of eventsAfter(fork, [Topic.STATUS_CHANGED, Topic.PROGRESS_LOGGED], digest.lastSequence, [watch.filter], PAGE)) {
    for (const event of page) {
      if (events.length < LISTED_CHANGES) events.push(event);
      else more++;
      lastSequence = Math.max(lastSequence, event.sequence ?? 0);
    }
  }
  const em = fork();
  const changes = await describe(em, events);
  const due = await dueReports(em, watch.filter, now, LISTED_DUE_REPORTS);
  const today = new Date(`${dayOf(now)}T00:00:00.000Z`);
  const reports: DueReport[] = due.rows.map((r) => ({
    commitmentCode: r.code,
    commitmentTitle: r.title,
    due: r.due,
    overdue: isReportOverdue(r.due, today),
  }));
  return {
    content: {
      watchName: watch.name,
      frequency: digest.frequency,
      changes,
      moreChanges: more,
      dueReports: reports,
      moreDueReports: due.total - reports.length,
    },
    lastSequence,
  };
}

/** The events as lines of a digest, with their commitments (two statements for a whole digest). */
async function describe(em: EntityManager, events: TrackerEvent[]): Promise<DigestChange[]> {
  const ids = (topic: Topic) => events.filter((e) => e.topic === topic).map((e) => e.recordId);
  const [statusChanges, updates] = await Promise.all([
    em.find(StatusChange, { id: { $in: ids(Topic.STATUS_CHANGED) } }, { populate: ['commitment'] }),
    em.find(
      ProgressUpdate,
      { id: { $in: ids(Topic.PROGRESS_LOGGED) }, state: ProgressUpdateState.PUBLISHED, archivedAt: null },
      { populate: ['commitment'] },
    ),
  ]);
  const byStatus = new Map(statusChanges.map((s) => [s.id, s]));
  const byUpdate = new Map(updates.map((u) => [u.id, u]));
  const changes: DigestChange[] = [];
  for (const event of events) {
    const common = { sequence: event.sequence!, recommendationCodes: event.recommendationCodes };
    if (event.topic === Topic.STATUS_CHANGED) {
      const s = byStatus.get(event.recordId);
      if (!s) continue;
      const c = s.commitment.getEntity();
      changes.push({
        ...common,
        kind: 'STATUS_CHANGE',
        at: s.at,
        commitmentCode: c.code,
        commitmentTitle: c.title,
        fromStatus: s.fromStatus,
        toStatus: s.toStatus,
        text: s.reason,
      });
    } else {
      const u = byUpdate.get(event.recordId);
      if (!u) continue;
      const c = u.commitment.getEntity();
      changes.push({
        ...common,
        kind: 'PROGRESS',
        at: u.publishedAt ?? u.reportedAt,
        commitmentCode: c.code,
        commitmentTitle: c.title,
        toStatus: u.newStatus,
        text: u.summary,
      });
    }
  }
  return changes;
}
