import { Redis } from 'ioredis';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { CREDENTIALS_CHANNEL, createEvents, type Events } from './events';

type EventTargetLike = ReturnType<typeof createRedisEventTarget>;

/** The same target with every channel name prefixed: deployments (or test runs) sharing one Redis stay apart. */
function withChannelPrefix(target: EventTargetLike, prefix: string): EventTargetLike {
  if (!prefix) return target;
  return {
    addEventListener: (topic, listener) => target.addEventListener(prefix + topic, listener),
    removeEventListener: (topic, listener) => target.removeEventListener(prefix + topic, listener),
    dispatchEvent: (event) => target.dispatchEvent(new CustomEvent(prefix + event.type, { detail: event.detail })),
  };
}

/** Pub/sub through Redis, so every API instance sees every instance's events (on channels named with `channelPrefix`). */
export function createRedisEvents(url: string, channelPrefix = ''): Events {
  const publishClient = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const eventTarget = withChannelPrefix(createRedisEventTarget({ publishClient, subscribeClient }), channelPrefix);
  return createEvents(eventTarget, async () => {
    publishClient.disconnect();
    subscribeClient.disconnect();
  });
}

/**
 * Tells every API instance on this Redis that credentials changed (the user CLI, after revoking
 * or disabling): they read the change log and close the sockets concerned at once.
 */
export async function pingCredentialChange(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    await client.publish(CREDENTIALS_CHANNEL, JSON.stringify({}));
  } finally {
    client.disconnect();
  }
}
