/**
 * Users over HTTP: an admin changes a user's role, actor, country and name (updateUser), and
 * disables and enables them; every user lists its own tokens (`viewer { tokens }`, never the
 * secret) and revokes one (`revokeMyToken`). A revoked token, or a disabled user's, is refused at
 * once with UNAUTHENTICATED.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { startTestServer, type TestServer } from './support/server';
import { idOf, tokenFor, userWithToken } from './support/users';
import { Role } from '../src/domain/enums';
import { User } from '../src/entities';
import { newToken } from '../src/services/users';
import { toGlobalId } from '../src/schema/global-id';

let t: TestServer;
let admin: string;

const UPDATE = `mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { id name role country actor { code } } } }`;
const TOKENS = `{ viewer { tokens { id prefix createdAt expiresAt revokedAt live } } }`;
const REVOKE = `mutation($i: RevokeMyTokenInput!) { revokeMyToken(input: $i) { token { id revokedAt live } } }`;
const codeOf = (res: { errors?: { extensions?: Record<string, any> }[] }) => res.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  t = await startTestServer();
  admin = await tokenFor(t, Role.ADMIN);
});
afterAll(() => t.stop());

describe('updateUser', () => {
  it('changes role, actor, country and name; the next request has the new permissions', async () => {
    const { id, token } = await userWithToken(t, Role.VIEWER);
    const deo = await idOf(t, 'actor', 'IT-DEO');
    const queue = `{ reviewQueue { totalCount } }`;
    expect(codeOf(await t.gql(queue, {}, token))).toBe('FORBIDDEN');

    const res = await t.gql(UPDATE, { i: { id, role: 'FOCAL_POINT', actorId: deo, name: 'Maria Rossi' } }, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.updateUser.user).toEqual({ id, name: 'Maria Rossi', role: 'FOCAL_POINT', country: null, actor: { code: 'IT-DEO' } });
    expect((await t.gql(queue, {}, token)).errors).toBeUndefined();

    // Left out stays; null clears.
    const ombuds = await t.gql(UPDATE, { i: { id, role: 'OMBUDSPERSON', country: 'it', actorId: null } }, admin);
    expect(ombuds.data.updateUser.user).toEqual({ id, name: 'Maria Rossi', role: 'OMBUDSPERSON', country: 'IT', actor: null });
    const viewer = await t.gql(`{ viewer { role country name } }`, {}, token);
    expect(viewer.data.viewer).toEqual({ role: 'OMBUDSPERSON', country: 'IT', name: 'Maria Rossi' });
  });

  it('refuses what does not fit the role, unknown ids, and callers who are not ADMIN, writing nothing', async () => {
    const { id, token } = await userWithToken(t, Role.FOCAL_POINT, { actorCode: 'IT-DEO' });
    const noActor = await t.gql(UPDATE, { i: { id, actorId: null } }, admin);
    expect(noActor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'actorId' });
    const noCountry = await t.gql(UPDATE, { i: { id, role: 'OMBUDSPERSON' } }, admin);
    expect(noCountry.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'country' });
    const badCountry = await t.gql(UPDATE, { i: { id, country: 'Italy' } }, admin);
    expect(badCountry.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'country' });
    expect(codeOf(await t.gql(UPDATE, { i: { id, role: null } }, admin))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(UPDATE, { i: { id: toGlobalId('User', 999_999), name: 'Nobody' } }, admin))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(UPDATE, { i: { id, actorId: toGlobalId('Actor', 999_999) } }, admin))).toBe('NOT_FOUND');
    const system = await t.services.orm.em.fork().findOneOrFail(User, { email: User.SYSTEM_EMAIL });
    expect(codeOf(await t.gql(UPDATE, { i: { id: toGlobalId('User', system.id), name: 'Me' } }, admin))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(UPDATE, { i: { id, role: 'ADMIN' } }, token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(UPDATE, { i: { id, role: 'ADMIN' } }, await tokenFor(t, Role.SECRETARIAT)))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(UPDATE, { i: { id, role: 'ADMIN' } }))).toBe('UNAUTHENTICATED');
    const unchanged = await t.gql(`{ viewer { role actor { code } } }`, {}, token);
    expect(unchanged.data.viewer).toEqual({ role: 'FOCAL_POINT', actor: { code: 'IT-DEO' } });
  });
});

describe('disableUser and enableUser', () => {
  it('refuse and accept the user’s tokens again at once', async () => {
    const { id, token } = await userWithToken(t, Role.VIEWER);
    const disabled = await t.gql(
      `mutation($i: DisableUserInput!) { disableUser(input: $i) { user { id } } }`,
      { i: { userId: id } },
      admin,
    );
    expect(disabled.errors).toBeUndefined();
    const refused = await t.gql(`{ viewer { id } }`, {}, token);
    expect([refused.status, codeOf(refused)]).toEqual([401, 'UNAUTHENTICATED']);
    await t.gql(`mutation($i: EnableUserInput!) { enableUser(input: $i) { user { id } } }`, { i: { userId: id } }, admin);
    expect((await t.gql(`{ viewer { id } }`, {}, token)).data.viewer.id).toBe(id);
  });
});

describe('viewer { tokens } and revokeMyToken', () => {
  it('list the caller’s own tokens without the secret, and revoke one, refused at once', async () => {
    const { user, token } = await userWithToken(t, Role.VIEWER, { expiresInDays: 30 });
    const em = t.services.orm.em.fork() as EntityManager;
    t.clock.advance(60_000);
    const second = await newToken(em, await em.findOneOrFail(User, { id: user.id }), t.clock.now());

    const listed = await t.gql(TOKENS, {}, token);
    expect(listed.errors).toBeUndefined();
    const tokens = listed.data.viewer.tokens;
    expect(tokens).toHaveLength(2);
    // Newest first; a prefix of the secret, never the secret.
    expect(tokens.map((x: any) => x.prefix)).toEqual([second.token.slice(0, 10), token.slice(0, 10)]);
    expect(JSON.stringify(listed.data)).not.toContain(token);
    expect(JSON.stringify(listed.data)).not.toContain(second.token);
    expect(tokens[1]).toMatchObject({ revokedAt: null, live: true });
    expect(tokens[1].expiresAt).not.toBeNull();
    expect(tokens[0].expiresAt).toBeNull();

    // Revoke the second token using the first: it is refused at once, the first still works.
    const revoked = await t.gql(REVOKE, { i: { id: tokens[0].id } }, token);
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data.revokeMyToken.token).toMatchObject({ id: tokens[0].id, live: false, revokedAt: t.clock.now().toISOString() });
    const refused = await t.gql(`{ viewer { id } }`, {}, second.token);
    expect([refused.status, codeOf(refused)]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await t.gql(TOKENS, {}, token)).data.viewer.tokens.map((x: any) => x.live)).toEqual([false, true]);

    // Revoking the token in use: this request answers, the next is refused.
    expect((await t.gql(REVOKE, { i: { id: tokens[1].id } }, token)).errors).toBeUndefined();
    expect(codeOf(await t.gql(TOKENS, {}, token))).toBe('UNAUTHENTICATED');
  });

  it('shows and revokes no one else’s tokens', async () => {
    const a = await userWithToken(t, Role.VIEWER);
    const b = await userWithToken(t, Role.VIEWER);
    const [bToken] = (await t.gql(TOKENS, {}, b.token)).data.viewer.tokens;
    const refused = await t.gql(REVOKE, { i: { id: bToken.id } }, a.token);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect((await t.gql(`{ viewer { id } }`, {}, b.token)).data.viewer.id).toBe(b.id);
    // Staff looking a user up see no tokens.
    const looked = await t.gql(`query($id: ID!) { node(id: $id) { ... on User { email tokens { id } } } }`, { id: b.id }, admin);
    expect(looked.data.node).toEqual({ email: b.user.email, tokens: null });
    expect(codeOf(await t.gql(REVOKE, { i: { id: bToken.id } }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(REVOKE, { i: { id: 'not-an-id' } }, a.token))).toBe('BAD_USER_INPUT');
  });
});
