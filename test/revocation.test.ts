/**
 * Revoked, expired and disabled credentials on open WebSockets: every operation authenticates
 * again, the revocation signal closes sockets at once (4403) and ends streams before the next
 * event, on one instance and across two, without a query per subscriber per event.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Client } from 'graphql-ws';
import type { EntityManager } from '@mikro-orm/knex';
import { freshDatabase, startTestServer, type TestServer } from './support/server';
import { closeOf, collect, connected, wsClient, wsRequest } from './support/graphql-ws';
import { idOf, tokenFor, userWithToken } from './support/users';
import { countStatements } from './support/sql-counter';
import { REPO } from './support/paths';
import { Role } from '../src/domain/enums';
import { User } from '../src/entities';
import { revokeAll } from '../src/services/users';
import { currentSequence } from '../src/services/sequence';

const STATUS = `subscription($f: EventFilter, $after: Int) { commitmentStatusChanged(filter: $f, after: $after) { sequence commitment { code } } }`;
const clients: Client[] = [];

async function socket(t: TestServer, token?: string): Promise<Client> {
  const client = wsClient(t.wsUrl, token ? { authorization: `Bearer ${token}` } : {});
  clients.push(client);
  await connected(client);
  return client;
}

/** What `npm run user -- revoke` does, with no Redis to tell the servers: only the database knows. */
async function revokeInDatabaseOnly(t: TestServer, user: User): Promise<void> {
  const em = t.services.orm.em.fork() as EntityManager;
  await revokeAll(em, await em.findOneOrFail(User, { id: user.id }), t.clock.now());
}

async function createCommitmentFor(t: TestServer, token: string, actorCode: string, title: string): Promise<void> {
  const res = await t.gql(
    `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { code } } }`,
    { i: { actorId: await idOf(t, 'actor', actorCode), recommendationIds: [await idOf(t, 'recommendation', 'RIO-2008-CALL-01')], title } },
    token,
  );
  expect(res.errors).toBeUndefined();
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});

