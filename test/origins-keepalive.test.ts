/** The Origin allow-list (HTTP CORS and WebSocket handshake) and graphql-ws keep-alive pings. */
import WebSocket from 'ws';
import { startTestServer, type TestServer } from './support/server';
import { connected } from './support/graphql-ws';
import { createClient } from 'graphql-ws';

const ALLOWED = 'https://dashboard.example.org';
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ config: { allowedOrigins: [ALLOWED], keepAliveMs: 25 } });
});
afterAll(() => t.stop());

const socketWithOrigin = (origin: string) =>
  createClient({
    url: t.wsUrl,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => {}, // the refusal is asserted through the close event
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { origin });
      }
    },
  });

describe('ALLOWED_ORIGINS', () => {
  it('lets an allowed browser origin use HTTP (CORS) and WebSocket', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ALLOWED },
      body: '{"query":"{ sources { totalCount } }"}',
    });
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const client = socketWithOrigin(ALLOWED);
    try {
      await connected(client);
    } finally {
      await client.dispose();
    }
  });

  it('refuses another origin: no CORS grant, and no WebSocket handshake', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://elsewhere.example' },
      body: '{"query":"{ sources { totalCount } }"}',
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const client = socketWithOrigin('https://elsewhere.example');
    try {
      await expect(connected(client)).rejects.toBeDefined();
    } finally {
      await client.dispose();
    }
  });
});

describe('keep-alive', () => {
  it('pings an idle connection every WS_KEEPALIVE_MS (WebSocket ping frames)', async () => {
    const socket = new WebSocket(t.wsUrl, 'graphql-transport-ws');
    try {
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(JSON.stringify({ type: 'connection_init' }));
      const ack = await new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
      expect(JSON.parse(ack).type).toBe('connection_ack');
      await new Promise((resolve) => socket.once('ping', resolve)); // the client answers with a pong by itself
    } finally {
      socket.close();
    }
  });
});

describe('HTTP keep-alive', () => {
  it('leaves idle connections open longer than clients keep them, so the server never resets one a request is arriving on', async () => {
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(res.headers.get('keep-alive')).toBe('timeout=65');
    expect(t.server.httpServer.headersTimeout).toBeGreaterThan(t.server.httpServer.keepAliveTimeout);
  });
});
