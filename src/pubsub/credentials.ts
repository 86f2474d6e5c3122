/**
 * The credential re-check of subscribers, batched: before an event goes out, the tokens of all
 * its would-be recipients are checked together (a few queries per event, never one per
 * subscriber). The one place to swap for the revocation signal of src/auth when it lands.
 */
import type { EntityManager } from '@mikro-orm/knex';
import type { AppServices } from '../server/context';
import { ApiToken, type User } from '../entities';
import { bearerToken, hashToken } from '../auth/tokens';

/** Token hashes per query: well under SQLite's limit on bound parameters. */
const CHUNK = 500;

/** The hash of a connection's token, or null for an anonymous connection (already validated at connect). */
export function tokenHashOf(authorization: unknown): string | null {
  const token = bearerToken(authorization);
  return token ? hashToken(token) : null;
}

/** The current user of every token that is still live (not revoked, not expired, user not disabled); the others are absent. */
export async function recheckCredentials(services: AppServices, tokenHashes: string[]): Promise<Map<string, User>> {
  const em = services.orm.em.fork() as EntityManager;
  const now = services.clock.now();
  const live = new Map<string, User>();
  for (let i = 0; i < tokenHashes.length; i += CHUNK) {
    const records = await em.find(ApiToken, { tokenHash: { $in: tokenHashes.slice(i, i + CHUNK) } }, { populate: ['user'] });
    for (const record of records) {
      const user = record.user.getEntity();
      if (record.revokedAt || (record.expiresAt && record.expiresAt <= now) || user.disabledAt) continue;
      live.set(record.tokenHash, user);
    }
  }
  return live;
}
