import { GraphQLError } from 'graphql';
import type { EntityManager } from '@mikro-orm/knex';
import type { AppServices } from '../server/context';
import type { User } from '../entities';
import { authenticate, bearerToken } from './tokens';

/** Resolves the caller from an Authorization value; refuses anonymous callers when public read is off. */
export async function resolveCaller(services: AppServices, authorization: unknown): Promise<User | null> {
  const token = bearerToken(authorization);
  if (token) return authenticate(services.orm.em.fork() as EntityManager, token, services.clock.now());
  if (!services.config.publicRead) {
    throw new GraphQLError('Authentication is required (public read is off)', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  return null;
}
