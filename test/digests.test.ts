/**
 * E-mail digests of watch lists, against a local SMTP sink: what they say (published changes,
 * never drafts; reports due), when they go out (each user's local hour, daily or weekly on the
 * manual clock), one-click unsubscribe, nothing sent when there is nothing to say.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { startTestServer, type TestServer } from './support/server';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from './support/smtp-sink';
import { idOf, tokenFor, userWithToken } from './support/users';
import { Role } from '../src/domain/enums';
import { DigestSubscription } from '../src/entities';
import { createWorker } from '../src/worker/tasks';
import type { Worker } from '../src/worker/worker';
import { DIGEST_TASK } from '../src/digests/task';

const PUBLIC_URL = 'https://tracker.example.org';
const SECRET_KEY = 'test-secret-key-of-forty-characters-0123';

let sink: SmtpSink;
let t: TestServer;
let secretariat: string;
let focalPoint: string;
let actorId: string;
let recommendationId: string;
let worker: Worker;

/** One run of the worker's digest task at the clock's current time. */
async function runDigests(): Promise<void> {
  await worker.runOnce(DIGEST_TASK);
}

async function gqlOk<T = any>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const res = await t.gql<T>(query, variables, token);
  expect(res.errors).toBeUndefined();
  return res.data as T;
}

let commitments = 0;
/** A commitment of IT-DEO made through the API (a status change, before any digest is asked for). */
async function newCommitment(extra: Record<string, unknown> = {}): Promise<{ id: string; code: string; version: number }> {
  commitments += 1;
  const data = await gqlOk(
    `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { id code version } } }`,
    { i: { actorId, recommendationIds: [recommendationId], title: `Digest test commitment ${commitments}`, ...extra } },
    secretariat,
  );
  return data.createCommitment.commitment;
}

async function setStatus(c: { id: string; version: number }, status: string): Promise<void> {
  const data = await gqlOk(
    `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { version } } }`,
    { i: { id: c.id, expectedVersion: c.version, status } },
    secretariat,
  );
  c.version = data.updateCommitment.commitment.version;
}

async function logProgress(token: string, commitmentId: string, summary: string): Promise<string> {
  const data = await gqlOk(
    `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { id } } }`,
    { i: { commitmentId, summary } },
    token,
  );
  return data.logProgress.progressUpdate.id;
}

/** A user with a watch list on the given commitments and a digest of it. */
async function subscriber(
  commitmentIds: string[],
  schedule: { frequency: string; timeZone: string; hour: number },
): Promise<{ email: string; token: string; watchId: string; digestId: string }> {
  const { user, token } = await userWithToken(t, Role.VIEWER);
  const watch = await gqlOk(
    `mutation($i: WatchInput!) { watch(input: $i) { id } }`,
    { i: { name: `Watch of ${user.email}`, filter: { commitmentIds } } },
    token,
  );
  const data = await gqlOk(
    `mutation($i: SubscribeDigestInput!) { subscribeDigest(input: $i) { digest { id frequency timeZone hour nextDigestAt } } }`,
    { i: { watchId: watch.watch.id, ...schedule } },
    token,
  );
  return { email: user.email, token, watchId: watch.watch.id, digestId: data.subscribeDigest.digest.id };
}

const HOUR = 3_600_000;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startTestServer({
    config: { smtpUrl: sink.url, publicUrl: PUBLIC_URL, secretKey: SECRET_KEY, mailFrom: 'Tracker <digests@example.org>' },
  });
  worker = createWorker(t.services, 'digest-test-worker');
  secretariat = await tokenFor(t, Role.SECRETARIAT);
  focalPoint = await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'IT-DEO' });
  actorId = await idOf(t, 'actor', 'IT-DEO');
  recommendationId = await idOf(t, 'recommendation', 'ROME-2012-PREV-01');
});
afterAll(async () => {
  await worker.stop();
  await t.stop();
  await sink.close();
});

