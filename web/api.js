/**
 * The page's only way to the data: the public GraphQL API at /graphql, over HTTP POST for
 * queries. With a token signed in, it goes in the Authorization header, never in a URL.
 */
import { currentToken } from './session.js';

export const GRAPHQL_PATH = '/graphql';

export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/** Runs a query; resolves to `data`, or rejects with the first error's message and code. */
export async function query(document, variables = {}) {
  const token = currentToken();
  const response = await fetch(GRAPHQL_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: document, variables }),
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The API answered ${response.status} without a GraphQL body`, 'HTTP_' + response.status);
  }
  if (body.errors?.length) {
    const [first] = body.errors;
    throw new ApiError(first.message, first.extensions?.code);
  }
  return body.data;
}
