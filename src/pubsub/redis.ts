import { Redis } from 'ioredis';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { CREDENTIALS_CHANNEL, createEvents, type Events } from './events';

/** Pub/sub through Redis, so every API instance sees every instance's events. */
export function createRedisEvents(url: string): Events {
  const publishClient = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
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
