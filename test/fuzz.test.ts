/**
 * Property: no input makes the server fail. Every query, mutation and subscription of the schema
 * is called with generated arguments (valid values, wrong types, bad enums, odd text, unknown
 * and malformed ids, huge lists, missing required values), as variables or literals, over HTTP
 * and over the WebSocket; malformed bodies and GET requests go over HTTP. Every answer must be
 * data, or errors whose `extensions.code` is one of the contract's codes other than
 * INTERNAL_SERVER_ERROR (or, on the socket, a graphql-ws close code), never an HTTP 5xx, and the
 * server must log nothing at error level. Fixed seed, bounded runs; the rate limit is off.
 */
import { Writable } from 'node:stream';
import WebSocket from 'ws';
import pino from 'pino';
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  isLeafType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import type { Client } from 'graphql-ws';
import { startTestServer, type TestServer } from './support/server';
import { idOf, userWithToken } from './support/users';
import { connected, wsClient } from './support/graphql-ws';
import { Role } from '../src/domain/enums';
import { ERROR_CODES } from '../src/domain/errors';

const SEED = 20_261_130;
/** The contract's codes (src/domain/errors.ts, README "Errors and limits"), INTERNAL_SERVER_ERROR excluded. */
const CONTRACT = new Set<string>(ERROR_CODES.filter((code) => code !== 'INTERNAL_SERVER_ERROR'));

let t: TestServer;
let schema: GraphQLSchema;
let token: string;
let socket: Client;
const errorLines: string[] = [];
const ids: string[] = [];

beforeAll(async () => {
  const logger = pino(
    { level: 'error' },
    new Writable({
      write(chunk, _encoding, done) {
        errorLines.push(String(chunk));
        done();
      },
    }),
  );
  t = await startTestServer({ logger, config: { rateLimit: 0 } });
  schema = t.server.schema;
  // An admin may call every mutation, so the generated input reaches validation; the admin's
  // own user id is never generated (disabling it would end the run's authentication).
  token = (await userWithToken(t, Role.ADMIN)).token;
  const other = await userWithToken(t, Role.FOCAL_POINT, { actorCode: 'IT-DEO' });
  ids.push(
    other.id,
    await idOf(t, 'actor', 'IT-DEO'),
    await idOf(t, 'recommendation', 'FLORENCE-2008-NAT-03'),
    await idOf(t, 'source', 'ROME-2012'),
    await idOf(t, 'commitment', 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011'),
  );
  socket = wsClient(t.wsUrl, { authorization: `Bearer ${token}` });
  await connected(socket);
});

/** graphql-ws reports its internal errors (then closes with 1011) on console.error, not the logger. */
const consoleErrors: unknown[][] = [];
beforeEach(() => jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void consoleErrors.push(args)));
afterEach(() => {
  jest.restoreAllMocks();
  expect(consoleErrors.splice(0).map((args) => args.map(String).join(' '))).toEqual([]);
});

afterAll(async () => {
  await socket?.dispose();
  await t?.stop();
});

// ---- values -------------------------------------------------------------------------------

const oddStrings = fc.constantFrom(
  '',
  '   ',
  'a\u0000b',
  'x\u0007',
  'line\r\nbreak',
  '\ud800',
  '😀'.repeat(301),
  '"',
  "O'Brien",
  '%_\\',
  'ROME-2012',
  'FLORENCE-2008-NAT-03',
  'IT-DEO',
  'IT',
  'ZZZ',
  'x'.repeat(3000),
  'AND',
  '"unbalanced',
  'ombuds*',
  'https://example.org/a',
  'javascript:alert(1)',
);
const strings = fc.oneof(oddStrings, fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }));
const dates = fc.constantFrom('2012', '2012-11', '2012-11-29', '2012-13-40', '2012-02-30', '', 'yesterday', '99999-01-01', '2026-11-24');
const globalId = (type: string, id: number | string) => Buffer.from(`${type}:${id}`).toString('base64url');
const idValues = () =>
  fc.oneof(
    fc.constantFrom(...ids),
    fc.constantFrom('nope', '', globalId('Actor', 999_999), globalId('__proto__', 1), globalId('Actor', -1), globalId('Actor', 'x')),
    fc.string({ maxLength: 10 }),
  );
const ints = fc.oneof(fc.integer({ min: -3, max: 120 }), fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1.5, 1e9));

/** Plausible text, for calls meant to get past validation and into the resolvers. */
const plainStrings = fc.constantFrom(
  'A title',
  'ROME-2012',
  'IT',
  'IT-DEO',
  'FLORENCE-2008-NAT-03',
  'https://example.org/a',
  'child',
  'Reason',
);