describe('subscribeDigest', () => {
  it('takes a watch list of the caller, an IANA time zone and an hour, and says when the first digest is due', async () => {
    const c = await newCommitment();
    t.clock.set('2026-11-24T12:00:00.000Z');
    const s = await subscriber([c.id], { frequency: 'DAILY', timeZone: 'Pacific/Auckland', hour: 8 });
    const mine = await gqlOk(`{ viewer { digests { id frequency timeZone hour nextDigestAt watch { id } } } }`, {}, s.token);
    // 08:00 in Auckland (UTC+13 in November) is 19:00 UTC the day before.
    expect(mine.viewer.digests).toEqual([
      {
        id: s.digestId,
        frequency: 'DAILY',
        timeZone: 'Pacific/Auckland',
        hour: 8,
        nextDigestAt: '2026-11-24T19:00:00.000Z',
        watch: { id: s.watchId },
      },
    ]);
  });

  it('refuses an unknown time zone, an hour out of 0–23 and another user’s watch list, naming the field', async () => {
    const c = await newCommitment();
    const s = await subscriber([c.id], { frequency: 'DAILY', timeZone: 'UTC', hour: 0 });
    const ask = (input: Record<string, unknown>, token = s.token) =>
      t.gql(`mutation($i: SubscribeDigestInput!) { subscribeDigest(input: $i) { digest { id } } }`, { i: input }, token);
    const base = { watchId: s.watchId, frequency: 'WEEKLY', timeZone: 'Europe/Rome', hour: 9 };
    for (const [input, field] of [
      [{ ...base, timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ ...base, timeZone: '' }, 'timeZone'],
      [{ ...base, hour: 24 }, 'hour'],
      [{ ...base, hour: -1 }, 'hour'],
    ] as const) {
      const res = await ask(input);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const other = await tokenFor(t, Role.VIEWER);
    expect((await ask(base, other)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await t.gql(`mutation($i: SubscribeDigestInput!) { subscribeDigest(input: $i) { digest { id } } }`, { i: base });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('a digest', () => {
  it('lists the status changes and published progress since the last digest, never drafts, with links, in text and HTML', async () => {
    t.clock.set('2026-11-24T12:00:00.000Z');
    const c = await newCommitment();
    const s = await subscriber([c.id], { frequency: 'DAILY', timeZone: 'UTC', hour: 13 });
    await setStatus(c, 'IN_PROGRESS');
    await logProgress(secretariat, c.id, 'Guidelines <b>adopted</b> & "published"');
    const draftId = await logProgress(focalPoint, c.id, 'A draft nobody may see yet');

    t.clock.set('2026-11-24T12:59:59.000Z');
    await runDigests();
    expect(sink.to(s.email)).toHaveLength(0);

    t.clock.set('2026-11-24T13:00:00.000Z');
    await runDigests();
    const [mail] = sink.to(s.email) as [ReceivedMail];
    expect(sink.to(s.email)).toHaveLength(1);
    expect(mail.subject).toContain(`Daily digest: Watch of ${s.email}`);
    expect(mail.text).toContain(`${c.code}: Digest test commitment`);
    expect(mail.text).toContain('status not started → in progress');
    expect(mail.text).toContain('Guidelines <b>adopted</b> & "published"');
    expect(mail.text).toContain(`${PUBLIC_URL}/commitments/${c.code}`);
    expect(mail.text).toContain(`${PUBLIC_URL}/recommendations/ROME-2012-PREV-01`);
    expect(mail.text).not.toContain('A draft nobody may see yet');
    // The creation (before the digest was asked for) is not repeated.
    expect(mail.text).not.toContain('status none');
    expect(mail.html).toContain('Guidelines &lt;b&gt;adopted&lt;/b&gt; &amp; &quot;published&quot;');
    expect(mail.html).toContain(`<a href="${PUBLIC_URL}/commitments/${c.code}">`);
    expect(mail.html).not.toContain('A draft nobody may see yet');
    expect(mail.html).not.toContain('<b>adopted');
    expect(mail.headers.get('list-unsubscribe')).toMatch(
      new RegExp(`^<${PUBLIC_URL}/digests/unsubscribe\\?subscription=.+&signature=.+>$`),
    );
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // The next day: nothing new, no report due (reporting NONE): nothing is sent.
    t.clock.set('2026-11-25T13:00:00.000Z');
    await runDigests();
    expect(sink.to(s.email)).toHaveLength(1);

    // Publishing the draft is news for the day after.
    await gqlOk(
      `mutation($i: PublishProgressUpdateInput!) { publishProgressUpdate(input: $i) { progressUpdate { state } } }`,
      { i: { id: draftId } },
      secretariat,
    );
    t.clock.set('2026-11-26T13:00:00.000Z');
    await runDigests();
    const second = sink.to(s.email)[1];
    expect(second.text).toContain('A draft nobody may see yet');
    expect(second.text).not.toContain('Guidelines');
  });

  it('lists the commitments whose report is due today (UTC) and then overdue', async () => {
    t.clock.set('2026-11-24T12:00:00.000Z');
    // Monthly from November 2026: the first report is due on 1 December.
    const c = await newCommitment({ startDate: '2026-11', reportingFrequency: 'MONTHLY' });
    const s = await subscriber([c.id], { frequency: 'DAILY', timeZone: 'UTC', hour: 6 });
    t.clock.set('2026-11-30T06:00:00.000Z');
    await runDigests();
    expect(sink.to(s.email)).toHaveLength(0);
    t.clock.set('2026-12-01T06:00:00.000Z');
    await runDigests();
    expect(sink.to(s.email)).toHaveLength(1);
    expect(sink.to(s.email)[0].text).toContain(`${c.code}: Digest test commitment`);
    expect(sink.to(s.email)[0].text).toContain('due 2026-12-01');
    t.clock.set('2026-12-02T06:00:00.000Z');
    await runDigests();
    expect(sink.to(s.email)[1].text).toContain('overdue since 2026-12-01');
    expect(sink.to(s.email)[1].subject).toContain('1 report due');
  });

  it('goes out at each user’s local hour: Auckland and Los Angeles at 08:00 their time', async () => {
    t.clock.set('2026-11-24T12:00:00.000Z');
    const c = await newCommitment();
    const auckland = await subscriber([c.id], { frequency: 'DAILY', timeZone: 'Pacific/Auckland', hour: 8 });
    const losAngeles = await subscriber([c.id], { frequency: 'DAILY', timeZone: 'America/Los_Angeles', hour: 8 });
    await setStatus(c, 'IN_PROGRESS');
    // 08:00 in Los Angeles (UTC−8) is 16:00 UTC; 08:00 in Auckland (UTC+13) is 19:00 UTC.
    t.clock.set('2026-11-24T15:59:00.000Z');
    await runDigests();
    expect([sink.to(losAngeles.email).length, sink.to(auckland.email).length]).toEqual([0, 0]);
    t.clock.set('2026-11-24T16:00:00.000Z');
    await runDigests();
    expect([sink.to(losAngeles.email).length, sink.to(auckland.email).length]).toEqual([1, 0]);
    t.clock.set('2026-11-24T19:00:00.000Z');
    await runDigests();
    expect([sink.to(losAngeles.email).length, sink.to(auckland.email).length]).toEqual([1, 1]);
    expect(sink.to(auckland.email)[0].text).toContain('status not started → in progress');
  });

  it('weekly goes out on Mondays with the week’s changes; daily every day there is news', async () => {
    t.clock.set('2026-11-24T12:00:00.000Z'); // a Tuesday
    const c = await newCommitment();
    const daily = await subscriber([c.id], { frequency: 'DAILY', timeZone: 'UTC', hour: 9 });
    const weekly = await subscriber([c.id], { frequency: 'WEEKLY', timeZone: 'UTC', hour: 9 });
    for (let day = 0; day < 7; day++) {
      await logProgress(secretariat, c.id, `News of day ${day + 1}`);
      t.clock.advance(24 * HOUR - 3 * HOUR); // 09:00 the next day
      await runDigests();
      t.clock.advance(3 * HOUR);
    }
    // Wednesday 25 to Tuesday 1 December: seven daily digests, one weekly on Monday 30 November.
    expect(sink.to(daily.email).map((m) => m.text.includes(`News of day`))).toEqual(Array(7).fill(true));
    const weeklyMails = sink.to(weekly.email);
    expect(weeklyMails).toHaveLength(1);
    expect(weeklyMails[0].subject).toContain('Weekly digest');
    for (let day = 1; day <= 6; day++) expect(weeklyMails[0].text).toContain(`News of day ${day}`);
    expect(weeklyMails[0].text).not.toContain('News of day 7');
    const [row] = await (t.services.orm.em.fork() as EntityManager).find(DigestSubscription, {
      id: Number(Buffer.from(weekly.digestId, 'base64url').toString().split(':')[1]),
    });
    expect(row.nextDigestAt.toISOString()).toBe('2026-12-07T09:00:00.000Z');
  });

  it('is neither sent again nor skipped across a restart of the worker', async () => {
    t.clock.set('2026-11-24T12:00:00.000Z');
    const c = await newCommitment();
    const s = await subscriber([c.id], { frequency: 'DAILY', timeZone: 'UTC', hour: 10 });
    await setStatus(c, 'IN_PROGRESS');
    t.clock.set('2026-11-25T10:00:00.000Z');
    await runDigests();
    // Another worker (a restart, or a second instance) finds nothing left to send.
    const restarted = createWorker(t.services, 'restarted-worker');
    try {
      await restarted.runOnce(DIGEST_TASK);
      expect(sink.to(s.email)).toHaveLength(1);
      // Down over the next due time: the digest goes out once the worker runs again.
      await setStatus(c, 'STALLED');
      t.clock.set('2026-11-26T17:30:00.000Z');
      await restarted.runOnce(DIGEST_TASK);
      await restarted.runOnce(DIGEST_TASK);
      expect(sink.to(s.email)).toHaveLength(2);
      expect(sink.to(s.email)[1].text).toContain('in progress → stalled');
    } finally {
      await restarted.stop();
    }
  });

  it('is sent by a started worker when the injected clock reaches its hour', async () => {
    t.clock.set('2026-11-24T12:00:00.000Z');
    const c = await newCommitment();
    const s = await subscriber([c.id], { frequency: 'DAILY', timeZone: 'Asia/Kolkata', hour: 21 });
    await setStatus(c, 'IN_PROGRESS');
    const started = createWorker(t.services, 'started-worker');
    started.start();
    try {
      // 21:00 in Kolkata (UTC+05:30) is 15:30 UTC.
      t.clock.set('2026-11-24T15:29:00.000Z');
      await started.settle();
      expect(sink.to(s.email)).toHaveLength(0);
      t.clock.set('2026-11-24T15:30:00.000Z');
      await started.settle();
      expect(sink.to(s.email)).toHaveLength(1);
    } finally {
      await started.stop();
    }
  });
});

describe('unsubscribing', () => {
  /** The unsubscribe link of a mail, pointed at the test server instead of PUBLIC_URL. */
  const linkOf = (mail: ReceivedMail) =>
    /^<(.+)>$/.exec(mail.headers.get('list-unsubscribe')!)![1].replace(PUBLIC_URL, t.url.replace(/\/graphql$/, ''));

  it('one click (RFC 8058 POST, no sign-in) with a valid signature stops the digest; a bad signature is refused', async () => {
    t.clock.set('2026-11-24T12:00:00.000Z');
    const c = await newCommitment();
    const s = await subscriber([c.id], { frequency: 'DAILY', timeZone: 'UTC', hour: 14 });
    await setStatus(c, 'IN_PROGRESS');
    t.clock.set('2026-11-24T14:00:00.000Z');
    await runDigests();
    const link = linkOf(sink.to(s.email)[0]);

    // A person opening the link sees a page with a form, and no script.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form method="post"');
    expect(html).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(html).not.toMatch(/<script/i);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");

    const post = (url: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    const tampered = link.replace(
      /signature=([^&]+)/,
      (_, sig: string) => `signature=${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`,
    );
    expect((await post(tampered)).status).toBe(403);
    expect((await post(link.replace(/&signature=[^&]+/, ''))).status).toBe(403);
    const mine = await gqlOk(`{ viewer { digests { id } } }`, {}, s.token);
    expect(mine.viewer.digests).toEqual([{ id: s.digestId }]);

    const done = await post(link);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Unsubscribed');
    expect((await post(link)).status).toBe(200); // twice is fine
    expect((await gqlOk(`{ viewer { digests { id } } }`, {}, s.token)).viewer.digests).toEqual([]);

    await setStatus(c, 'STALLED');
    t.clock.set('2026-11-25T14:00:00.000Z');
    await runDigests();
    expect(sink.to(s.email)).toHaveLength(1);
  });

  it('unsubscribeDigest stops a digest by its watch list', async () => {
    const c = await newCommitment();
    const s = await subscriber([c.id], { frequency: 'WEEKLY', timeZone: 'Europe/Rome', hour: 7 });
    const data = await gqlOk(
      `mutation($i: UnsubscribeDigestInput!) { unsubscribeDigest(input: $i) { digest { id archivedAt } } }`,
      { i: { watchId: s.watchId } },
      s.token,
    );
    expect(data.unsubscribeDigest.digest.id).toBe(s.digestId);
    expect(data.unsubscribeDigest.digest.archivedAt).not.toBeNull();
    expect((await gqlOk(`{ viewer { digests { id } } }`, {}, s.token)).viewer.digests).toEqual([]);
  });
});

describe('without SMTP_URL', () => {
  it('digests are off: subscribeDigest says so with BAD_USER_INPUT', async () => {
    const off = await startTestServer({ databasePath: t.databasePath });
    try {
      const { token } = await userWithToken(off, Role.VIEWER);
      const watch = await off.gql(
        `mutation { watch(input: { name: "Italy", filter: { countryCodes: ["IT"] } }) { id } }`,
        undefined,
        token,
      );
      const res = await off.gql(
        `mutation($i: SubscribeDigestInput!) { subscribeDigest(input: $i) { digest { id } } }`,
        { i: { watchId: watch.data.watch.id, frequency: 'DAILY', timeZone: 'UTC', hour: 8 } },
        token,
      );
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
      expect(res.errors?.[0].message).toContain('SMTP_URL');
    } finally {
      await off.stop();
    }
  });
});
