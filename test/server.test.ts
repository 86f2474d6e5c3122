/** The server: health, error codes, query limits (HTTP and WebSocket), body limit, no stack traces. */
import { startTestServer, type TestServer } from './support/server';
import { connected, wsClient, wsRequest } from './support/graphql-ws';
import { LIMITS } from '../src/server/limits';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

const FULL_CHAIN = `{ sources(first: 2) { edges { node { code recommendations(first: 5) { edges { node { code
  commitments(first: 5) { edges { node { code actor { name parent { name } }
    progressUpdates(first: 5) { edges { node { summary commitment { code } } } }
    history(first: 5) { edges { node { toStatus } } } } } } } } } } } } }`;

describe('the HTTP server', () => {
  it('answers /healthz when the database is reachable', async () => {
    const res = await fetch(t.url.replace('/graphql', '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', reasons: [] });
  });

  it('admits the whole chain source → recommendations → commitments → progress updates', async () => {
    const res = await t.gql(FULL_CHAIN);
    expect(res.errors).toBeUndefined();
    expect(res.data.sources.edges.length).toBe(2);
  });

  it('refuses a query deeper than the limit with QUERY_TOO_COMPLEX, before running it', async () => {
    let deep = 'code';
    for (let i = 0; i < LIMITS.maxDepth; i++) deep = `parent { ${deep} }`;
    const res = await t.gql(`{ actor(code: "IT-DGCS") { ${deep} } }`);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses too many aliases and too many tokens with QUERY_TOO_COMPLEX', async () => {
    const aliases = Array.from({ length: LIMITS.maxAliases + 1 }, (_, i) => `a${i}: source(code: "ROME-2012") { code }`).join(' ');
    expect((await t.gql(`{ ${aliases} }`)).errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const tokens = `{ ${Array.from({ length: LIMITS.maxTokens }, () => '__typename').join(' ')} }`;
    expect((await t.gql(tokens)).errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses a query returning too many nodes with QUERY_TOO_COMPLEX', async () => {
    const wide = `{ recommendations(first: 100) { edges { node { ${Array.from({ length: 12 }, (_, i) => `c${i}: commitments(first: 100) { edges { node { progressUpdates(first: 100) { edges { node { summary reportedBy { name } commitment { code title } } } } } } }`).join(' ')} } } } }`;
    expect((await t.gql(wide)).errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('answers syntax errors and unknown fields with BAD_USER_INPUT', async () => {
    expect((await t.gql('{ sources { ')).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await t.gql('{ sources { nope } }')).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const badVar = await t.gql('query($d: Date) { commitments(filter: { dueBefore: $d }) { totalCount } }', { d: '2020-13-01' });
    expect(badVar.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('never shows a stack trace outside development', async () => {
    const res = await t.gql('{ actors(first: 1000) { totalCount } }');
    expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|\bat .*\.(js|ts):\d+/);
  });

  it('refuses an unknown bearer token with UNAUTHENTICATED', async () => {
    const res = await t.gql('{ sources { totalCount } }', undefined, 'not-a-token');
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the WebSocket endpoint', () => {
  it('acknowledges a connection on the same port and path, and answers queries with the same limits', async () => {
    const client = wsClient(t.wsUrl);
    try {
      await connected(client);
      const ok = await wsRequest(client, '{ source(code: "ROME-2012") { code } }');
      expect(ok.data).toEqual({ source: { code: 'ROME-2012' } });
      let deep = 'code';
      for (let i = 0; i < LIMITS.maxDepth; i++) deep = `parent { ${deep} }`;
      const refused = await wsRequest(client, `{ actor(code: "IT-DGCS") { ${deep} } }`);
      expect(refused.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    } finally {
      await client.dispose();
    }
  });
});
