/**
 * The request rate limit: `RATE_LIMIT` requests-equivalent per minute per token, or per client IP
 * when anonymous. A mutation counts 5, a query or subscription its node-count estimate / 1,000
 * (at least 1). Fixed one-minute windows on the injected clock (tests advance it instead of
 * sleeping); counts live in process, or in Redis when `REDIS_URL` is set so that every instance
 * shares them.
 */
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock';
import { bearerToken } from '../auth/tokens';

export const RATE_WINDOW_MS = 60_000;
export const MUTATION_COST = 5;
export const NODES_PER_REQUEST = 1_000;
export const RATE_LIMITED = 'RATE_LIMITED';

/** Who is calling, for the rate limit and the logs: a token's hash prefix (never the token), or the IP. */
export function clientKey(authorization: unknown, ip: string | undefined): string {
  let token: string | null = null;
  try {
    token = bearerToken(authorization);
  } catch {
    // A malformed header is refused elsewhere; count it against the IP.
  }
  if (token) return `token:${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
  return `ip:${ip ?? 'unknown'}`;
}

export function operationCost(kind: string, nodes: number): number {
  if (kind === 'mutation') return MUTATION_COST;
  return Math.max(1, Math.ceil(nodes / NODES_PER_REQUEST));
}

interface Counter {
  /** Adds `cost` to the key's count in `window` and returns the new count. */
  add(key: string, window: number, cost: number): Promise<number>;
  close(): Promise<void>;
}

function memoryCounter(): Counter {
  let current = -1;
  const counts = new Map<string, number>();
  return {
    async add(key, window, cost) {
      if (window !== current) {
        // A new window: the old counts can go.
        current = window;
        counts.clear();
      }
      const count = (counts.get(key) ?? 0) + cost;
      counts.set(key, count);
      return count;
    },
    async close() {},
  };
}

/** INCRBY and, on a window's first request, an expiry (two windows: the clock decides, Redis cleans up). */
const ADD_SCRIPT = `local n = redis.call('INCRBY', KEYS[1], ARGV[1])
if n == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return n`;

function redisCounter(url: string): Counter {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 });
  return {
    async add(key, window, cost) {
      return Number(await redis.eval(ADD_SCRIPT, 1, `rate:${window}:${key}`, cost, 2 * RATE_WINDOW_MS));
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

export interface RateLimiter {
  /** Counts an operation; throws RATE_LIMITED (HTTP 429, Retry-After) once the key is over the limit. */
  charge(key: string, cost: number): Promise<void>;
  close(): Promise<void>;
}

export function createRateLimiter(options: { limit: number; redisUrl?: string; clock: Clock; logger: Logger }): RateLimiter {
  const { limit, clock, logger } = options;
  if (limit === 0) return { async charge() {}, async close() {} };
  const counter = options.redisUrl ? redisCounter(options.redisUrl) : memoryCounter();
  return {
    async charge(key, cost) {
      const now = clock.now().getTime();
      const window = Math.floor(now / RATE_WINDOW_MS);
      let count: number;
      try {
        count = await counter.add(key, window, cost);
      } catch (err) {
        // Redis unreachable: serve rather than refuse everyone.
        logger.warn({ err }, 'rate limit store unavailable');
        return;
      }
      if (count <= limit) return;
      const retryAfter = Math.max(1, Math.ceil(((window + 1) * RATE_WINDOW_MS - now) / 1000));
      throw new GraphQLError(`Rate limit of ${limit} requests per minute (RATE_LIMIT) reached; retry in ${retryAfter} s.`, {
        extensions: {
          code: RATE_LIMITED,
          retryAfter,
          limit,
          http: { status: 429, headers: new Map([['retry-after', String(retryAfter)]]) },
        },
      });
    },
    close: () => counter.close(),
  };
}
