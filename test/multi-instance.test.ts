/** Two API instances on one SQLite file (WAL) with Redis pub/sub: events cross instances; replay covers missed ones. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { freshDatabase, startTestServer, type TestServer } from './support/server';
import { collect, connected, wsClient } from './support/graphql-ws';
import { idOf, tokenFor } from './support/users';
import { REPO } from './support/paths';
import { Role } from '../src/domain/enums';
import type { EntityManager } from '@mikro-orm/knex';
import { currentSequence } from '../src/services/sequence';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let a: TestServer;
let b: TestServer;
let token: string;

beforeAll(async () => {
  execFileSync('bash', [join(REPO, 'scripts', 'services.sh')], { stdio: 'ignore' }); // starts Redis if it is down
  const databasePath = freshDatabase(true);
  a = await startTestServer({ databasePath, config: { redisUrl: REDIS_URL } });
  b = await startTestServer({ databasePath, config: { redisUrl: REDIS_URL } });
  token = await tokenFor(b, Role.SECRETARIAT);
});
afterAll(async () => {
  await a.stop();
  await b.stop();
});

const STATUS = `subscription($f: EventFilter, $after: Int) { commitmentStatusChanged(filter: $f, after: $after) { sequence commitment { code status } statusChange { toStatus } } }`;

async function createOn(server: TestServer, title: string): Promise<string> {
  const res = await server.gql(
    `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { code } } }`,
    {
      i: {
        actorId: await idOf(server, 'actor', 'BR'),
        recommendationIds: [await idOf(server, 'recommendation', 'RIO-2008-CALL-01')],
        title,
      },
    },
    token,
  );
  expect(res.errors).toBeUndefined();
  return res.data.createCommitment.commitment.code;
}

describe('several API instances', () => {
  it('deliver an event committed on one instance to a subscriber on the other, live', async () => {
    const client = wsClient(a.wsUrl);
    try {
      await connected(client);
      const start = await currentSequence(a.services.orm.em.fork() as EntityManager);
      const sub = collect(client, STATUS, { f: { actorIds: [await idOf(a, 'actor', 'BR')] }, after: start });
      await createOn(b, 'First');
      await sub.until(1); // replayed or live: either way the live listener is registered from here on
      const code = await createOn(b, 'Second'); // reaches instance A only through Redis
      const [, event] = await sub.until(2);
      expect(event).toMatchObject({ sequence: start + 2, commitment: { code }, statusChange: { toStatus: 'NOT_STARTED' } });
    } finally {
      await client.dispose();
    }
  });

  it('replay from the shared database covers events whose Redis message a subscriber missed', async () => {
    const start = await currentSequence(b.services.orm.em.fork() as EntityManager);
    const code = await createOn(b, 'Made while nobody listened'); // published to Redis with no subscriber anywhere
    const client = wsClient(a.wsUrl);
    try {
      await connected(client);
      const sub = collect(client, STATUS, { f: { actorIds: [await idOf(a, 'actor', 'BR')] }, after: start });
      const [event] = await sub.until(1);
      expect(event.commitment.code).toBe(code);
      expect(event.sequence).toBe(start + 1);
    } finally {
      await client.dispose();
    }
  });
});
