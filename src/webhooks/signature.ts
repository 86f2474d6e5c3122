/**
 * `X-Tracker-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: one v1 per
 * secret that signs (two for 24 hours after a rotation). Receivers recompute the HMAC over the
 * raw body with their secret, compare in constant time, and refuse a `t` more than 5 minutes
 * away from their clock. The README shows the same verification for a receiver.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Tracker-Signature';
export const EVENT_ID_HEADER = 'X-Tracker-Event-Id';
/** Receivers refuse signatures further than this from their clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const hmac = (secret: string, t: number, body: string) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

export function signatureHeader(secrets: readonly string[], t: number, body: string): string {
  return [`t=${t}`, ...secrets.map((s) => `v1=${hmac(s, t, body)}`)].join(',');
}

/** A receiver's check: some v1 matches the secret, and `t` is within the tolerance of `nowSeconds`. */
export function verifySignature(
  header: string,
  body: string,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, t, body), 'hex');
  return parts
    .filter(([k, v]) => k === 'v1' && /^[0-9a-f]{64}$/.test(v ?? ''))
    .some(([, v]) => timingSafeEqual(Buffer.from(v, 'hex'), expected));
}
