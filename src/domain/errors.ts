import { GraphQLError } from 'graphql';

/** The stable `extensions.code` values clients rely on (../shared/design/domain-and-api.md). */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_TRANSITION'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'QUERY_TOO_COMPLEX'
  | 'RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR';

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
