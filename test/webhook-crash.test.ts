/**
 * The outbox survives the process: an API process (the built `npm start`) commits a write and is
 * killed with SIGKILL before its worker delivers the event (its worker polls only once an hour
 * here); a new worker on the same database then delivers that event, once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startTestServer, freshDatabase, type TestServer } from './support/server';
import { isDatabaseUrl } from './support/database';
import { idOf, tokenFor } from './support/users';
import { startReceiver, type Receiver } from './support/receiver';
import { REPO } from './support/paths';
import { Role } from '../src/domain/enums';
import { createWorker } from '../src/worker/tasks';
import { pendingOutboxCount } from '../src/queries/outbox';
import type { EntityManager } from '@mikro-orm/knex';

let t: TestServer;
let receiver: Receiver;
let child: ChildProcess | undefined;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function untilHealthy(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} never answered`);
}

beforeAll(async () => {
  receiver = await startReceiver();
  const database = freshDatabase(true);
  t = await startTestServer({ databasePath: database, config: { webhookAllowedHosts: [receiver.host] } });
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await receiver.close();
  await t.stop();
});

it('delivers, once, an event whose API process was killed between the commit and the delivery', async () => {
  const admin = await tokenFor(t, Role.ADMIN);
  const made = await t.gql(
    `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret } }`,
    {
      i: { url: receiver.url, topics: ['STATUS_CHANGED'] },
    },
    admin,
  );
  expect(made.errors).toBeUndefined();
  const commitmentId = await idOf(t, 'commitment', 'IT-DEO-NATIONAL-CARE-GUIDELINES');
  const current = await t.gql(`query($id: ID!) { node(id: $id) { ... on Commitment { version status } } }`, { id: commitmentId });

  const port = await freePort();
  const database = t.databasePath;
  child = spawn(process.execPath, [join(REPO, 'dist', 'main.js')], {
    cwd: REPO,
    env: {
      ...process.env,
      PORT: String(port),
      ...(isDatabaseUrl(database) ? { DATABASE_URL: database } : { DATABASE_PATH: database }),
      WORKER_POLL_MS: '3600000',
      WEBHOOK_ALLOWED_HOSTS: receiver.host,
      LOG_LEVEL: 'silent',
      RATE_LIMIT: '0',
    },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child!.once('exit', resolve));
  await untilHealthy(`http://127.0.0.1:${port}/healthz`);

  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({
      query: `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { lastStatusChange { sequence } } } }`,
      variables: {
        i: {
          id: commitmentId,
          expectedVersion: current.data.node.version,
          status: current.data.node.status === 'STALLED' ? 'IN_PROGRESS' : 'STALLED',
        },
      },
    }),
  });
  const body = (await res.json()) as any;
  expect(body.errors).toBeUndefined();
  const sequence = body.data.updateCommitment.commitment.lastStatusChange.sequence;
  // Committed and acknowledged; the process dies before its worker's next turn.
  child.kill('SIGKILL');
  await exited;
  child = undefined;
  expect(receiver.requests).toHaveLength(0);
  expect(await pendingOutboxCount(t.services.orm.em.fork() as EntityManager)).toBe(1);

  const worker = createWorker(t.services, 'after-the-crash');
  try {
    await worker.runOnce();
    await worker.runOnce();
    t.clock.advance(24 * 3600_000);
    await worker.runOnce();
  } finally {
    await worker.stop();
  }
  expect(receiver.requests).toHaveLength(1);
  expect(receiver.requests[0].json).toMatchObject({ topic: 'STATUS_CHANGED', sequence, commitment: { id: commitmentId } });
});
