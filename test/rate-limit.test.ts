/**
 * The rate limit (issue 9): RATE_LIMIT requests-equivalent per minute per token, or per client IP
 * when anonymous; a mutation counts 5, a query its node estimate / 1,000 (at least 1). Over it:
 * HTTP 429 with Retry-After and RATE_LIMITED with extensions.retryAfter, on HTTP and WebSocket.
 * The window follows the injected clock: tests advance it, never sleep.
 */
import { startTestServer, type TestServer } from './support/server';
import { connected, wsClient, wsRequest } from './support/graphql-ws';
import { tokenFor } from './support/users';
import { Role } from '../src/domain/enums';

const CHEAP = '{ __typename }';
/** 100 + 10,000 nodes: counts 11. */
const DASHBOARD = '{ commitments(first: 100) { edges { node { progressUpdates(first: 100) { edges { node { code } } } } } } }';
const MUTATION = 'mutation { unwatch(input: { id: "V2F0Y2g6MA" }) { id } }';

async function post(t: TestServer, query: string, headers: Record<string, string> = {}) {
  const res = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}

describe('the rate limit (in process)', () => {
  let t: TestServer;
  beforeAll(async () => {
    // 12:00:30: half a minute is left in the window.
    t = await startTestServer({ config: { rateLimit: 20 }, now: '2026-11-24T12:00:30.000Z' });
  });
  afterAll(() => t.stop());

  it('refuses the request over the limit with 429, Retry-After and RATE_LIMITED, until the next minute', async () => {
    for (let i = 0; i < 20; i++) expect((await post(t, CHEAP)).status).toBe(200);
    const refused = await post(t, CHEAP);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('30');
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 30 });
    expect(refused.body.errors[0].extensions.http).toBeUndefined();
    expect(refused.body.errors[0].message).toContain('RATE_LIMIT');
    t.clock.advance(30_000);
    expect((await post(t, CHEAP)).status).toBe(200);
  });

  it('counts per token apart from the anonymous client, a mutation as 5 and a query by its nodes', async () => {
    t.clock.advance(60_000);
    const token = await tokenFor(t, Role.VIEWER);
    const auth = { authorization: `Bearer ${token}` };
    // Two dashboards (11 each) are over 20.
    expect((await post(t, DASHBOARD, auth)).status).toBe(200);
    expect((await post(t, DASHBOARD, auth)).body.errors[0].extensions.code).toBe('RATE_LIMITED');
    // The anonymous client of the same IP has its own budget: four mutations (20), then no more.
    for (let i = 0; i < 4; i++) expect((await post(t, MUTATION)).status).not.toBe(429);
    expect((await post(t, MUTATION)).status).toBe(429);
    expect((await post(t, CHEAP)).status).toBe(429);
  });

  it('refuses over WebSocket with RATE_LIMITED and retryAfter', async () => {
    t.clock.advance(60_000);
    const client = wsClient(t.wsUrl);
    try {
      await connected(client);
      for (let i = 0; i < 20; i++) expect((await wsRequest(client, CHEAP)).data).toEqual({ __typename: 'Query' });
      const refused = await wsRequest(client, CHEAP);
      const untilNextMinute = 60 - (t.clock.now().getTime() % 60_000) / 1000;
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: untilNextMinute });
      expect(refused.errors?.[0].extensions?.http).toBeUndefined();
    } finally {
      await client.dispose();
    }
  });

  it('tells clients apart behind a proxy only with TRUST_PROXY', async () => {
    t.clock.advance(60_000);
    for (let i = 0; i < 20; i++) await post(t, CHEAP, { 'x-forwarded-for': '203.0.113.1' });
    // Without TRUST_PROXY the header is ignored: it is the same client.
    expect((await post(t, CHEAP, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(429);

    const proxied = await startTestServer({ config: { rateLimit: 20, trustProxy: 'loopback' } });
    try {
      for (let i = 0; i < 20; i++) await post(proxied, CHEAP, { 'x-forwarded-for': '203.0.113.1' });
      expect((await post(proxied, CHEAP, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(429);
      expect((await post(proxied, CHEAP, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(200);
    } finally {
      await proxied.stop();
    }
  });

  it('is off with RATE_LIMIT=0', async () => {
    const off = await startTestServer({ config: { rateLimit: 0 } });
    try {
      for (let i = 0; i < 3; i++) expect((await post(off, DASHBOARD)).status).toBe(200);
      for (let i = 0; i < 30; i++) expect((await post(off, CHEAP)).status).toBe(200);
    } finally {
      await off.stop();
    }
  });
});

describe('the rate limit shared through Redis', () => {
  const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  // A minute of its own, so that other runs sharing this Redis do not count against it.
  const now = new Date(Date.UTC(2040, 0, 1) + Math.floor(Math.random() * 1e6) * 60_000).toISOString();
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer({ config: { rateLimit: 10, redisUrl: REDIS_URL }, now });
    b = await startTestServer({ databasePath: a.databasePath, config: { rateLimit: 10, redisUrl: REDIS_URL }, now });
  });
  afterAll(async () => {
    await a.stop();
    await b.stop();
  });

  it('counts requests to every instance together', async () => {
    for (let i = 0; i < 5; i++) expect((await post(a, CHEAP)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await post(b, CHEAP)).status).toBe(200);
    const refused = await post(a, CHEAP);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('60');
    a.clock.advance(60_000);
    expect((await post(a, CHEAP)).status).toBe(200);
  });
});
