/** Users and their tokens: used by the admin mutations and by the `npm run user` CLI alike. */
import type { EntityManager } from '@mikro-orm/knex';
import { Actor, ApiToken, User } from '../entities';
import { Role } from '../domain/enums';
import { badInput, notFound } from '../domain/errors';
import { MAX, country as validCountry, optionalText, requiredText } from '../domain/validation';
import { issueToken, revokeTokens } from '../auth/tokens';

export interface CreateUser {
  email: string;
  role: Role;
  name?: string | null;
  actorCode?: string | null;
  country?: string | null;
  expiresInDays?: number | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function expiry(days: number | null | undefined): number | null {
  if (days === null || days === undefined) return null;
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    throw badInput('expiresInDays', 'expiresInDays must be a whole number from 1 to 3650');
  return days;
}

/** Creates a user and its first token; the plain token is returned once and never stored. */
export async function createUser(
  em: EntityManager,
  input: CreateUser,
  now: Date,
  by?: User,
): Promise<{ user: User; token: string; expiresAt: Date | null }> {
  const email = requiredText('email', input.email, MAX.name).toLowerCase();
  if (!EMAIL.test(email)) throw badInput('email', `"${input.email}" is not an e-mail address`);
  if (email === User.SYSTEM_EMAIL) throw badInput('email', `${email} is reserved for the built-in system user`);
  if (await em.count(User, { email })) throw badInput('email', `A user with e-mail ${email} already exists`);
  let actor: Actor | null = null;
  if (input.actorCode) {
    actor = await em.findOne(Actor, { code: input.actorCode });
    if (!actor) throw notFound('Actor', input.actorCode, 'actorCode');
  }
  const country = validCountry('country', input.country) ?? null;
  if ((input.role === Role.FOCAL_POINT || input.role === Role.CIVIL_SOCIETY) && !actor) {
    throw badInput('actorCode', `A ${input.role} user acts for one actor: give its code`);
  }
  if (input.role === Role.OMBUDSPERSON && !country) throw badInput('country', 'An OMBUDSPERSON user acts for one country: give its code');
  const user = em.create(User, {
    email,
    role: input.role,
    name: optionalText('name', input.name, MAX.name) ?? null,
    actor,
    country,
    createdBy: by ?? null,
    updatedBy: by ?? null,
  });
  const { token, record } = issueToken(em, user, now, expiry(input.expiresInDays));
  await em.flush();
  return { user, token, expiresAt: record.expiresAt ?? null };
}

export async function findUser(em: EntityManager, by: { email?: string | null; id?: number | null }): Promise<User> {
  const user = by.id ? await em.findOne(User, { id: by.id }) : await em.findOne(User, { email: (by.email ?? '').toLowerCase() });
  if (!user) throw notFound('User', String(by.email ?? by.id), by.id ? 'userId' : 'email');
  return user;
}

export async function newToken(
  em: EntityManager,
  user: User,
  now: Date,
  expiresInDays?: number | null,
): Promise<{ token: string; record: ApiToken }> {
  // Writes with a token of the user that owns the seeds would pass for seed data.
  if (user.email === User.SYSTEM_EMAIL) throw badInput('userId', 'The built-in system user can hold no token');
  const issued = issueToken(em, user, now, expiry(expiresInDays));
  await em.flush();
  return issued;
}

export async function revokeAll(em: EntityManager, user: User, now: Date): Promise<number> {
  const count = await revokeTokens(em, user, now);
  await em.flush();
  return count;
}

/**
 * Disables a user (every token stops working at once, on HTTP and on open sockets, through the
 * revocation signal) or enables them again (their unrevoked, unexpired tokens work again).
 * Returns whether anything changed.
 */
export async function setDisabled(em: EntityManager, user: User, disabled: boolean, now: Date): Promise<boolean> {
  if (!!user.disabledAt === disabled) return false;
  user.disabledAt = disabled ? now : null;
  await em.flush();
  return true;
}

export interface ListedUser {
  user: User;
  /** Tokens neither revoked nor expired at `now`. */
  liveTokens: number;
  /** When the last live token expires; null when one never does or there is none. */
  expiresAt: Date | null;
  /** Whether a live token never expires. */
  neverExpires: boolean;
}

export async function listUsers(em: EntityManager, now: Date): Promise<ListedUser[]> {
  const users = await em.find(User, { email: { $ne: User.SYSTEM_EMAIL } }, { orderBy: { id: 'asc' }, populate: ['actor', 'tokens'] });
  return users.map((user) => {
    const live = user.tokens.getItems().filter((t) => !t.revokedAt && !(t.expiresAt && t.expiresAt <= now));
    const expiries = live.map((t) => t.expiresAt ?? null);
    const neverExpires = expiries.includes(null);
    const latest = neverExpires || !expiries.length ? null : new Date(Math.max(...expiries.map((d) => d!.getTime())));
    return { user, liveTokens: live.length, expiresAt: latest, neverExpires };
  });
}

export interface UpdateUser {
  name?: string | null;
  role?: Role | null;
  /** The actor's local id; null clears it, undefined leaves it. */
  actorId?: number | null;
  country?: string | null;
}

/**
 * Changes a user's name, role, actor or country (fields left out stay; null clears). The result
 * must still fit the role, as at creation: a FOCAL_POINT or CIVIL_SOCIETY user acts for an actor,
 * an OMBUDSPERSON for a country. The built-in system user is not changed.
 */
export async function updateUser(em: EntityManager, user: User, changes: UpdateUser, by: User): Promise<User> {
  if (user.email === User.SYSTEM_EMAIL) throw badInput('id', 'The built-in system user cannot be changed');
  if (changes.role === null) throw badInput('role', 'role cannot be cleared: give a Role');
  const role = changes.role ?? user.role;
  let actor: Actor | null = user.actor ? await em.findOneOrFail(Actor, { id: user.actor.id }) : null;
  if (changes.actorId !== undefined) {
    actor = changes.actorId === null ? null : await em.findOne(Actor, { id: changes.actorId });
    if (changes.actorId !== null && !actor) throw notFound('Actor', String(changes.actorId), 'actorId');
  }
  const country = changes.country !== undefined ? (validCountry('country', changes.country) ?? null) : (user.country ?? null);
  if ((role === Role.FOCAL_POINT || role === Role.CIVIL_SOCIETY) && !actor) {
    throw badInput('actorId', `A ${role} user acts for one actor: give actorId`);
  }
  if (role === Role.OMBUDSPERSON && !country) throw badInput('country', 'An OMBUDSPERSON user acts for one country: give its code');
  if (changes.name !== undefined) user.name = optionalText('name', changes.name, MAX.name) ?? null;
  user.role = role;
  user.actor = actor as never;
  user.country = country;
  user.updatedBy = by as never;
  await em.flush();
  return user;
}

/** A user's own tokens, newest first (revoked and expired ones too: the listing says so). */
export async function tokensOf(em: EntityManager, user: Pick<User, 'id'>): Promise<ApiToken[]> {
  return em.find(ApiToken, { user: user.id }, { orderBy: { createdAt: 'desc', id: 'desc' } });
}

/**
 * Revokes one of `user`'s own tokens (revoking a revoked one changes nothing). Another user's
 * token is NOT_FOUND, as an unknown one: token ids are not walked.
 */
export async function revokeOwnToken(em: EntityManager, user: User, tokenId: number, globalId: string, now: Date): Promise<ApiToken> {
  const token = await em.findOne(ApiToken, { id: tokenId, user: user.id });
  if (!token) throw notFound('ApiToken', globalId, 'id');
  token.revokedAt ??= now;
  await em.flush();
  return token;
}
