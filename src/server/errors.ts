/**
 * Every error leaves with an `extensions.code` from the design note's list, and without a stack
 * trace or internal detail unless NODE_ENV=development.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from 'pino';
import { isTokenLimitError, QUERY_TOO_COMPLEX } from './limits';
import { fieldOfGraphQLError } from './error-field';
import { ERROR_CODES } from '../domain/errors';

/** Codes a client may be shown as they are: every contract code but the catch-all. */
const CLIENT_CODES: ReadonlySet<string> = new Set(ERROR_CODES.filter((code) => code !== 'INTERNAL_SERVER_ERROR'));

export const PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE';

/** graphql-js's "Did you mean …?" hints, which reveal the schema when introspection is off. */
const SUGGESTION = / ?Did you mean .+\?$/;

/** Errors of the GraphQL machinery (bad syntax, unknown field, bad variable) are bad input. */
const MACHINERY_CODES: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: 'BAD_USER_INPUT',
  GRAPHQL_VALIDATION_FAILED: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_USER_INPUT',
  OPERATION_RESOLUTION_FAILURE: 'BAD_USER_INPUT',
  PERSISTED_QUERY_NOT_FOUND: 'BAD_USER_INPUT',
  PERSISTED_QUERY_NOT_SUPPORTED: 'BAD_USER_INPUT',
};

/** Apollo's persisted-query refusals that carry no code of their own. */
const PERSISTED_QUERY_MESSAGES = new Set(['provided sha does not match query', 'Unsupported persisted query version']);

function codeInChain(error: unknown): string | undefined {
  for (let e: any = error, depth = 0; e && depth < 5; e = e.originalError, depth++) {
    const code = e.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) return code;
    // type-graphql's AuthorizationError (@Authorized with a role the caller lacks).
    if (code === 'UNAUTHORIZED') return 'FORBIDDEN';
  }
  return undefined;
}

export function formatError(development: boolean, logger: Logger, { hideSuggestions = false } = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (hideSuggestions) formatted = { ...formatted, message: formatted.message.replace(SUGGESTION, '') };
    const original = unwrapResolverError(error);
    const apolloCode = formatted.extensions?.code as string | undefined;
    let code = codeInChain(error) ?? codeInChain(original);
    if (!code && isTokenLimitError(formatted)) code = QUERY_TOO_COMPLEX;
    if (!code && apolloCode && MACHINERY_CODES[apolloCode]) code = MACHINERY_CODES[apolloCode];
    if (!code && apolloCode === 'BAD_USER_INPUT') code = 'BAD_USER_INPUT';
    if (!code && PERSISTED_QUERY_MESSAGES.has(formatted.message)) code = 'BAD_USER_INPUT';

    if (!code) {
      logger.error({ err: original, path: formatted.path }, 'internal error');
      return {
        message: development ? formatted.message : 'Internal server error',
        locations: formatted.locations,
        path: formatted.path,
        extensions: development ? { ...formatted.extensions, code: 'INTERNAL_SERVER_ERROR' } : { code: 'INTERNAL_SERVER_ERROR' },
      };
    }
    const extensions: Record<string, unknown> = {
      ...(original instanceof GraphQLError ? original.extensions : {}),
      ...formatted.extensions,
      code,
    };
    if (code === 'BAD_USER_INPUT' && extensions.field === undefined) {
      const field = fieldOfGraphQLError(error) ?? fieldOfGraphQLError(original);
      if (field) extensions.field = field;
    }
    delete extensions.http;
    if (!development) delete extensions.stacktrace;
    return { ...formatted, extensions };
  };
}

/** A GraphQL-shaped JSON body for errors answered before GraphQL runs (body too large, bad JSON). */
export function httpErrorBody(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}
