/**
 * Issue 9: the body limit on sockets (close 1009) and over HTTP (413 PAYLOAD_TOO_LARGE), and
 * INTROSPECTION=false hiding the schema from suggestions too, on both paths.
 */
import WebSocket from 'ws';
import { startTestServer, type TestServer } from './support/server';
import { connected, wsClient, wsRequest } from './support/graphql-ws';

let t: TestServer;
let closed: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  closed = await startTestServer({ config: { introspection: false } });
});
afterAll(async () => {
  await t.stop();
  await closed.stop();
});

/** Opens a raw graphql-ws socket and waits for the acknowledgement. */
async function rawSocket(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
  await new Promise<void>((resolve) => socket.once('message', () => resolve()));
  return socket;
}

describe('the body limit', () => {
  it('closes a socket with 1009 when a message is larger than BODY_LIMIT_BYTES', async () => {
    const socket = await rawSocket(t.wsUrl);
    const messages: string[] = [];
    socket.on('message', (data) => messages.push(String(data)));
    const closedWith = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const query = `{ sources { totalCount } } # ${'x'.repeat(2_000_000)}`;
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
    expect(await closedWith).toBe(1009);
    expect(messages).toEqual([]);
  });

  it('still executes a message under the limit', async () => {
    const socket = await rawSocket(t.wsUrl);
    try {
      const query = `{ sources { totalCount } } # ${'x'.repeat(900_000)}`;
      const next = new Promise<any>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
      expect(await next).toMatchObject({ type: 'next', payload: { data: { sources: { totalCount: expect.any(Number) } } } });
    } finally {
      socket.close();
    }
  });

  it('answers a body over the limit with 413 and PAYLOAD_TOO_LARGE', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ sources { totalCount } }`, padding: 'x'.repeat(t.services.config.bodyLimitBytes) }),
    });
    expect(res.status).toBe(413);
    const error = ((await res.json()) as any).errors[0];
    expect(error.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toContain('BODY_LIMIT_BYTES');
  });
});

describe('INTROSPECTION=false', () => {
  const INTROSPECT = '{ __schema { types { name } } }';
  const TYPO = '{ sources { edges { node { nme } } } }';

  it('keeps suggestions while introspection is on', async () => {
    expect((await t.gql(TYPO)).errors?.[0].message).toMatch(/Did you mean "name"\?/);
  });

  it('refuses introspection naming the INTROSPECTION setting, over HTTP', async () => {
    const res = await closed.gql(INTROSPECT);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toContain('INTROSPECTION');
    expect(res.errors?.[0].message).not.toContain('introspection: true');
    expect((await closed.gql('{ __type(name: "Commitment") { fields { name } } }')).errors?.[0].message).toContain('INTROSPECTION');
  });

  it('gives no field or enum suggestions over HTTP', async () => {
    const typo = await closed.gql(TYPO);
    expect(typo.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(typo.errors?.[0].message).toContain('Cannot query field "nme"');
    expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
    const badEnum = await closed.gql('query($s: [CommitmentStatus!]) { commitments(filter: { statuses: $s }) { totalCount } }', {
      s: ['IMPLEMENTD'],
    });
    expect(badEnum.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(badEnum.errors)).not.toMatch(/Did you mean|IMPLEMENTED/);
  });

  it('does the same over WebSocket', async () => {
    const client = wsClient(closed.wsUrl);
    try {
      await connected(client);
      const introspection = await wsRequest(client, INTROSPECT);
      expect(introspection.data).toBeUndefined();
      expect(introspection.errors?.[0].message).toContain('INTROSPECTION');
      const typo = await wsRequest(client, TYPO);
      expect(typo.errors?.[0].message).toContain('Cannot query field "nme"');
      expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
      expect((await wsRequest(client, '{ __typename }')).data).toEqual({ __typename: 'Query' });
    } finally {
      await client.dispose();
    }
  });
});
