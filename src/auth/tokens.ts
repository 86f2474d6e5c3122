/**
 * Bearer tokens: random, shown once, stored only as a SHA-256 hash, revocable, optionally expiring.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import { ApiToken, User } from '../entities';
import { unauthenticated } from '../domain/errors';
import type { Credential } from './revocation';

const TOKEN_PREFIX = 'fut_';

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Creates a token for `user` (persisted on the next flush) and returns its only plain-text copy. */
export function issueToken(em: EntityManager, user: User, now: Date, expiresInDays?: number | null): { token: string; record: ApiToken } {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const record = em.create(ApiToken, {
    user,
    tokenHash: hashToken(token),
    prefix: token.slice(0, TOKEN_PREFIX.length + 6),
    createdAt: now,
    expiresAt: expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000) : null,
  });
  return { token, record };
}

/** Revokes every live token of `user`; returns how many. */
export async function revokeTokens(em: EntityManager, user: User, now: Date): Promise<number> {
  const live = await em.find(ApiToken, { user, revokedAt: null });
  for (const t of live) t.revokedAt = now;
  return live.length;
}

/** Reads `Authorization: Bearer <token>`; null without a header, UNAUTHENTICATED for a bad one. */
export function bearerToken(authorization: unknown): string | null {
  if (authorization === undefined || authorization === null || authorization === '') return null;
  const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
  return match[1];
}

/**
 * The user a token belongs to and the credential to watch, if the token is live; otherwise
 * UNAUTHENTICATED. Revoked, expired, a disabled user's, and any token of the built-in system
 * user (which can hold none) are refused alike.
 */
export async function authenticate(em: EntityManager, token: string, now: Date): Promise<{ user: User; credential: Credential }> {
  const record = await em.findOne(ApiToken, { tokenHash: hashToken(token) }, { populate: ['user'] });
  const user = record?.user.getEntity();
  if (
    !record ||
    !user ||
    record.revokedAt ||
    (record.expiresAt && record.expiresAt <= now) ||
    user.disabledAt ||
    user.email === User.SYSTEM_EMAIL
  ) {
    throw unauthenticated('The token is invalid, expired or revoked, or its user is disabled');
  }
  return { user, credential: { tokenId: record.id, userId: user.id, expiresAt: record.expiresAt ?? null } };
}
