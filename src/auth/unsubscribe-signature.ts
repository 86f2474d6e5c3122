/**
 * One-click unsubscribe links (RFC 8058) work without signing in, so the link itself carries
 * the proof: an HMAC-SHA256, under SECRET_KEY, of the digest subscription it names. Checked in
 * constant time; a link for another subscription, or made with another key, is refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What is signed: a purpose prefix, so a signature made for anything else under the same key never fits. */
const message = (subscriptionId: number) => `digest-unsubscribe:${subscriptionId}`;

export function unsubscribeSignature(secretKey: string, subscriptionId: number): string {
  return createHmac('sha256', secretKey).update(message(subscriptionId)).digest('base64url');
}

export function isValidUnsubscribeSignature(secretKey: string, subscriptionId: number, signature: unknown): boolean {
  if (typeof signature !== 'string') return false;
  const expected = Buffer.from(unsubscribeSignature(secretKey, subscriptionId));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
