/** Subscription plumbing: a fresh EntityManager per event, and the public-read setting on sockets. */
import { startTestServer, type TestServer } from './support/server';
import { collect, connected, wsClient } from './support/graphql-ws';
import { idOf, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';
import type { EntityManager } from '@mikro-orm/knex';
import { currentSequence } from '../src/services/sequence';

describe('each event', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('is resolved with a fresh EntityManager, so it never shows data cached by an earlier event', async () => {
    const token = await tokenFor(t, Role.SECRETARIAT);
    const client = wsClient(t.wsUrl);
    try {
      await connected(client);
      const after = await currentSequence(t.services.orm.em.fork() as EntityManager);
      const sub = collect(
        client,
        `subscription($a: Int) { commitmentStatusChanged(after: $a, filter: { actorIds: ["${await idOf(t, 'actor', 'BR')}"] }) { commitment { actor { name } } } }`,
        { a: after },
      );
      const input = {
        actorId: await idOf(t, 'actor', 'BR'),
        recommendationIds: [await idOf(t, 'recommendation', 'RIO-2008-CALL-01')],
        title: 'Fresh',
      };
      await t.gql(`mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { id } } }`, { i: input }, token);
      const [first] = await sub.until(1);
      expect(first.commitment.actor.name).toBe('Brazil');
      await t.services.orm.em.getConnection().execute(`update actor set name = 'Federative Republic of Brazil' where code = 'BR'`);
      await t.gql(`mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { id } } }`, { i: input }, token);
      const [, second] = await sub.until(2);
      expect(second.commitment.actor.name).toBe('Federative Republic of Brazil');
    } finally {
      await client.dispose();
    }
  });
});

describe('with public read off', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { publicRead: false } });
  });
  afterAll(() => t.stop());

  it('refuses an anonymous socket with 4403 and accepts one with a token', async () => {
    const anonymous = wsClient(t.wsUrl);
    await expect(connected(anonymous)).rejects.toMatchObject({ code: 4403 });
    await anonymous.dispose();
    const signedIn = wsClient(t.wsUrl, { authorization: `Bearer ${await tokenFor(t, Role.VIEWER)}` });
    try {
      await connected(signedIn);
    } finally {
      await signedIn.dispose();
    }
  });
});
