/**
 * When a failed webhook delivery is tried again, and when it is given up: exponential backoff
 * with jitter for what may pass (network errors, timeouts, 5xx, 408, 429), up to about a day;
 * other answers (4xx, redirects, which are never followed) stop at once. A webhook whose attempts
 * have all failed for a day is disabled.
 */

/** The first retry comes this long after the first failure; each next one twice as long after. */
export const RETRY_BASE_MS = 30_000;
/** No wait between two attempts is longer than this (before jitter). */
export const RETRY_MAX_DELAY_MS = 4 * 3600_000;
/** Up to 20% more, at random, so that receivers coming back are not hit by every retry at once. */
export const RETRY_JITTER = 0.2;
/**
 * A delivery is given up after a failed attempt made this long or longer after the event: the
 * last attempt comes a little after a day, so a receiver that failed all along is also disabled.
 */
export const RETRY_WINDOW_MS = 24 * 3600_000;
/** A webhook is disabled after this long of consecutive failed attempts. */
export const DISABLE_AFTER_MS = 24 * 3600_000;

/** The wait after the `attempt`-th failed attempt (1 for the first). */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1), RETRY_MAX_DELAY_MS);
  return Math.round(base * (1 + RETRY_JITTER * random()));
}

export interface AttemptOutcome {
  /** The HTTP status, or null when there was no answer (network error, timeout, refused address). */
  statusCode: number | null;
  error: string | null;
}

export type Verdict = 'DELIVERED' | 'RETRY' | 'STOP';

/** What an attempt's outcome means for the delivery. */
export function verdictOf(outcome: AttemptOutcome): Verdict {
  const status = outcome.statusCode;
  if (status === null) return 'RETRY';
  if (status >= 200 && status < 300) return 'DELIVERED';
  if (status >= 500 || status === 408 || status === 429) return 'RETRY';
  return 'STOP';
}

/** When to try again after a failed attempt, or null to give up (a stopping answer, or the retry window is over). */
export function nextAttemptAt(verdict: Verdict, attempt: number, now: Date, createdAt: Date, random?: () => number): Date | null {
  if (verdict !== 'RETRY' || now.getTime() - createdAt.getTime() >= RETRY_WINDOW_MS) return null;
  return new Date(now.getTime() + retryDelay(attempt, random));
}
