/**
 * Asking for and stopping e-mail digests of one's own watch lists. One live digest per watch:
 * asking again changes its schedule and keeps its place in the events, so nothing is sent twice
 * or skipped. A new digest starts from the events of the moment it is asked for.
 */
import { ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { DigestSubscription, Watch, type User } from '../entities';
import { badInput } from '../domain/errors';
import { authorize, RULES } from '../auth/policy';
import { checkHour, checkTimeZone, nextDigestAt } from '../domain/digest-schedule';
import type { DigestFrequency } from '../domain/enums';
import type { Config } from '../config';
import { idOf } from '../domain/validation';
import { byGlobalId } from './lookup';
import { currentSequence } from './sequence';
import type { Write } from './write';

export interface SubscribeDigest {
  watchId: string;
  frequency: DigestFrequency;
  timeZone: string;
  hour: number;
}

/** Digests need a mail server: without SMTP_URL they are off, and asking for one says so. */
export function assertDigestsOn(config: Config): void {
  if (!config.smtpUrl) throw badInput('input', 'E-mail digests are off on this server (SMTP_URL is not set)');
}

async function ownLiveWatch(w: Write, watchId: string): Promise<Watch> {
  const watch = await byGlobalId(w.em, Watch, 'watchId', watchId);
  authorize(w.user, watch.user.id === w.user.id, RULES.ownDigest);
  if (watch.archivedAt) throw badInput('watchId', 'This watch list was removed (unwatch); watch it again to ask for a digest');
  return watch;
}

export async function subscribeDigest(w: Write, config: Config, input: SubscribeDigest): Promise<DigestSubscription> {
  assertDigestsOn(config);
  const schedule = {
    frequency: input.frequency,
    timeZone: checkTimeZone('timeZone', input.timeZone),
    hour: checkHour('hour', input.hour),
  };
  const watch = await ownLiveWatch(w, input.watchId);
  const nextAt = nextDigestAt(schedule, w.now);
  const live = await w.em.findOne(DigestSubscription, { watch: watch.id, archivedAt: null });
  if (live) {
    Object.assign(live, schedule, { nextDigestAt: nextAt, updatedBy: ref(w.user) });
    return live;
  }
  return w.em.create(DigestSubscription, {
    watch,
    user: w.user,
    ...schedule,
    nextDigestAt: nextAt,
    lastSequence: await currentSequence(w.em),
    createdBy: w.user,
    updatedBy: w.user,
  });
}

/** By the digest's id or by its watch's; stopping a stopped digest changes nothing. */
export async function unsubscribeDigest(
  w: Write,
  input: { digestId?: string | null; watchId?: string | null },
): Promise<DigestSubscription> {
  if (!input.digestId === !input.watchId) throw badInput('digestId', 'Give either digestId or watchId');
  let digest: DigestSubscription | null;
  if (input.digestId) {
    digest = await byGlobalId(w.em, DigestSubscription, 'digestId', input.digestId);
  } else {
    const watch = await byGlobalId(w.em, Watch, 'watchId', input.watchId!);
    authorize(w.user, watch.user.id === w.user.id, RULES.ownDigest);
    digest =
      (await w.em.findOne(DigestSubscription, { watch: watch.id, archivedAt: null })) ??
      (await w.em.findOne(DigestSubscription, { watch: watch.id }, { orderBy: { id: 'desc' } }));
    if (!digest) throw badInput('watchId', 'This watch list has no digest');
  }
  authorize(w.user, digest.user.id === w.user.id, RULES.ownDigest);
  if (!digest.archivedAt) {
    digest.archivedAt = w.now;
    digest.updatedBy = ref(w.user);
  }
  return digest;
}

/** The user's live digests, oldest first, with their watches. */
export function digestsOf(em: EntityManager, user: User): Promise<DigestSubscription[]> {
  return em.find(DigestSubscription, { user: user.id, archivedAt: null }, { orderBy: { id: 'asc' }, populate: ['watch'] });
}

/** The local id a digest's global id names (the unsubscribe link carries the global one). */
export const digestIdOf = (globalId: string) => idOf('subscription', globalId, 'DigestSubscription');