describe('one instance', () => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer();
    admin = await tokenFor(t, Role.ADMIN);
  });
  afterAll(() => t.stop());

  it('refuses a query on a socket whose token was revoked, and closes the socket with 4403', async () => {
    const { user, token } = await userWithToken(t, Role.VIEWER);
    const client = await socket(t, token);
    const closed = closeOf(client);
    expect((await wsRequest(client, `{ viewer { role } }`)).data.viewer.role).toBe('VIEWER');
    await revokeInDatabaseOnly(t, user);
    const res = await wsRequest(client, `{ viewer { role } }`);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data).toBeUndefined();
    expect((await closed).code).toBe(4403);
  });

  it('refuses a mutation on a socket whose token was revoked, and writes nothing', async () => {
    const { user, token } = await userWithToken(t, Role.SECRETARIAT);
    const read = await t.gql(`{ commitments(first: 1) { edges { node { id version } } } }`);
    const { id, version } = read.data.commitments.edges[0].node;
    const client = await socket(t, token);
    const closed = closeOf(client);
    await revokeInDatabaseOnly(t, user);
    const res = await wsRequest(client, `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { version } } }`, {
      i: { id, expectedVersion: version, title: 'Written with a revoked token' },
    });
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await closed).code).toBe(4403);
    const after = await t.gql(`query($id: ID!) { node(id: $id) { ... on Commitment { version title } } }`, { id });
    expect(after.data.node.version).toBe(version);
    expect(after.data.node.title).not.toBe('Written with a revoked token');
  });

  it('refuses a subscription started with a revoked token', async () => {
    const { user, token } = await userWithToken(t, Role.VIEWER);
    const client = await socket(t, token);
    const closed = closeOf(client);
    await revokeInDatabaseOnly(t, user);
    const sub = collect(client, STATUS, {});
    await sub.done;
    expect(JSON.stringify(sub.errors)).toContain('UNAUTHENTICATED');
    expect((await closed).code).toBe(4403);
  });

  it('closes an idle socket at once when an admin disables its user, ending its subscriptions with UNAUTHENTICATED', async () => {
    const { token, id } = await userWithToken(t, Role.VIEWER);
    const client = await socket(t, token);
    const closed = closeOf(client);
    const sub = collect(client, STATUS, {});
    await wsRequest(client, `{ viewer { role } }`); // the subscribe message has been received
    const disabled = await t.gql(
      `mutation($i: DisableUserInput!) { disableUser(input: $i) { user { id } } }`,
      { i: { userId: id } },
      admin,
    );
    expect(disabled.errors).toBeUndefined();
    expect((await closed).code).toBe(4403);
    await sub.done;
    expect(JSON.stringify(sub.errors)).toContain('UNAUTHENTICATED');
    expect((await t.gql(`{ viewer { role } }`, undefined, token)).status).toBe(401);

    const enabled = await t.gql(`mutation($i: EnableUserInput!) { enableUser(input: $i) { user { id } } }`, { i: { userId: id } }, admin);
    expect(enabled.errors).toBeUndefined();
    expect((await t.gql(`{ viewer { role } }`, undefined, token)).data.viewer.role).toBe('VIEWER');
  });

  it("ends a user's open sockets when an admin changes the user's role, and the same token then subscribes with the new rights", async () => {
    const { token, id } = await userWithToken(t, Role.SECRETARIAT);
    const client = await socket(t, token);
    const closed = closeOf(client);
    const sub = collect(client, STATUS, {});
    await wsRequest(client, `{ viewer { role } }`);
    const unchanged = await t.gql(
      `mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { id } } }`,
      { i: { id, name: 'Same rights' } },
      admin,
    );
    expect(unchanged.errors).toBeUndefined();
    // A new name changes no right: the socket stays open (a query on it still answers).
    expect((await wsRequest(client, `{ viewer { role name } }`)).data.viewer).toEqual({ role: 'SECRETARIAT', name: 'Same rights' });

    const demoted = await t.gql(
      `mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { role } } }`,
      { i: { id, role: 'VIEWER' } },
      admin,
    );
    expect(demoted.errors).toBeUndefined();
    const close = await closed;
    expect(close.code).toBe(4403);
    await sub.done;
    expect(JSON.stringify(sub.errors)).toContain('role, actor or country changed');
    // The token still holds, with the new role.
    const again = await socket(t, token);
    expect((await wsRequest(again, `{ viewer { role } }`)).data.viewer.role).toBe('VIEWER');
  });

  it('ends the sockets of a user whose role is changed in the database by another program, before the next event', async () => {
    const { token, id } = await userWithToken(t, Role.SECRETARIAT);
    const client = await socket(t, token);
    const closed = closeOf(client);
    const sub = collect(client, STATUS, {});
    await wsRequest(client, `{ viewer { role } }`);
    const em = t.services.orm.em.fork() as EntityManager;
    await em
      .getConnection()
      .execute(`update app_user set role = 'VIEWER' where id = ?`, [Number(Buffer.from(id, 'base64url').toString().split(':')[1])]);
    // No ping: the next event reads the log first and ends the stream before delivering.
    await createCommitmentFor(t, await tokenFor(t, Role.SECRETARIAT), 'COE', 'Written after a role change');
    expect((await closed).code).toBe(4403);
    await sub.done;
    expect(JSON.stringify(sub.errors)).toContain('role, actor or country changed');
  });

  it('lets only an admin disable a user', async () => {
    const { id } = await userWithToken(t, Role.VIEWER);
    const secretariat = await tokenFor(t, Role.SECRETARIAT);
    const res = await t.gql(
      `mutation($i: DisableUserInput!) { disableUser(input: $i) { user { id } } }`,
      { i: { userId: id } },
      secretariat,
    );
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses an operation once the token has expired (by the injected clock), and closes the socket', async () => {
    const { token } = await userWithToken(t, Role.VIEWER, { expiresInDays: 1 });
    const client = await socket(t, token);
    const closed = closeOf(client);
    expect((await wsRequest(client, `{ viewer { role } }`)).data.viewer.role).toBe('VIEWER');
    t.clock.advance(2 * 86_400_000);
    try {
      expect((await wsRequest(client, `{ viewer { role } }`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await closed).code).toBe(4403);
    } finally {
      t.clock.advance(-2 * 86_400_000);
    }
  });

  it('ends a subscription whose token has expired at its next event', async () => {
    const secretariat = await tokenFor(t, Role.SECRETARIAT);
    const { token } = await userWithToken(t, Role.VIEWER, { expiresInDays: 1 });
    const client = await socket(t, token);
    const start = await currentSequence(t.services.orm.em.fork() as EntityManager);
    const sub = collect(client, STATUS, { f: { actorIds: [await idOf(t, 'actor', 'BR')] }, after: start });
    await createCommitmentFor(t, secretariat, 'BR', 'Before the expiry');
    await sub.until(1);
    t.clock.advance(2 * 86_400_000);
    try {
      await createCommitmentFor(t, secretariat, 'BR', 'After the expiry');
      await sub.done;
    } finally {
      t.clock.advance(-2 * 86_400_000);
    }
    expect(sub.events).toHaveLength(1);
    expect(JSON.stringify(sub.errors)).toContain('UNAUTHENTICATED');
  });

  it('re-checks the credentials of many subscribers with no query per subscriber per event', async () => {
    const secretariat = await tokenFor(t, Role.SECRETARIAT);
    const start = await currentSequence(t.services.orm.em.fork() as EntityManager);
    const filter = { actorIds: [await idOf(t, 'actor', 'BR')] };
    const subscribers = await Promise.all(
      Array.from({ length: 10 }, async () => collect(await socket(t, await tokenFor(t, Role.VIEWER)), STATUS, { f: filter, after: start })),
    );
    await createCommitmentFor(t, secretariat, 'BR', 'Warm-up');
    await Promise.all(subscribers.map((s) => s.until(1)));

    const { statements } = await countStatements(t.services.orm, async () => {
      await createCommitmentFor(t, secretariat, 'BR', 'Counted');
      await Promise.all(subscribers.map((s) => s.until(2)));
    });
    const credentialQueries = statements.filter((sql) => /api_token|app_user|credential_change/.test(sql));
    // One for the mutation's own bearer token, then at most two reads of the change log for all ten.
    expect(credentialQueries.length).toBeLessThanOrEqual(3);
  });
});

