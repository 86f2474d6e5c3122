/**
 * The event bus behind subscriptions. In-process by default; Redis when REDIS_URL is set, so
 * that an event committed on one API instance reaches subscribers on every instance.
 * Payloads are plain data (ids and sequence numbers): subscribers re-read what they show.
 */
import { createPubSub, type PubSub, type PubSubEventTarget } from '@graphql-yoga/subscription';
import type { CommitmentStatus } from '../domain/enums';

export enum Topic {
  STATUS_CHANGED = 'STATUS_CHANGED',
  PROGRESS_LOGGED = 'PROGRESS_LOGGED',
}

/** What every event carries: enough to filter without reading the database. */
export interface TrackerEvent {
  topic: Topic;
  sequence: number;
  commitmentId: number;
  actorId: number;
  /** Status after the event. */
  status: CommitmentStatus;
  /** StatusChange id (STATUS_CHANGED) or ProgressUpdate id (PROGRESS_LOGGED). */
  recordId: number;
}

type Channels = { [K in Topic]: [TrackerEvent] };

export type Events = PubSub<Channels> & { close(): Promise<void> };

export function createEvents(eventTarget?: PubSubEventTarget<any>, close: () => Promise<void> = async () => {}): Events {
  const pubsub = createPubSub<Channels>(eventTarget ? { eventTarget } : undefined);
  return Object.assign(pubsub, { close });
}