/**
 * A value of `type`. `clean`: of the right type and plausible, so that the call reaches the
 * resolvers and the database; otherwise mostly valid, sometimes of the wrong type, null or odd.
 */
function valueOf(type: GraphQLInputType, clean: boolean, depth = 0): fc.Arbitrary<unknown> {
  const wrong = fc.constantFrom<unknown>(null, 'x', 7, true, [], {});
  const orWrong = (valid: fc.Arbitrary<unknown>) =>
    clean ? valid : fc.oneof({ weight: 10, arbitrary: valid }, { weight: 1, arbitrary: wrong });
  if (isNonNullType(type)) {
    const inner = valueOf(type.ofType as GraphQLInputType, clean, depth);
    return clean ? inner : fc.oneof({ weight: 12, arbitrary: inner }, { weight: 1, arbitrary: wrong });
  }
  if (isListType(type)) {
    const item = valueOf(type.ofType as GraphQLInputType, clean, depth + 1);
    if (clean) return fc.array(item, { minLength: 1, maxLength: 2 });
    return fc.oneof(
      { weight: 10, arbitrary: fc.array(item, { maxLength: 3 }) },
      { weight: 1, arbitrary: item },
      { weight: 1, arbitrary: item.map((v) => Array(1001).fill(v)) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  }
  const named = getNamedType(type);
  let valid: fc.Arbitrary<unknown>;
  const enumNames = isEnumType(named) ? named.getValues().map((v) => v.name) : [];
  if (isEnumType(named)) valid = clean ? fc.constantFrom<unknown>(...enumNames) : fc.constantFrom<unknown>(...enumNames, 'NOPE', '');
  else if (isInputObjectType(named)) {
    if (depth > 3) return fc.constant(null);
    const fields = Object.values(named.getFields());
    const model = Object.fromEntries(fields.map((f) => [f.name, valueOf(f.type, clean, depth + 1)]));
    const required = fields.filter((f) => isNonNullType(f.type)).map((f) => f.name);
    if (clean) return fc.record(model, { requiredKeys: required });
    valid = fc.oneof(
      { weight: 8, arbitrary: fc.record(model, { requiredKeys: required }) },
      { weight: 1, arbitrary: fc.record(model, { requiredKeys: [] }) },
      { weight: 1, arbitrary: fc.record(model, { requiredKeys: required }).map((v) => ({ ...v, unknownField: 1 })) },
    );
  } else if (isScalarType(named)) {
    valid =
      named.name === 'Int' || named.name === 'Float'
        ? clean
          ? fc.integer({ min: 0, max: 50 })
          : ints
        : named.name === 'Boolean'
          ? fc.boolean()
          : named.name === 'ID'
            ? clean
              ? fc.constantFrom(...ids)
              : idValues()
            : named.name === 'Date' || named.name === 'PartialDate'
              ? clean
                ? fc.constantFrom('2012-11-29', '2026-11-24')
                : dates
              : clean
                ? plainStrings
                : strings;
  } else valid = clean ? plainStrings : strings;
  return orWrong(valid);
}

/** `value` as a GraphQL literal of `type` (enums bare when they look like names). */
function literal(value: unknown, type: GraphQLInputType): string {
  const named = getNamedType(type);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => literal(v, isListType(type) || isNonNullType(type) ? unwrapList(type) : type)).join(' ')}]`;
  if (typeof value === 'object') {
    const fields = isInputObjectType(named) ? named.getFields() : {};
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${literal(v, (fields[k]?.type ?? named) as GraphQLInputType)}`)
      .join(', ')} }`;
  }
  if (typeof value === 'string' && isEnumType(named) && /^[A-Za-z_]\w*$/.test(value)) return value;
  return JSON.stringify(value);
}
const unwrapList = (type: GraphQLInputType): GraphQLInputType => {
  const inner = isNonNullType(type) ? type.ofType : type;
  return (isListType(inner) ? inner.ofType : inner) as GraphQLInputType;
};

interface Operation {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** Calls of `field` with generated arguments: as variables (usually) or inline literals. */
function callsOf(kind: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>): fc.Arbitrary<Operation> {
  const args: readonly GraphQLArgument[] = field.args;
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  const values = (clean: boolean) =>
    fc.tuple(...args.map((a) => fc.option(valueOf(a.type, clean), { nil: undefined, freq: isNonNullType(a.type) ? 20 : 3 })));
  return fc
    .tuple(
      fc.oneof(values(true), values(false)),
      fc.boolean(),
      fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    )
    .map(([vals, asVariables, omitSome]) => {
      const given = args.map((a, i) => [a, vals[i]] as const).filter(([, v]) => v !== undefined);
      if (asVariables) {
        const defs = given.map(([a]) => `$${a.name}: ${String(a.type)}`).join(', ');
        const call = given.map(([a]) => `${a.name}: $${a.name}`).join(', ');
        const variables = Object.fromEntries(given.filter((_, i) => !(omitSome && i === 0)).map(([a, v]) => [a.name, v]));
        return {
          query: `${kind} Fuzz${defs ? `(${defs})` : ''} { ${field.name}${call ? `(${call})` : ''}${selection} }`,
          variables,
        };
      }
      const call = given.map(([a, v]) => `${a.name}: ${literal(v, a.type)}`).join(', ');
      return { query: `${kind} { ${field.name}${call ? `(${call})` : ''}${selection} }` };
    });
}

function operations(kinds: ('query' | 'mutation' | 'subscription')[]): fc.Arbitrary<Operation> {
  const all = kinds.flatMap((kind) => {
    const root = kind === 'query' ? schema.getQueryType() : kind === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
    return Object.values(root?.getFields() ?? {}).map((f) => callsOf(kind, f));
  });
  const documentFaults = fc.constantFrom<Operation>(
    { query: 'query A { sources { totalCount } }', operationName: 'B' },
    { query: 'query A { sources { totalCount } } query B { actors { totalCount } }' },
    { query: '{ sources { totalCount }' },
    { query: '' },
    { query: '{ nope }' },
    { query: 'query($n: Int!) { sources(first: $n) { totalCount } }', variables: {} },
  );
  return fc.oneof({ weight: 20, arbitrary: fc.oneof(...all) }, { weight: 1, arbitrary: documentFaults });
}

// ---- checking answers -----------------------------------------------------------------------

function badCodes(errors: unknown): unknown[] {
  if (errors === undefined) return [];
  if (!Array.isArray(errors)) return [errors];
  return errors.map((e) => e?.extensions?.code).filter((code) => !CONTRACT.has(code));
}

async function overHttp(request: RequestInit & { path?: string }): Promise<{ status: number; bad: unknown[]; body: string }> {
  const res = await fetch(t.url + (request.path ?? ''), request);
  const body = await res.text();
  let parsed: any;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const bad = res.status >= 500 ? [`HTTP ${res.status}`] : badCodes(parsed?.errors);
  if (res.status >= 400 && !parsed?.errors?.length) bad.push(`HTTP ${res.status} without a GraphQL error`);
  return { status: res.status, bad, body: body.slice(0, 300) };
}

function overSocket(op: Operation): Promise<unknown[]> {
  return new Promise((resolve) => {
    const bad: unknown[] = [];
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      resolve(bad);
    };
    const stop = socket.subscribe(op as any, {
      next: (value) => {
        bad.push(...badCodes(value.errors));
        // A subscription that started: its first event (or none) is enough; stop it.
        stop();
        settle();
      },
      error: (err) => {
        if (Array.isArray(err)) bad.push(...badCodes(err));
        else bad.push(`socket closed: ${JSON.stringify(err)}`);
        settle();
      },
      complete: settle,
    });
    if (op.query.startsWith('subscription')) {
      // A valid subscription stays silent until an event: a query on the same socket after it
      // bounds the wait; anything the server logs at error level later still fails the test.
      socket.subscribe({ query: '{ __typename }' }, { next: () => {}, error: () => {}, complete: () => (stop(), settle()) });
    }
  });
}

const RUNS = { http: 160, socket: 100, bodies: 100, frames: 60 };
/** The runs are bounded; this only leaves a loaded machine room to finish them (not a timed assertion). */
const FUZZ_TIMEOUT_MS = 120_000;

/** graphql-ws's close codes (4400 bad message, 4401, 4403, 4409, 4429 …) and the normal ones; 1011 (internal error) fails. */
const isProtocolClose = (code: number) => (code >= 4400 && code < 4500) || code === 1000 || code === 1001 || code === 1009;

describe('fuzz: no input makes the server fail', () => {
  it(
    'every query and mutation over HTTP answers data or contract codes',
    async () => {
      await fc.assert(
        fc.asyncProperty(operations(['query', 'mutation']), fc.boolean(), async (op, signedIn) => {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (signedIn) headers.authorization = `Bearer ${token}`;
          const { bad, status, body } = await overHttp({ method: 'POST', headers, body: JSON.stringify(op) });
          expect({ op, status, body, bad }).toEqual({ op, status, body, bad: [] });
        }),
        { seed: SEED, numRuns: RUNS.http, endOnFailure: true },
      );
      expect(errorLines).toEqual([]);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'every query, mutation and subscription over the WebSocket answers data or contract codes',
    async () => {
      await fc.assert(
        fc.asyncProperty(operations(['query', 'mutation', 'subscription']), async (op) => {
          expect({ op, bad: await overSocket(op) }).toEqual({ op, bad: [] });
        }),
        { seed: SEED, numRuns: RUNS.socket, endOnFailure: true },
      );
      expect(errorLines).toEqual([]);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'malformed graphql-ws messages get contract codes or a graphql-ws close code',
    async () => {
      const message = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.json(),
        fc
          .record({
            type: fc.constantFrom('subscribe', 'next', 'complete', 'ping', 'pong', 'connection_init', 'error', 'nope'),
            id: fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)),
            payload: fc.oneof(
              fc.jsonValue(),
              operations(['query', 'mutation', 'subscription']),
              fc.record({ query: fc.string(), variables: fc.jsonValue(), operationName: fc.jsonValue(), extensions: fc.jsonValue() }),
            ),
          })
          .map((m) => JSON.stringify(m)),
      );
      await fc.assert(
        fc.asyncProperty(message, async (frame) => {
          const raw = new WebSocket(t.wsUrl, 'graphql-transport-ws');
          const answers: any[] = [];
          const outcome = await new Promise<{ close?: number; bad: unknown[] }>((resolve) => {
            const bad: unknown[] = [];
            raw.on('open', () => raw.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
            raw.on('message', (data) => {
              const parsed = JSON.parse(String(data));
              answers.push(parsed);
              if (parsed.type === 'connection_ack') {
                raw.send(frame);
                // The server answers this ping after it has read the frame: the end of the exchange.
                raw.send(JSON.stringify({ type: 'ping', payload: { fuzz: true } }));
              } else if (parsed.type === 'error') bad.push(...badCodes(parsed.payload));
              else if (parsed.type === 'next') bad.push(...badCodes(parsed.payload?.errors));
              else if (parsed.type === 'pong' && parsed.payload?.fuzz) resolve({ bad });
            });
            raw.on('close', (code) => resolve({ close: code, bad: isProtocolClose(code) ? bad : [...bad, `closed with ${code}`] }));
          });
          raw.terminate();
          expect({ frame, answers, bad: outcome.bad }).toEqual({ frame, answers, bad: [] });
        }),
        { seed: SEED, numRuns: RUNS.frames, endOnFailure: true },
      );
      expect(errorLines).toEqual([]);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'malformed bodies, content types and GET requests answer 4xx with contract codes',
    async () => {
      const contentTypes = fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'application/json; charset=utf-16',
        'application/json; charset=latin1',
        'text/plain',
        'application/graphql',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
      );
      const jsonBodies = fc.oneof(
        fc.json(),
        fc.record({ query: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant('{ sources { totalCount } }')) }),
        fc.record({
          query: fc.constant('query($n: Int) { sources(first: $n) { totalCount } }'),
          variables: fc.oneof(fc.jsonValue(), fc.string()),
          operationName: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
          extensions: fc.oneof(
            fc.jsonValue(),
            fc.record({ persistedQuery: fc.record({ version: fc.integer(), sha256Hash: fc.string() }) }),
          ),
        }),
      );
      const requests = fc.oneof(
        fc.tuple(contentTypes, fc.oneof(jsonBodies, fc.string({ unit: 'binary' }))).map(([type, body]) => ({
          method: 'POST',
          headers: { 'content-type': type },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        })),
        fc.tuple(fc.constantFrom('gzip', 'br', 'deflate', 'identity', 'zstd', 'gzip, br'), fc.string()).map(([encoding, body]) => ({
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': encoding },
          body,
        })),
        fc
          .tuple(
            fc.oneof(
              fc.string(),
              operations(['query', 'mutation', 'subscription']).map((o) => o.query),
            ),
            fc.oneof(fc.string(), fc.jsonValue()),
          )
          .map(([query, variables]) => ({
            method: 'GET',
            path: `?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(typeof variables === 'string' ? variables : JSON.stringify(variables))}`,
          })),
      );
      await fc.assert(
        fc.asyncProperty(requests, async (request) => {
          const { bad, status, body } = await overHttp(request);
          expect({ request, status, body, bad }).toEqual({ request, status, body, bad: [] });
        }),
        { seed: SEED, numRuns: RUNS.bodies, endOnFailure: true },
      );
      expect(errorLines).toEqual([]);
    },
    FUZZ_TIMEOUT_MS,
  );
});
