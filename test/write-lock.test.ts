/**
 * Writers that wait instead of failing: another connection (an import, a second instance)
 * holding SQLite's write lock makes API writes wait for it, and past DATABASE_BUSY_TIMEOUT_MS
 * answer SERVICE_UNAVAILABLE (503, Retry-After), never a 500; reads keep answering meanwhile.
 * The lock holder is an explicit raw connection, released by the test: no sleeps.
 */
import sqlite3 from 'sqlite3';
import { startTestServer, type TestServer } from './support/server';
import { idOf, rowCounts, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';
import { writeQueueOf } from '../src/db/write-queue';
import { unsubscribeSignature } from '../src/auth/unsubscribe-signature';

/** A second connection that takes the write lock and writes, as another process would. */
class LockHolder {
  private db: sqlite3.Database;
  constructor(path: string) {
    this.db = new sqlite3.Database(path);
  }
  private exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (err) => (err ? reject(err) : resolve())));
  }
  /** Takes the lock and changes the file, so a reader's snapshot taken before is stale once it commits. */
  hold(): Promise<void> {
    return this.exec(`BEGIN IMMEDIATE; UPDATE event_counter SET value = value + 0;`);
  }
  release(): Promise<void> {
    return this.exec('COMMIT');
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.db.close(() => resolve()));
  }
}

const UPDATE = `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { commitment { id version title } } }`;
const READ = `{ commitments(first: 5) { totalCount edges { node { code } } } }`;

async function post(t: TestServer, query: string, variables: Record<string, unknown>, token: string) {
  const res = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}

/** Resolves once `condition` holds, checking after each turn of the event loop (no fixed delay). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

async function commitmentVersion(t: TestServer, id: string, token: string): Promise<number> {
  const res = await t.gql(`query($id: ID!) { node(id: $id) { ... on Commitment { version } } }`, { id }, token);
  return res.data.node.version;
}

describe('a write while another connection holds the write lock', () => {
  let t: TestServer;
  let token: string;
  let commitmentId: string;
  let holder: LockHolder;

  afterEach(async () => {
    await holder?.close();
    await t?.stop();
  });

  async function start(busyTimeoutMs: number) {
    t = await startTestServer({ config: { databaseBusyTimeoutMs: busyTimeoutMs } });
    token = await tokenFor(t, Role.SECRETARIAT);
    const code = (await t.gql(`{ commitments(first: 1) { edges { node { code } } } }`)).data.commitments.edges[0].node.code;
    commitmentId = await idOf(t, 'commitment', code);
    holder = new LockHolder(t.databasePath);
  }

  it('waits for the lock and succeeds once it is released, while reads keep answering', async () => {
    await start(60_000);
    const version = await commitmentVersion(t, commitmentId, token);
    await holder.hold();

    let settled = false;
    const writing = post(
      t,
      UPDATE,
      { input: { id: commitmentId, expectedVersion: version, title: 'Written after the lock' } },
      token,
    ).finally(() => (settled = true));
    await until(() => writeQueueOf(t.services.orm).pending === 1);

    // The write is waiting for the lock: reads and /healthz still answer.
    const read = await t.gql(READ, {}, token);
    expect(read.errors).toBeUndefined();
    expect(read.data.commitments.totalCount).toBeGreaterThan(0);
    expect((await fetch(t.url.replace('/graphql', '/healthz'))).status).toBe(200);
    expect(settled).toBe(false);

    await holder.release();
    const res = await writing;
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.updateCommitment.commitment).toMatchObject({ title: 'Written after the lock', version: version + 1 });
  });

  it("answers a digest's one-click unsubscribe with 503 and Retry-After past the busy timeout, then unsubscribes once the lock is free", async () => {
    const secretKey = 'write-lock-test-secret';
    // Digests need an SMTP server to be on; none is reached here (the first digest is due tomorrow on the test clock).
    t = await startTestServer({
      config: { databaseBusyTimeoutMs: 200, secretKey, smtpUrl: 'smtp://127.0.0.1:9', publicUrl: 'https://tracker.example.org' },
    });
    holder = new LockHolder(t.databasePath);
    const viewer = await tokenFor(t, Role.VIEWER);
    const watch = await t.gql(`mutation { watch(input: { name: "Italy", filter: { countryCodes: ["IT"] } }) { id } }`, undefined, viewer);
    const digest = await t.gql(
      `mutation($i: SubscribeDigestInput!) { subscribeDigest(input: $i) { digest { id } } }`,
      { i: { watchId: watch.data.watch.id, frequency: 'DAILY', timeZone: 'Europe/Rome', hour: 8 } },
      viewer,
    );
    expect(digest.errors).toBeUndefined();
    const digestId: string = digest.data.subscribeDigest.digest.id;
    const [, rawId] = Buffer.from(digestId, 'base64').toString('utf8').split(':');
    const link = `${t.url.replace(/\/graphql$/, '')}/digests/unsubscribe?subscription=${encodeURIComponent(digestId)}&signature=${unsubscribeSignature(secretKey, Number(rawId))}`;
    const unsubscribe = () =>
      fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    // viewer.digests lists the digests still sent.
    const listed = async () =>
      (await t.gql(`{ viewer { digests { id } } }`, undefined, viewer)).data.viewer.digests.some((d: { id: string }) => d.id === digestId);
    expect(await listed()).toBe(true);

    await holder.hold();
    const busy = await unsubscribe();
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('5');
    expect(await busy.text()).toContain('has not unsubscribed you yet');
    await holder.release();
    expect(await listed()).toBe(true);

    const done = await unsubscribe();
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('You will no longer receive this e-mail digest.');
    expect(await listed()).toBe(false);
  });

  it('answers SERVICE_UNAVAILABLE with Retry-After past the busy timeout, writing nothing', async () => {
    await start(200);
    const version = await commitmentVersion(t, commitmentId, token);
    await holder.hold();
    const before = await rowCounts(t);

    const res = await post(t, UPDATE, { input: { id: commitmentId, expectedVersion: version, title: 'Never written' } }, token);
    expect(res.status).toBe(503);
    expect(res.retryAfter).toBe('1');
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfter: 1 });

    // Queued writes behind it fail the same way rather than pile up.
    const many = await Promise.all(
      [1, 2, 3].map(() => post(t, UPDATE, { input: { id: commitmentId, expectedVersion: version, title: 'Never written' } }, token)),
    );
    expect(many.map((r) => r.body.errors?.[0]?.extensions?.code)).toEqual([
      'SERVICE_UNAVAILABLE',
      'SERVICE_UNAVAILABLE',
      'SERVICE_UNAVAILABLE',
    ]);

    await holder.release();
    expect(await rowCounts(t)).toEqual(before);
    expect(await commitmentVersion(t, commitmentId, token)).toBe(version);

    // Once the lock is free the same write goes through.
    const retry = await post(t, UPDATE, { input: { id: commitmentId, expectedVersion: version, title: 'Written on retry' } }, token);
    expect(retry.body.errors).toBeUndefined();
    expect(retry.body.data.updateCommitment.commitment.version).toBe(version + 1);
  });
});
