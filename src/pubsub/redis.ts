import { Redis } from 'ioredis';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createEvents, type Events } from './events';

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
