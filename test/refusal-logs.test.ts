/**
 * Refusal logs (issue 9): every refused request is logged at warn with its status, error codes
 * and requestId (sampled per client and reason), the requestId is returned in `x-request-id`,
 * and no log line carries a token. Also GET queries without a preflight header.
 */
import { Writable } from 'node:stream';
import { createLogger } from '../src/logger';
import { startTestServer, type TestServer } from './support/server';
import { tokenFor } from './support/users';
import { Role } from '../src/domain/enums';

const lines: any[] = [];
const sink = new Writable({
  write(chunk, _encoding, callback) {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    callback();
  },
});

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ logger: createLogger('info', sink) });
});
afterAll(() => t.stop());

const refusals = () => lines.filter((l) => l.msg === 'request refused');
/** Refusals are sampled per client and reason each minute: a new minute logs the next one in full. */
const nextMinute = () => t.clock.advance(60_000);
const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('request ids', () => {
  it('echoes a safe client x-request-id and replaces an unsafe one', async () => {
    const mine = await post('{"query":"{ __typename }"}', { 'x-request-id': 'abc-123_X.y' });
    expect(mine.headers.get('x-request-id')).toBe('abc-123_X.y');
    const unsafe = await post('{"query":"{ __typename }"}', { 'x-request-id': 'a b<script>' });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const long = await post('{"query":"{ __typename }"}', { 'x-request-id': 'x'.repeat(200) });
    expect(long.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('refusal logs', () => {
  it('logs a 401 at warn with status, code and requestId, and never the token', async () => {
    const res = await post('{"query":"{ __typename }"}', { authorization: 'Bearer fut_not-a-real-token', 'x-request-id': 'req-401' });
    expect(res.status).toBe(401);
    const line = refusals().find((l) => l.requestId === 'req-401');
    expect(line).toMatchObject({ level: 40, status: 401, codes: ['UNAUTHENTICATED'] });
    expect(line.client).toMatch(/^token:[0-9a-f]{16}$/);
    expect(JSON.stringify(lines)).not.toContain('fut_not-a-real-token');
  });

  it('logs malformed JSON, a body over the limit, a CSRF refusal and GraphQL errors with their codes', async () => {
    nextMinute();
    expect((await post('{"query":', { 'x-request-id': 'req-json' })).status).toBe(400);
    expect(
      (await post(JSON.stringify({ query: '{ __typename }', pad: 'x'.repeat(1_100_000) }), { 'x-request-id': 'req-413' })).status,
    ).toBe(413);
    nextMinute();
    const csrf = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-request-id': 'req-csrf' },
      body: '{"query":"{ __typename }"}',
    });
    expect(csrf.status).toBe(400);
    nextMinute();
    expect((await post('{"query":"{ nope }"}', { 'x-request-id': 'req-invalid' })).status).toBe(400);
    nextMinute();
    const notFound = await post('{"query":"{ commitment(code: \\"NOPE\\") { code } actors(first: 1000) { totalCount } }"}', {
      'x-request-id': 'req-partial',
    });
    expect(notFound.status).toBe(200);
    const by = (id: string) => refusals().find((l) => l.requestId === id);
    expect(by('req-json')).toMatchObject({ status: 400, codes: ['BAD_USER_INPUT'], message: 'Malformed JSON body' });
    expect(by('req-413')).toMatchObject({ status: 413, codes: ['PAYLOAD_TOO_LARGE'] });
    expect(by('req-csrf')).toMatchObject({ status: 400, codes: ['BAD_USER_INPUT'] });
    expect(by('req-csrf').message).toMatch(/CSRF/);
    expect(by('req-invalid')).toMatchObject({ status: 400, codes: ['BAD_USER_INPUT'] });
    expect(by('req-partial')).toMatchObject({ status: 200, codes: ['BAD_USER_INPUT'] });
  });

  it('logs an export 400 with its requestId, and export lines with requestId and userId', async () => {
    const token = await tokenFor(t, Role.SECRETARIAT);
    const base = t.url.replace('/graphql', '/export/commitments.csv');
    nextMinute();
    const bad = await fetch(`${base}?overdue=perhaps`, { headers: { 'x-request-id': 'req-export' } });
    expect(bad.status).toBe(400);
    expect(refusals().find((l) => l.requestId === 'req-export')).toMatchObject({ status: 400, codes: ['BAD_USER_INPUT'] });
    const ok = await fetch(base, { headers: { 'x-request-id': 'req-export-ok', authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    await ok.text();
    const exportLine = lines.find((l) => l.msg === 'export' && l.requestId === 'req-export-ok');
    expect(exportLine).toMatchObject({ export: 'commitments', userId: expect.any(Number) });
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it('samples repeated refusals from one client: the first in full, then a count', async () => {
    t.clock.advance(60_000);
    const before = refusals().length;
    for (let i = 0; i < 5; i++) await post('{"query":"{ nope }"}', { 'x-request-id': `req-repeat-${i}` });
    expect(refusals().length - before).toBe(1);
    t.clock.advance(60_000);
    await post('{"query":"{ nope }"}');
    expect(lines.find((l) => l.msg === 'repeated refusals')).toMatchObject({ repeated: 4, status: 400, codes: ['BAD_USER_INPUT'] });
  });
});

describe('GET', () => {
  it('runs a query without a preflight header, refuses a mutation, and keeps CSRF protection for POST', async () => {
    const get = await fetch(`${t.url}?query=${encodeURIComponent('{ sources { totalCount } }')}`);
    expect(get.status).toBe(200);
    expect(((await get.json()) as any).data.sources.totalCount).toBeGreaterThan(0);
    const mutation = await fetch(`${t.url}?query=${encodeURIComponent('mutation { unwatch(input: { id: "x" }) { id } }')}`);
    expect(mutation.status).toBe(405);
    const simplePost = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"query":"{ __typename }"}',
    });
    expect(simplePost.status).toBe(400);
  });
});
