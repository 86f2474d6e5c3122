import { GraphQLError } from 'graphql';

/**
 * The stable `extensions.code` values clients rely on (../shared/design/domain-and-api.md and
 * the README's errors section). The one list: the error formatter passes exactly these through.
 */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_TRANSITION',
  'ARCHIVED',
  'IDEMPOTENCY_KEY_REUSED',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'TIMEOUT',
  'PAYLOAD_TOO_LARGE',
  'INTERNAL_SERVER_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error meant for the client: its message and extensions are shown as they are. */
export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export const badInput = (field: string, message: string) => new DomainError('BAD_USER_INPUT', message, { field });
export const notFound = (what: string, id: string, field?: string) =>
  new DomainError('NOT_FOUND', `${what} "${id}" was not found`, field ? { field } : {});
export const forbidden = (message = 'You are not allowed to do this') => new DomainError('FORBIDDEN', message);
export const unauthenticated = (message = 'Authentication is required') => new DomainError('UNAUTHENTICATED', message);
export const conflict = (message: string, currentVersion: number) => new DomainError('CONFLICT', message, { currentVersion });

/**
 * The database stayed locked by another writer past the busy timeout: nothing was written and
 * the client may retry. `http` gives the HTTP answer (503 with Retry-After); the error
 * formatter drops it from the body.
 */
export const serviceUnavailable = (retryAfterSeconds = 1) =>
  new DomainError('SERVICE_UNAVAILABLE', 'The database is busy with other writes; nothing was written, retry shortly', {
    retryAfter: retryAfterSeconds,
    http: { status: 503, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
  });
