/**
 * The event bus behind subscriptions. In-process by default; Redis when REDIS_URL is set, so
 * that an event committed on one API instance reaches subscribers on every instance.
 * Payloads are plain data (ids, codes, sequence numbers): subscribers filter on them without
 * touching the database, and re-read what they show with a fresh EntityManager.
 */
import { setMaxListeners } from 'node:events';
import { createPubSub, type PubSub, type PubSubEventTarget } from '@graphql-yoga/subscription';
import type { CommitmentStatus } from '../domain/enums';

export enum Topic {
  STATUS_CHANGED = 'STATUS_CHANGED',
  PROGRESS_LOGGED = 'PROGRESS_LOGGED',
}

/** Where an event belongs: what the subscription filters and the permission rules look at. */
export interface EventScope {
  commitmentId: number;
  commitmentCode: string;
  actorId: number;
  actorCode: string;
  /** The actor's country, or its parent's. */
  country: string | null;
  sourceCodes: string[];
  recommendationCodes: string[];
  /** Themes of the recommendations it addresses. */
  themes: string[];
  /**
   * Its partners (CommitmentPartner): actor filters match the lead (actorId) or a partner;
   * permissions follow the lead. Absent from events of instances that predate partners.
   */
  partnerActorIds?: number[];
  partnerActorCodes?: string[];
}

export interface TrackerEvent extends EventScope {
  topic: Topic;
  /** The global sequence; null for a draft progress update (drafts are live-only, never replayed). */
  sequence: number | null;
  /** Status of the commitment after the event. */
  status: CommitmentStatus;
  /** StatusChange id (STATUS_CHANGED) or ProgressUpdate id (PROGRESS_LOGGED). */
  recordId: number;
  draft: boolean;
}

/**
 * One channel for every event: subscribers pick topics themselves, so replay and live share one
 * path. A message is a batch: the events of one committed write, in sequence order, at most
 * EVENT_BATCH of them. One message per event overflowed the subscribers' queues (1,024 pending
 * messages) when an import committed thousands of events at once.
 */
export const CHANNEL = 'tracker-event-batches';
export const EVENT_BATCH = 500;
/** "Credentials changed: read the change log" (src/auth/revocation.ts); carries no data. */
export const CREDENTIALS_CHANNEL = 'tracker-credentials';
/**
 * "A mutation is under way on instance `instance`" (or is over): the other instances' fan-outs
 * hold their slices of sends meanwhile (src/pubsub/fanout.ts), as the instance's own does.
 */
export const WRITES_CHANNEL = 'tracker-writes';
export interface WriteSignal {
  instance: string;
  write: number;
  underWay: boolean;
}
type Channels = {
  [CHANNEL]: [TrackerEvent[]];
  [CREDENTIALS_CHANNEL]: [Record<string, never>];
  [WRITES_CHANNEL]: [WriteSignal];
};

export type Events = PubSub<Channels> & { close(): Promise<void> };

/** In-process when no `eventTarget` is given. Every subscription adds a listener: no limit on their number. */
export function createEvents(eventTarget?: PubSubEventTarget<any>, close: () => Promise<void> = async () => {}): Events {
  const target = eventTarget ?? (new EventTarget() as PubSubEventTarget<any>);
  if (target instanceof EventTarget) setMaxListeners(0, target);
  const pubsub = createPubSub<Channels>({ eventTarget: target });
  return Object.assign(pubsub, { close });
}
