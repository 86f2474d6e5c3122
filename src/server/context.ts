/**
 * One context builder for HTTP requests, WebSocket operations and tests: a forked
 * EntityManager, fresh DataLoaders bound to it, the caller, the clock and a logger.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import type { Orm } from '../db/orm';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Clock } from '../domain/clock';
import { createLoaders, type Loaders } from '../loaders';
import type { User } from '../entities';
import type { Events } from '../pubsub/events';
import type { Revocations } from '../auth/revocation';

export interface AppServices {
  orm: Orm;
  config: Config;
  clock: Clock;
  logger: Logger;
  events: Events;
  /** Stops the periodic refresh of the planner statistics (src/queries/statistics.ts). */
  stopStatistics?: () => void;
  /** Whether the credentials that open connections hold still work (revoked, disabled, expired). */
  revocations: Revocations;
}

export interface Context {
  em: EntityManager;
  loaders: Loaders;
  /** The authenticated caller, or null for anonymous access. */
  user: User | null;
  services: AppServices;
  requestId: string;
  log: Logger;
  /** Who is calling, for the rate limit: a token's hash prefix, or the client IP when anonymous. */
  client?: string;
}

/**
 * The EntityManager, its loaders and the logger are made on first use: a subscriber's context
 * lives as long as its subscription, and grouped delivery (src/pubsub/fanout.ts) never uses
 * them, so making them up front cost about 12 KB per idle subscriber.
 * The lazy getters live on the prototype, not on the object: Apollo Server copies the context
 * for each operation (`Object.assign` onto an object of the same prototype), which would call
 * own getters and so make all three for every request, a `{ __typename }` too.
 * Do not spread a context (that would lose them): add fields with `Object.assign`.
 */
class RequestContext implements Context {
  private made: { em?: EntityManager; loaders?: Loaders; log?: Logger } = {};

  constructor(
    readonly services: AppServices,
    readonly user: User | null,
    readonly requestId: string,
  ) {}

  get em(): EntityManager {
    return (this.made.em ??= this.services.orm.em.fork() as EntityManager);
  }

  get loaders(): Loaders {
    return (this.made.loaders ??= createLoaders(this.em));
  }

  get log(): Logger {
    return (this.made.log ??= this.services.logger.child({ requestId: this.requestId, userId: this.user?.id }));
  }
}

export function createContext(services: AppServices, user: User | null, requestId: string = randomUUID()): Context {
  return new RequestContext(services, user, requestId);
}
