/**
 * Request ids and the log of refused requests. Every HTTP request gets a requestId (the client's
 * `x-request-id` when it is a short token of safe characters, else a new UUID), returned in the
 * `x-request-id` response header and carried by the request's log lines. Every refused request
 * (HTTP status 400 or more, or GraphQL errors in the answer) is logged at warn with its status,
 * error codes and requestId; repeated refusals are sampled: the first of each client and reason
 * in a minute is logged, the others counted and logged as one line when the minute is over.
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const SAMPLE_WINDOW_MS = 60_000;

/** The client's request id if it is safe to echo and log, else a new one. */
export function requestIdFrom(header: unknown): string {
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

export interface Refusal {
  status: number;
  codes: string[];
  message?: string;
  requestId?: string;
  /** A token's hash prefix or the client IP (see clientKey): never the token. */
  client: string;
  userId?: number;
  method?: string;
  path?: string;
}

export class RefusalLog {
  private window = -1;
  private repeats = new Map<string, { client: string; status: number; codes: string[]; count: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  refused(refusal: Refusal): void {
    const window = Math.floor(this.clock.now().getTime() / SAMPLE_WINDOW_MS);
    if (window !== this.window) {
      this.flush();
      this.window = window;
    }
    const key = `${refusal.client} ${refusal.status} ${refusal.codes.join(',')}`;
    const seen = this.repeats.get(key);
    if (seen) {
      seen.count++;
      return;
    }
    this.repeats.set(key, { client: refusal.client, status: refusal.status, codes: refusal.codes, count: 0 });
    this.logger.warn(refusal, 'request refused');
  }

  /** Logs, per client and reason, how many refusals were counted but not logged one by one. */
  flush(): void {
    for (const { count, ...reason } of this.repeats.values()) {
      if (count > 0) this.logger.warn({ ...reason, repeated: count }, 'repeated refusals');
    }
    this.repeats.clear();
  }
}

/** The codes and first message of a GraphQL-shaped error body, if it is one. */
function errorsIn(body: unknown): { codes: string[]; message?: string } | null {
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : null;
  if (text === null) return null;
  try {
    const errors = (JSON.parse(text) as { errors?: { message?: string; extensions?: { code?: string } }[] }).errors;
    if (!Array.isArray(errors)) return null;
    return { codes: [...new Set(errors.map((e) => String(e.extensions?.code)))], message: errors[0]?.message };
  } catch {
    return null;
  }
}

/**
 * Gives the request its id and logs it when refused. The answer's error codes are read from the
 * body as it is sent (every refusal, wherever it comes from, answers in GraphQL's error shape);
 * a 200 is only parsed when it starts with errors, as Apollo writes them first.
 */
export function requestLog(refusals: RefusalLog, clientOf: (req: Request) => string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    let found: { codes: string[]; message?: string } | null = null;
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      const head = typeof body === 'string' ? body.slice(0, 10) : Buffer.isBuffer(body) ? body.subarray(0, 10).toString() : '';
      if (res.statusCode >= 400 || head.startsWith('{"errors"')) found = errorsIn(body) ?? found;
      return send(body);
    };
    res.on('finish', () => {
      if (res.statusCode < 400 && !found) return;
      refusals.refused({
        status: res.statusCode,
        codes: found?.codes ?? [],
        message: found?.message,
        requestId,
        client: clientOf(req),
        userId: res.locals.userId,
        method: req.method,
        path: req.path,
      });
    });
    next();
  };
}
