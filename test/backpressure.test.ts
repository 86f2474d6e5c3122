/**
 * Back-pressure: a subscriber whose socket holds more than WS_MAX_BUFFERED_BYTES unsent is
 * closed with 1013 (try again later) instead of holding memory without bound; its group-mates
 * keep receiving, and it resumes with `after` without missing an event.
 * The slow reader is simulated on the server side: its socket reports a full send buffer.
 */
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import type { EntityManager } from '@mikro-orm/knex';
import { startTestServer, type TestServer } from './support/server';
import { closeOf, collect, connected } from './support/graphql-ws';
import { idOf, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';
import { currentSequence } from '../src/services/sequence';

const EVENTS = `subscription($after: Int) { progressLogged(after: $after) { sequence progressUpdate { summary } } }`;

let t: TestServer;
let secretariat: string;
let commitmentId: string;
/** Client-side sockets by graphql-ws client, to find their server-side peers by port. */
const sockets = new Map<Client, WebSocket>();
const slowPorts = new Set<number>();
const bufferedAmount = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'bufferedAmount')!;

function client(): Client {
  const created: WebSocket[] = [];
  const c = createClient({
    url: t.wsUrl,
    webSocketImpl: class extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        created.push(this);
      }
    },
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => {},
  });
  sockets.set(c, created[0]);
  return c;
}

async function logProgress(summary: string): Promise<void> {
  const res = await t.gql(
    `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { id } } }`,
    { i: { commitmentId, summary } },
    secretariat,
  );
  expect(res.errors).toBeUndefined();
}

beforeAll(async () => {
  t = await startTestServer({ config: { wsMaxBufferedBytes: 64 * 1024 } });
  secretariat = await tokenFor(t, Role.SECRETARIAT);
  commitmentId = await idOf(
    t,
    'commitment',
    (await t.gql(`{ commitments(first: 1) { edges { node { code } } } }`)).data.commitments.edges[0].node.code,
  );
  // A server-side socket whose peer is "slow" reports a send buffer over the limit.
  Object.defineProperty(WebSocket.prototype, 'bufferedAmount', {
    configurable: true,
    get(this: WebSocket & { _isServer?: boolean; _socket?: { remotePort?: number } }) {
      if (this._isServer && this._socket?.remotePort !== undefined && slowPorts.has(this._socket.remotePort)) return 10 * 1024 * 1024;
      return bufferedAmount.get!.call(this);
    },
  });
});
afterAll(async () => {
  Object.defineProperty(WebSocket.prototype, 'bufferedAmount', bufferedAmount);
  await Promise.all([...sockets.keys()].map((c) => c.dispose()));
  await t.stop();
});

it('closes a subscriber that stopped reading with 1013, keeps the others going, and the closed one resumes with after', async () => {
  const slow = client();
  const fast = client();
  await Promise.all([connected(slow), connected(fast)]);
  const start = await currentSequence(t.services.orm.em.fork() as EntityManager);
  const slowEvents = collect(slow, EVENTS, { after: start });
  const fastEvents = collect(fast, EVENTS, { after: start });

  await logProgress('before the slow reader stalls');
  await Promise.all([slowEvents.until(1), fastEvents.until(1)]);

  slowPorts.add((sockets.get(slow) as unknown as { _socket: { localPort: number } })._socket.localPort);
  const closed = closeOf(slow);
  await logProgress('while the slow reader stalls');
  expect(await closed).toMatchObject({ code: 1013 });
  const [, second] = await fastEvents.until(2);
  expect(second.progressUpdate.summary).toBe('while the slow reader stalls');
  expect(slowEvents.events).toHaveLength(1);

  // It reconnects and resumes after the last sequence it received: the missed event comes first.
  const again = client();
  await connected(again);
  const resumed = collect(again, EVENTS, { after: slowEvents.events[0].sequence });
  const [missed] = await resumed.until(1);
  expect(missed).toMatchObject({ sequence: second.sequence, progressUpdate: { summary: 'while the slow reader stalls' } });
});
