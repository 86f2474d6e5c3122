import { GraphQLError } from 'graphql';
import type { EntityManager } from '@mikro-orm/knex';
import type { AppServices } from '../server/context';
import type { User } from '../entities';
import { authenticate, bearerToken } from './tokens';
import type { Credential } from './revocation';

/** The caller behind an Authorization value, and the credential a long-lived connection keeps watching. */
export interface Caller {
  user: User;
  credential: Credential;
}

/**
 * Resolves the caller from an Authorization value against the database; null for anonymous
 * callers, refused when public read is off.
 */
export async function resolveCredential(services: AppServices, authorization: unknown): Promise<Caller | null> {
  const token = bearerToken(authorization);
  if (token) return authenticate(services.orm.em.fork() as EntityManager, token, services.clock.now());
  if (!services.config.publicRead) {
    throw new GraphQLError('Authentication is required (public read is off)', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  return null;
}

/** The user behind an Authorization value (see resolveCredential). */
export async function resolveCaller(services: AppServices, authorization: unknown): Promise<User | null> {
  return (await resolveCredential(services, authorization))?.user ?? null;
}
