/** Bearer tokens, the viewer, public read, revocation, expiry and the user CLI. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { freshDatabase, startTestServer, type TestServer } from './support/server';
import { tokenFor, userWithToken } from './support/users';
import type { EntityManager } from '@mikro-orm/knex';
import { User } from '../src/entities';
import { issueToken } from '../src/auth/tokens';
import { toGlobalId } from '../src/schema/global-id';
import { REPO } from './support/paths';
import { databaseEnv } from './support/database';
import { Role } from '../src/domain/enums';

describe('with public read on (the default)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('returns the caller as viewer, and null for anonymous callers', async () => {
    const token = await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'IT-DEO' });
    const me = await t.gql(`{ viewer { email role actor { code } } }`, undefined, token);
    expect(me.data.viewer).toEqual({ email: expect.stringMatching(/^focal_point-/), role: 'FOCAL_POINT', actor: { code: 'IT-DEO' } });
    expect((await t.gql(`{ viewer { email } }`)).data.viewer).toBeNull();
  });

  it('refuses a revoked token with UNAUTHENTICATED', async () => {
    const admin = await tokenFor(t, Role.ADMIN);
    const created = await t.gql(
      `mutation($i: CreateUserInput!) { createUser(input: $i) { token user { id } } }`,
      { i: { email: 'revoke-me@example.org', role: 'VIEWER' } },
      admin,
    );
    const { token, user } = created.data.createUser;
    expect((await t.gql(`{ viewer { email } }`, undefined, token)).data.viewer.email).toBe('revoke-me@example.org');
    const revoked = await t.gql(
      `mutation($i: RevokeTokensInput!) { revokeTokens(input: $i) { revokedCount } }`,
      { i: { userId: user.id } },
      admin,
    );
    expect(revoked.data.revokeTokens.revokedCount).toBe(1);
    const res = await t.gql(`{ viewer { email } }`, undefined, token);
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token (time from the injected clock)', async () => {
    const token = await tokenFor(t, Role.VIEWER, { expiresInDays: 30 });
    expect((await t.gql(`{ viewer { role } }`, undefined, token)).data.viewer.role).toBe('VIEWER');
    t.clock.advance(31 * 86_400_000);
    try {
      expect((await t.gql(`{ viewer { role } }`, undefined, token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      t.clock.advance(-31 * 86_400_000);
    }
  });

  it('refuses to issue a token for the built-in system user (BAD_USER_INPUT)', async () => {
    const admin = await tokenFor(t, Role.ADMIN);
    const [system] = await t.services.orm.em.getConnection().execute(`select id from app_user where email = ?`, [User.SYSTEM_EMAIL]);
    const res = await t.gql(
      `mutation($i: IssueTokenInput!) { issueToken(input: $i) { token } }`,
      { i: { userId: toGlobalId('User', system.id) } },
      admin,
    );
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/system user can hold no token/);
    const tokens = await t.services.orm.em.getConnection().execute(`select count(*) as n from api_token where user_id = ?`, [system.id]);
    expect(Number(tokens[0].n)).toBe(0);
  });

  it('refuses a token of the built-in system user issued before that rule', async () => {
    const em = t.services.orm.em.fork() as EntityManager;
    const system = await em.findOneOrFail(User, { email: User.SYSTEM_EMAIL });
    const { token } = issueToken(em, system, t.clock.now());
    await em.flush();
    expect((await t.gql(`{ viewer { email } }`, undefined, token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('stores only a hash of each token', async () => {
    const token = await tokenFor(t, Role.VIEWER);
    const rows = await t.services.orm.em.getConnection().execute(`select token_hash, prefix from api_token`);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.every((r: any) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('refuses a malformed Authorization header with UNAUTHENTICATED', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic abc' },
      body: JSON.stringify({ query: '{ viewer { email } }' }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('with public read off', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { publicRead: false } });
  });
  afterAll(() => t.stop());

  it('refuses anonymous reads and serves authenticated ones', async () => {
    const anonymous = await t.gql(`{ sources { totalCount } }`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const token = await tokenFor(t, Role.VIEWER);
    expect((await t.gql(`{ sources { totalCount } }`, undefined, token)).data.sources.totalCount).toBe(11);
  });
});

describe('the user CLI', () => {
  // Asynchronous, so that the server in this process keeps serving (and timing out idle
  // keep-alive connections) while the CLI runs.
  const cli = async (databasePath: string, ...args: string[]) =>
    (
      await promisify(execFile)(process.execPath, [join(REPO, 'dist', 'auth', 'cli.js'), ...args], {
        env: { ...process.env, ...databaseEnv(databasePath) },
        encoding: 'utf8',
      })
    ).stdout;

  it('creates the first admin, issues and revokes tokens, and lists users', async () => {
    const databasePath = freshDatabase(true);
    const created = await cli(databasePath, 'create', '--email', 'Admin@Example.org', '--role', 'ADMIN', '--name', 'First admin');
    const token = /token \(shown once, keep it secret\): (\S+)/.exec(created)![1];
    const t = await startTestServer({ databasePath });
    try {
      expect((await t.gql(`{ viewer { email role name } }`, undefined, token)).data.viewer).toEqual({
        email: 'admin@example.org',
        role: 'ADMIN',
        name: 'First admin',
      });
      const second = /token \(shown once, keep it secret\): (\S+)/.exec(
        await cli(databasePath, 'token', '--email', 'admin@example.org'),
      )![1];
      expect(second).not.toBe(token);
      expect(await cli(databasePath, 'list')).toMatch(
        /^EMAIL\tNAME\tROLE\tACTS FOR\tLIVE TOKENS\tEXPIRES\tSTATE\nadmin@example\.org\tFirst admin\tADMIN\t-\t2\tnever\tactive\n/,
      );
      expect(await cli(databasePath, 'revoke', '--email', 'admin@example.org')).toContain('revoked 2 token(s)');
      expect((await t.gql(`{ viewer { email } }`, undefined, token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await t.stop();
    }
    // Several CLI processes, each loading the ORM: slow on a loaded machine, so a wider limit than the default.
  }, 120_000);

  it('disables and enables a user: their token stops working at once, then works again', async () => {
    const databasePath = freshDatabase(true);
    const t = await startTestServer({ databasePath });
    try {
      const { token } = await userWithToken(t, Role.VIEWER);
      const email = (await t.gql(`{ viewer { email } }`, undefined, token)).data.viewer.email;
      expect(await cli(databasePath, 'disable', '--email', email)).toContain(`${email} is now disabled`);
      const refused = await t.gql(`{ viewer { email } }`, undefined, token);
      expect(refused.status).toBe(401);
      expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(await cli(databasePath, 'enable', '--email', email)).toContain(`${email} is now enabled`);
      expect((await t.gql(`{ viewer { email } }`, undefined, token)).data.viewer.email).toBe(email);
    } finally {
      await t.stop();
    }
  }, 120_000);

  it('refuses a token for the built-in system user', async () => {
    await expect(cli(freshDatabase(true), 'token', '--email', User.SYSTEM_EMAIL)).rejects.toThrow(/system user can hold no token/);
  });

  it('prints the expiry of a token that expires, and lists it with the user’s actor', async () => {
    const databasePath = freshDatabase(true);
    const before = Date.now();
    const created = await cli(
      databasePath,
      'create',
      '--email',
      'fp@example.org',
      '--role',
      'FOCAL_POINT',
      '--actor',
      'IT-DEO',
      '--expires-in-days',
      '30',
    );
    const after = Date.now();
    const expires = /\nexpires: (\S+)\n/.exec(created)![1];
    const days30 = 30 * 24 * 3600 * 1000;
    expect(new Date(expires).getTime()).toBeGreaterThanOrEqual(before + days30 - 1000);
    expect(new Date(expires).getTime()).toBeLessThanOrEqual(after + days30 + 1000);
    expect(await cli(databasePath, 'list')).toContain(`\nfp@example.org\t-\tFOCAL_POINT\tactor IT-DEO\t1\t${expires}\tactive\n`);
  }, 120_000);

  it('refuses a focal point without an actor: one line on stderr, exit code 1', async () => {
    // The expected error is captured here, so that it is not printed among the test results.
    const failed = await cli(freshDatabase(true), 'create', '--email', 'fp@example.org', '--role', 'FOCAL_POINT').then(
      () => null,
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(failed).toMatchObject({ code: 1, stdout: '', stderr: 'A FOCAL_POINT user acts for one actor: give its code\n' });
  });
});