describe('two instances with Redis', () => {
  const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  let a: TestServer;
  let b: TestServer;
  let admin: string;
  let secretariat: string;
  beforeAll(async () => {
    execFileSync('bash', [join(REPO, 'scripts', 'services.sh')], { stdio: 'ignore' }); // starts Redis if it is down
    const databasePath = freshDatabase(true);
    a = await startTestServer({ databasePath, config: { redisUrl: REDIS_URL } });
    b = await startTestServer({ databasePath, config: { redisUrl: REDIS_URL } });
    admin = await tokenFor(b, Role.ADMIN);
    secretariat = await tokenFor(b, Role.SECRETARIAT);
  });
  afterAll(async () => {
    await a.stop();
    await b.stop();
  });

  it('a token revoked through one instance closes its socket on the other at once', async () => {
    const { token, id } = await userWithToken(a, Role.VIEWER);
    const client = await socket(a, token);
    const closed = closeOf(client);
    const sub = collect(client, STATUS, {});
    await wsRequest(client, `{ viewer { role } }`);
    const res = await b.gql(`mutation($i: RevokeTokensInput!) { revokeTokens(input: $i) { revokedCount } }`, { i: { userId: id } }, admin);
    expect(res.data.revokeTokens.revokedCount).toBe(1);
    expect((await closed).code).toBe(4403);
    await sub.done;
    expect(JSON.stringify(sub.errors)).toContain('UNAUTHENTICATED');
  });

  it('a revocation no instance was told about still ends the stream before the next event', async () => {
    const { user, token } = await userWithToken(a, Role.VIEWER);
    const client = await socket(a, token);
    const start = await currentSequence(a.services.orm.em.fork() as EntityManager);
    const sub = collect(client, STATUS, { f: { actorIds: [await idOf(a, 'actor', 'BR')] }, after: start });
    await createCommitmentFor(b, secretariat, 'BR', 'Before the revocation');
    await sub.until(1);
    await revokeInDatabaseOnly(b, user);
    await createCommitmentFor(b, secretariat, 'BR', 'After the revocation');
    await sub.done;
    expect(sub.events).toHaveLength(1);
    expect(JSON.stringify(sub.errors)).toContain('UNAUTHENTICATED');
  });
});
