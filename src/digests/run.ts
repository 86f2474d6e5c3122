/**
 * The digest task the worker runs: every digest whose time has come is claimed (a lease, so
 * that of several instances one sends it), read, sent when there is something to say, and moved
 * on to its next time with the last event it covered. The place in the events and the next
 * time are kept in the database: after a restart a digest that was due is sent (late, once) and
 * one that was sent is not sent again. A digest whose sending failed keeps its place and is
 * tried again once its lease runs out.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { DigestSubscription, type User, type Watch } from '../entities';
import type { AppServices } from '../server/context';
import { writeQueueOf } from '../db/write-queue';
import { nextDigestAt } from '../domain/digest-schedule';
import { toGlobalId } from '../schema/global-id';
import { unsubscribeSignature } from '../auth/unsubscribe-signature';
import { composeDigest } from './compose';
import { readDigest } from './content';
import type { Mailer } from './mailer';

/** How long a claimed digest is left to the instance that claimed it (and how soon a failed one is tried again). */
export const DIGEST_LEASE_MS = 10 * 60_000;
/** Digests handled per run; the rest wait for the next run. */
const BATCH = 100;

export interface DigestRunReport {
  sent: number;
  /** Due, with nothing to say: not sent, moved on. */
  empty: number;
  failed: number;
}

/** The https link that stops one digest without signing in (RFC 8058 one-click, and a page for a GET). */
export function unsubscribeUrl(publicUrl: string, secretKey: string, digestId: number): string {
  const query = new URLSearchParams({
    subscription: toGlobalId('DigestSubscription', digestId),
    signature: unsubscribeSignature(secretKey, digestId),
  });
  return `${publicUrl}/digests/unsubscribe?${query}`;
}

const unleased = (now: Date) => ({ $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] });

/** Runs a write on the writer (SQLite's queue, PostgreSQL's pool), in one transaction. */
function writeNow<T>(services: AppServices, job: (em: EntityManager) => Promise<T>): Promise<T> {
  return writeQueueOf(services.orm).run(() => (services.orm.em.fork() as EntityManager).transactional((em) => job(em as EntityManager)));
}

/** Takes the digest for this run unless another instance has it: true when this one does. */
async function claim(services: AppServices, digest: DigestSubscription, now: Date): Promise<boolean> {
  const claimed = await writeNow(services, (em) =>
    em.nativeUpdate(
      DigestSubscription,
      { id: digest.id, archivedAt: null, nextDigestAt: digest.nextDigestAt, ...unleased(now) },
      { leaseUntil: new Date(now.getTime() + DIGEST_LEASE_MS) },
    ),
  );
  return claimed === 1;
}

async function moveOn(services: AppServices, digest: DigestSubscription, now: Date, lastSequence: number, sent: boolean): Promise<void> {
  await writeNow(services, (em) =>
    em.nativeUpdate(
      DigestSubscription,
      { id: digest.id },
      {
        lastSequence,
        nextDigestAt: nextDigestAt(digest, now),
        leaseUntil: null,
        ...(sent ? { lastSentAt: now } : {}),
      },
    ),
  );
}

export async function sendDueDigests(services: AppServices, mailer: Mailer): Promise<DigestRunReport> {
  const { config, logger } = services;
  const report: DigestRunReport = { sent: 0, empty: 0, failed: 0 };
  if (!config.smtpUrl || !config.publicUrl || !config.secretKey) return report;
  const now = services.clock.now();
  const em = services.orm.em.fork() as EntityManager;
  const due = await em.find(
    DigestSubscription,
    { archivedAt: null, nextDigestAt: { $lte: now }, ...unleased(now) },
    { orderBy: { nextDigestAt: 'asc', id: 'asc' }, limit: BATCH, populate: ['watch', 'user'] },
  );
  for (const digest of due) {
    if (!(await claim(services, digest, now))) continue;
    const watch = digest.watch.getEntity() as Watch;
    const user = digest.user.getEntity() as User;
    try {
      if (watch.archivedAt) {
        // The watch list is gone (unwatch): its digest stops with it.
        await writeNow(services, (tx) => tx.nativeUpdate(DigestSubscription, { id: digest.id }, { archivedAt: now, leaseUntil: null }));
        continue;
      }
      const read = await readDigest(() => services.orm.em.fork() as EntityManager, digest, watch, now);
      const url = unsubscribeUrl(config.publicUrl, config.secretKey, digest.id);
      const message =
        user.disabledAt || user.archivedAt ? null : composeDigest({ ...read.content, publicUrl: config.publicUrl, unsubscribeUrl: url });
      if (message) {
        await mailer.send({
          to: user.email,
          ...message,
          headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        });
        report.sent++;
      } else {
        report.empty++;
      }
      await moveOn(services, digest, now, read.lastSequence, message !== null);
      logger.info({ digestId: digest.id, sent: message !== null, lastSequence: read.lastSequence }, 'digest done');
    } catch (err) {
      // The lease stays: the digest is tried again when it runs out, from the same place.
      report.failed++;
      logger.warn({ err, digestId: digest.id }, 'digest not sent; tried again when its lease runs out');
    }
  }
  return report;
}
