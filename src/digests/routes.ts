/**
 * The one-click unsubscribe of digests (RFC 8058), on this server and without signing in: the
 * link carries the digest's id and an HMAC of it under SECRET_KEY. A mail client POSTs
 * `List-Unsubscribe=One-Click` to it; a person who opens it (GET) sees a small page whose form
 * POSTs the same (no script). A bad or missing signature is refused with 403 and changes nothing.
 */
import express, { type Request, type Response } from 'express';
import type { EntityManager } from '@mikro-orm/knex';
import type { AppServices } from '../server/context';
import { DigestSubscription } from '../entities';
import { isDatabaseBusy, writeQueueOf } from '../db/write-queue';
import { isValidUnsubscribeSignature } from '../auth/unsubscribe-signature';
import { fromGlobalId } from '../schema/global-id';
import { escapeHtml } from './compose';

/** No script, no style from elsewhere, forms only to this server; the URL (and its signature) is not passed on. */
function pageHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>\n<body><h1>${escapeHtml(title)}</h1>\n${body}\n</body></html>\n`;
}

/** The digest the link names, when its signature holds; null otherwise. */
function signedDigestId(req: Request, secretKey: string | undefined): number | null {
  const { subscription, signature } = req.query;
  if (!secretKey || typeof subscription !== 'string') return null;
  const decoded = fromGlobalId(subscription);
  if (!decoded || decoded.type !== 'DigestSubscription') return null;
  return isValidUnsubscribeSignature(secretKey, decoded.id, signature) ? decoded.id : null;
}

const BUSY_RETRY_AFTER_SECONDS = 5;

function refuse(res: Response): void {
  res
    .status(403)
    .type('html')
    .send(
      page(
        'Link not valid',
        '<p>This unsubscribe link is not valid (it may have been cut short). Use the link of a recent digest e-mail.</p>',
      ),
    );
}

export function digestRouter(services: AppServices): express.Router {
  const router = express.Router();

  router.get('/unsubscribe', (req, res) => {
    pageHeaders(res);
    if (signedDigestId(req, services.config.secretKey) === null) return refuse(res);
    // The form posts to this same URL (query and all), as a one-click mail client would.
    res
      .type('html')
      .send(
        page(
          'Stop this digest?',
          `<p>You will no longer receive this e-mail digest. Your watch list stays as it is.</p>\n` +
            `<form method="post" action="${escapeHtml(req.originalUrl)}"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
            `<button type="submit">Unsubscribe</button></form>`,
        ),
      );
  });

  router.post('/unsubscribe', express.urlencoded({ extended: false, limit: 1024 }), async (req, res, next) => {
    pageHeaders(res);
    const id = signedDigestId(req, services.config.secretKey);
    if (id === null) return refuse(res);
    try {
      const now = services.clock.now();
      await writeQueueOf(services.orm).run(() =>
        (services.orm.em.fork() as EntityManager).transactional((em) =>
          em.nativeUpdate(DigestSubscription, { id, archivedAt: null }, { archivedAt: now, updatedAt: now }),
        ),
      );
      services.logger.info({ digestId: id }, 'digest unsubscribed by its link');
      res.type('html').send(page('Unsubscribed', '<p>You will no longer receive this e-mail digest.</p>'));
    } catch (err) {
      // Another writer held the database past the busy timeout: nothing was written, say so and
      // when to try again (a mail client retries a 503 of RFC 8058's POST).
      if (isDatabaseBusy(err)) {
        return void res
          .status(503)
          .setHeader('Retry-After', String(BUSY_RETRY_AFTER_SECONDS))
          .type('html')
          .send(
            page(
              'Try again in a moment',
              '<p>The server is busy and has not unsubscribed you yet. Use the button again in a few seconds.</p>',
            ),
          );
      }
      next(err);
    }
  });

  return router;
}
