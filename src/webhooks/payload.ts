/**
 * The JSON body of a delivery: the event (id, topic, sequence), the commitment as it stands and
 * the change (the status change, or the published progress update), with what a public
 * subscriber may see: no drafts, no user details. Built once per event when the outbox is
 * dispatched, and sent as it is on every attempt (its signature covers these exact bytes).
 */
import type { EntityManager } from '@mikro-orm/knex';
import { Actor, Commitment, ProgressUpdate, StatusChange } from '../entities';
import { ProgressUpdateState } from '../domain/enums';
import { Topic } from '../pubsub/events';
import type { OutboxEvent } from '../queries/outbox';
import { toGlobalId } from '../schema/global-id';

export interface WebhookPayload {
  eventId: string;
  topic: Topic;
  sequence: number;
  commitment: {
    id: string;
    code: string;
    title: string;
    status: string;
    dueDate: string | null;
    actor: { id: string; code: string; name: string; country: string | null };
    sourceCodes: string[];
    recommendationCodes: string[];
  };
  change: Record<string, unknown>;
}

/** The bodies of the events (by outbox id); an event whose records are gone or not public has none. */
export async function payloadsOf(em: EntityManager, events: readonly OutboxEvent[]): Promise<Map<number, string>> {
  const ids = (topic: Topic) => events.filter((e) => e.event.topic === topic).map((e) => e.event.recordId);
  // One after the other: the dispatch runs in a transaction, on one connection (a PostgreSQL
  // client handed a query while it runs another queues it; deprecated, pg 9 will refuse it).
  const commitments = await em.find(Commitment, { id: [...new Set(events.map((e) => e.event.commitmentId))] });
  const changes = await em.find(StatusChange, { id: ids(Topic.STATUS_CHANGED) });
  const updates = await em.find(ProgressUpdate, { id: ids(Topic.PROGRESS_LOGGED) });
  const actors = await em.find(Actor, { id: [...new Set(commitments.map((c) => c.actor.id))] });
  const byId = <T extends { id: number }>(list: T[]) => new Map(list.map((x) => [x.id, x]));
  const [commitmentOf, changeOf, updateOf, actorOf] = [byId(commitments), byId(changes), byId(updates), byId(actors)];
  const bodies = new Map<number, string>();
  for (const { id, eventId, event } of events) {
    const commitment = commitmentOf.get(event.commitmentId);
    const actor = commitment && actorOf.get(commitment.actor.id);
    const change =
      event.topic === Topic.STATUS_CHANGED ? statusChangeOf(changeOf.get(event.recordId)) : progressOf(updateOf.get(event.recordId));
    if (!commitment || !actor || !change || event.sequence === null) continue;
    const payload: WebhookPayload = {
      eventId,
      topic: event.topic,
      sequence: event.sequence,
      commitment: {
        id: toGlobalId('Commitment', commitment.id),
        code: commitment.code,
        title: commitment.title,
        status: commitment.status,
        dueDate: commitment.dueDate ?? null,
        actor: { id: toGlobalId('Actor', actor.id), code: actor.code, name: actor.name, country: event.country },
        sourceCodes: event.sourceCodes,
        recommendationCodes: event.recommendationCodes,
      },
      change,
    };
    bodies.set(id, JSON.stringify(payload));
  }
  return bodies;
}

function statusChangeOf(change: StatusChange | undefined): Record<string, unknown> | null {
  if (!change) return null;
  return {
    statusChange: {
      id: toGlobalId('StatusChange', change.id),
      fromStatus: change.fromStatus ?? null,
      toStatus: change.toStatus,
      at: change.at.toISOString(),
      reason: change.reason ?? null,
      sequence: change.sequence,
    },
  };
}

/** Only a published update leaves the API: a draft never does, whatever the outbox says. */
function progressOf(update: ProgressUpdate | undefined): Record<string, unknown> | null {
  if (!update || update.state !== ProgressUpdateState.PUBLISHED || update.archivedAt) return null;
  return {
    progressUpdate: {
      id: toGlobalId('ProgressUpdate', update.id),
      code: update.code,
      summary: update.summary,
      evidenceLinks: update.evidenceLinks,
      periodStart: update.periodStart ?? null,
      periodEnd: update.periodEnd ?? null,
      newStatus: update.newStatus ?? null,
      reportedAt: update.reportedAt.toISOString(),
      publishedAt: update.publishedAt?.toISOString() ?? null,
      sequence: update.sequence ?? null,
    },
  };
}
