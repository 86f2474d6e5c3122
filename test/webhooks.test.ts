/**
 * Webhooks end to end against a receiver this test starts on 127.0.0.1 (allowed by
 * WEBHOOK_ALLOWED_HOSTS): who may manage them, the forgery refusals, signed deliveries carrying
 * the sequence, drafts never sent, retries with backoff on 500 and on timeouts on the manual
 * clock, 4xx stopping, a day of failures disabling the webhook, and secret rotation.
 */
import { startTestServer, type TestServer } from './support/server';
import { idOf, tokenFor } from './support/users';
import { startReceiver, type Receiver } from './support/receiver';
import { Role } from '../src/domain/enums';
import { createWorker } from '../src/worker/tasks';
import type { Worker } from '../src/worker/worker';
import { verifySignature } from '../src/webhooks/signature';
import { RETRY_BASE_MS, RETRY_JITTER } from '../src/domain/webhook-retries';

const TIMEOUT_MS = 5_000;

let t: TestServer;
let receiver: Receiver;
let worker: Worker;
let admin: string;
let secretariat: string;
let focalPoint: string;
let viewer: string;
let commitmentId: string;
let version: number;

const WEBHOOK = `id url enabled topics disabledAt disabledReason failingSince filter { actorCodes }`;
const DELIVERIES = `deliveries(first: 10) { totalCount edges { node { eventId topic sequence state attempt statusCode durationMs error nextAttemptAt deliveredAt } } }`;

async function createWebhook(input: Record<string, unknown>, token = admin) {
  return t.gql(`mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret webhook { ${WEBHOOK} } } }`, { i: input }, token);
}

async function webhook(id: string) {
  const res = await t.gql(`{ webhooks(first: 100) { edges { node { ${WEBHOOK} ${DELIVERIES} } } } }`, {}, admin);
  expect(res.errors).toBeUndefined();
  return res.data.webhooks.edges.map((e: any) => e.node).find((w: any) => w.id === id);
}

async function changeStatus(status: string, reason?: string): Promise<number> {
  const res = await t.gql(
    `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { version lastStatusChange { sequence } } } }`,
    { i: { id: commitmentId, expectedVersion: version, status, reason } },
    secretariat,
  );
  expect(res.errors).toBeUndefined();
  version = res.data.updateCommitment.commitment.version;
  return res.data.updateCommitment.commitment.lastStatusChange.sequence;
}

/** Hands the outbox on, then runs the deliveries due now and waits for them. */
async function deliver(): Promise<void> {
  await worker.runOnce('outbox');
  await worker.runOnce('webhook-deliveries');
}

async function disableAll(): Promise<void> {
  const res = await t.gql(`{ webhooks(first: 100) { edges { node { id enabled } } } }`, {}, admin);
  for (const w of res.data.webhooks.edges.map((e: any) => e.node).filter((w: any) => w.enabled))
    await t.gql(`mutation($i: DisableWebhookInput!) { disableWebhook(input: $i) { webhook { id } } }`, { i: { id: w.id } }, admin);
}

beforeAll(async () => {
  receiver = await startReceiver();
  t = await startTestServer({ config: { webhookAllowedHosts: [receiver.host], webhookTimeoutMs: TIMEOUT_MS } });
  worker = createWorker(t.services, 'test-worker');
  [admin, secretariat, viewer] = await Promise.all([tokenFor(t, Role.ADMIN), tokenFor(t, Role.SECRETARIAT), tokenFor(t, Role.VIEWER)]);
  focalPoint = await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'IT-DEO' });
  const res = await t.gql(
    `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id version } } }`,
    {
      input: {
        actorId: await idOf(t, 'actor', 'IT-DEO'),
        recommendationIds: [await idOf(t, 'recommendation', 'FLORENCE-2008-NAT-03')],
        title: 'Webhook commitment',
      },
    },
    secretariat,
  );
  expect(res.errors).toBeUndefined();
  ({ id: commitmentId, version } = res.data.createCommitment.commitment);
  await deliver(); // nothing is registered yet: the outbox is emptied
});
afterAll(async () => {
  await worker.stop();
  await receiver.close();
  await t.stop();
});

describe('who manages webhooks', () => {
  it('only ADMIN and SECRETARIAT: others are FORBIDDEN, anonymous callers UNAUTHENTICATED', async () => {
    for (const token of [viewer, focalPoint]) {
      expect((await createWebhook({ url: receiver.url, topics: ['STATUS_CHANGED'] }, token)).errors?.[0].extensions?.code).toBe(
        'FORBIDDEN',
      );
      expect((await t.gql(`{ webhooks { totalCount } }`, {}, token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect((await t.gql(`{ webhooks { totalCount } }`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const made = await createWebhook({ url: receiver.url, topics: ['STATUS_CHANGED'] }, secretariat);
    expect(made.errors).toBeUndefined();
    expect(made.data.createWebhook.secret).toMatch(/^whsec_/);
    const rotated = await t.gql(
      `mutation($i: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $i) { secret } }`,
      { i: { id: made.data.createWebhook.webhook.id } },
      viewer,
    );
    expect(rotated.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await disableAll();
  });
});

describe('server-side request forgery', () => {
  it.each([
    ['http://hooks.example.org/x', /must be https/],
    ['https://127.0.0.1/x', /private address/],
    ['https://10.1.2.3/x', /private address/],
    ['https://172.16.5.4/x', /private address/],
    ['https://192.168.1.1/x', /private address/],
    ['https://169.254.169.254/latest/meta-data', /private address/],
    ['https://100.64.0.1/x', /private address/],
    ['https://0.0.0.0/x', /private address/],
    ['https://[::1]/x', /private address/],
    ['https://[fd00::1]/x', /private address/],
    ['https://[fe80::1]/x', /private address/],
    ['https://[::ffff:192.168.0.1]/x', /private address/],
    ['https://localhost/x', /private address/],
    ['http://127.0.0.1:1/x', /must be https/],
    ['ftp://hooks.example.org/x', /must be https/],
    ['not a url', /not a valid URL/],
  ])('refuses %s with BAD_USER_INPUT on the url field', async (url, message) => {
    const res = await createWebhook({ url, topics: ['STATUS_CHANGED'] });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect(res.errors?.[0].message).toMatch(message);
  });

  it('refuses an unknown filter code and an empty topic list, naming the field', async () => {
    const unknown = await createWebhook({ url: receiver.url, topics: ['STATUS_CHANGED'], filter: { actorCodes: ['NO-SUCH-ACTOR'] } });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'actorCodes' });
    const none = await createWebhook({ url: receiver.url, topics: [] });
    expect(none.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'topics' });
  });
});

describe('deliveries', () => {
  let id: string;
  let secret: string;

  beforeAll(async () => {
    const res = await createWebhook({
      url: receiver.url,
      topics: ['STATUS_CHANGED', 'PROGRESS_LOGGED'],
      filter: { actorCodes: ['IT-DEO'] },
    });
    expect(res.errors).toBeUndefined();
    ({ secret } = res.data.createWebhook);
    id = res.data.createWebhook.webhook.id;
    expect(res.data.createWebhook.webhook).toMatchObject({ url: receiver.url, enabled: true, filter: { actorCodes: ['IT-DEO'] } });
    // Another webhook whose filter matches nothing here: it never receives these events.
    const other = await createWebhook({
      url: receiver.url.replace('/hook', '/other'),
      topics: ['STATUS_CHANGED'],
      filter: { actorCodes: ['COE'] },
    });
    expect(other.errors).toBeUndefined();
  });

  it('POSTs a committed change once, signed, with its event id, topic, sequence, commitment and change', async () => {
    const before = receiver.requests.length;
    const sequence = await changeStatus('IN_PROGRESS');
    await deliver();
    expect(receiver.requests).toHaveLength(before + 1);
    const got = receiver.requests[before];
    expect(got.json).toMatchObject({
      topic: 'STATUS_CHANGED',
      sequence,
      commitment: { id: commitmentId, status: 'IN_PROGRESS', actor: { code: 'IT-DEO' } },
      change: { statusChange: { fromStatus: 'NOT_STARTED', toStatus: 'IN_PROGRESS', sequence } },
    });
    expect(got.headers['x-tracker-event-id']).toBe(got.json.eventId);
    const signature = String(got.headers['x-tracker-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const now = Math.floor(t.clock.now().getTime() / 1000);
    expect(verifySignature(signature, got.body, secret, now)).toBe(true);
    expect(verifySignature(signature, got.body, 'whsec_wrong', now)).toBe(false);
    expect(verifySignature(signature, got.body.replace('IN_PROGRESS', 'IMPLEMENTED'), secret, now)).toBe(false);
    expect(verifySignature(signature, got.body, secret, now + 301)).toBe(false);
    const shown = await webhook(id);
    expect(shown.deliveries.totalCount).toBe(1);
    expect(shown.deliveries.edges[0].node).toMatchObject({
      eventId: got.json.eventId,
      sequence,
      state: 'DELIVERED',
      attempt: 1,
      statusCode: 200,
      durationMs: expect.any(Number),
      error: null,
      nextAttemptAt: null,
    });
    // Delivered once: later runs send nothing more.
    t.clock.advance(3600_000);
    await deliver();
    expect(receiver.requests).toHaveLength(before + 1);
  });

  it('never sends a draft; sends the progress update once it is published, with its sequence', async () => {
    const before = receiver.requests.length;
    const draft = await t.gql(
      `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { id state } } }`,
      { i: { commitmentId, summary: 'Draft: not for the outside' } },
      focalPoint,
    );
    expect(draft.data.logProgress.progressUpdate.state).toBe('DRAFT');
    await deliver();
    expect(receiver.requests).toHaveLength(before);
    const published = await t.gql(
      `mutation($i: PublishProgressUpdateInput!) { publishProgressUpdate(input: $i) { progressUpdate { sequence summary } } }`,
      { i: { id: draft.data.logProgress.progressUpdate.id } },
      secretariat,
    );
    expect(published.errors).toBeUndefined();
    await deliver();
    expect(receiver.requests).toHaveLength(before + 1);
    expect(receiver.requests[before].json).toMatchObject({
      topic: 'PROGRESS_LOGGED',
      sequence: published.data.publishProgressUpdate.progressUpdate.sequence,
      change: { progressUpdate: { summary: 'Draft: not for the outside' } },
    });
  });

  it('carries the sequence of every event, in commit order', async () => {
    const before = receiver.requests.length;
    const sequences = [await changeStatus('STALLED'), await changeStatus('IN_PROGRESS')];
    await deliver();
    const got = receiver.requests.slice(before).map((r) => r.json.sequence);
    expect([...got].sort((a, b) => a - b)).toEqual(sequences);
    expect(sequences[1]).toBeGreaterThan(sequences[0]);
  });

  it('retries a 500 with exponential backoff and jitter on the clock, then delivers with the same event id', async () => {
    const before = receiver.requests.length;
    receiver.answers.push(500, 500);
    await changeStatus('PARTIALLY_IMPLEMENTED');
    const failedAt = t.clock.now().getTime();
    await deliver();
    let last = (await webhook(id)).deliveries.edges[0].node;
    expect(last).toMatchObject({ state: 'PENDING', attempt: 1, statusCode: 500, error: 'HTTP 500' });
    const wait = Date.parse(last.nextAttemptAt) - failedAt;
    expect(wait).toBeGreaterThanOrEqual(RETRY_BASE_MS);
    expect(wait).toBeLessThanOrEqual(RETRY_BASE_MS * (1 + RETRY_JITTER));
    // Not before it is due.
    t.clock.advance(RETRY_BASE_MS - 1);
    await deliver();
    expect(receiver.requests).toHaveLength(before + 1);
    t.clock.set(last.nextAttemptAt);
    await deliver();
    last = (await webhook(id)).deliveries.edges[0].node;
    expect(last).toMatchObject({ state: 'PENDING', attempt: 2, statusCode: 500 });
    const secondWait = Date.parse(last.nextAttemptAt) - t.clock.now().getTime();
    expect(secondWait).toBeGreaterThanOrEqual(2 * RETRY_BASE_MS);
    expect(secondWait).toBeLessThanOrEqual(2 * RETRY_BASE_MS * (1 + RETRY_JITTER));
    t.clock.set(last.nextAttemptAt);
    await deliver();
    last = (await webhook(id)).deliveries.edges[0].node;
    expect(last).toMatchObject({ state: 'DELIVERED', attempt: 3, statusCode: 200, nextAttemptAt: null });
    const ids = receiver.requests.slice(before).map((r) => r.headers['x-tracker-event-id']);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    expect((await webhook(id)).failingSince).toBeNull();
  });

  it('times out a receiver that does not answer (WEBHOOK_TIMEOUT_MS on the clock) and retries it', async () => {
    const before = receiver.requests.length;
    receiver.answers.push('hang');
    await changeStatus('IN_PROGRESS');
    await worker.runOnce('outbox');
    const running = worker.runOnce('webhook-deliveries');
    await receiver.waitFor(before + 1);
    t.clock.advance(TIMEOUT_MS);
    await running;
    const last = (await webhook(id)).deliveries.edges[0].node;
    expect(last).toMatchObject({ state: 'PENDING', attempt: 1, statusCode: null, error: `timed out after ${TIMEOUT_MS} ms` });
    expect(Date.parse(last.nextAttemptAt)).toBeGreaterThan(t.clock.now().getTime());
    t.clock.set(last.nextAttemptAt);
    await deliver();
    expect((await webhook(id)).deliveries.edges[0].node).toMatchObject({ state: 'DELIVERED', attempt: 2 });
  });

  it('stops at a 4xx other than 408 and 429', async () => {
    const before = receiver.requests.length;
    receiver.answers.push(410);
    await changeStatus('STALLED');
    await deliver();
    expect((await webhook(id)).deliveries.edges[0].node).toMatchObject({
      state: 'FAILED',
      attempt: 1,
      statusCode: 410,
      nextAttemptAt: null,
    });
    t.clock.advance(24 * 3600_000);
    await deliver();
    expect(receiver.requests).toHaveLength(before + 1);
  });

  it('signs with both secrets for 24 hours after a rotation', async () => {
    const rotated = await t.gql(
      `mutation($i: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $i) { secret webhook { id } } }`,
      { i: { id } },
      admin,
    );
    expect(rotated.errors).toBeUndefined();
    const fresh = rotated.data.rotateWebhookSecret.secret;
    expect(fresh).not.toBe(secret);
    const before = receiver.requests.length;
    await changeStatus('IN_PROGRESS');
    await deliver();
    const got = receiver.requests[before];
    const header = String(got.headers['x-tracker-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    const now = Math.floor(t.clock.now().getTime() / 1000);
    expect(verifySignature(header, got.body, fresh, now)).toBe(true);
    expect(verifySignature(header, got.body, secret, now)).toBe(true);
    t.clock.advance(24 * 3600_000 + 1000);
    await changeStatus('STALLED');
    await deliver();
    const later = receiver.requests[before + 1];
    const header2 = String(later.headers['x-tracker-signature']);
    expect(header2).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const now2 = Math.floor(t.clock.now().getTime() / 1000);
    expect(verifySignature(header2, later.body, fresh, now2)).toBe(true);
    expect(verifySignature(header2, later.body, secret, now2)).toBe(false);
    secret = fresh;
  });

  it('a slow receiver holds up no other receiver', async () => {
    const slow = await startReceiver();
    const fast = await startReceiver();
    try {
      await t.gql(
        `mutation($i: UpdateWebhookInput!) { updateWebhook(input: $i) { webhook { id } } }`,
        { i: { id, enabled: false } },
        admin,
      );
      t.services.config.webhookAllowedHosts.push(slow.host, fast.host);
      for (const r of [slow, fast]) expect((await createWebhook({ url: r.url, topics: ['STATUS_CHANGED'] })).errors).toBeUndefined();
      slow.answers.push('hang');
      await changeStatus('IN_PROGRESS');
      await worker.runOnce('outbox');
      const running = worker.runOnce('webhook-deliveries');
      await Promise.all([slow.waitFor(1), fast.waitFor(1)]);
      expect(fast.requests).toHaveLength(1);
      t.clock.advance(TIMEOUT_MS);
      await running;
    } finally {
      await slow.close();
      await fast.close();
      await disableAll();
    }
  });

  it('after a day of failed attempts the webhook is disabled, and admins see why', async () => {
    const dead = await createWebhook({ url: receiver.url.replace('/hook', '/dead'), topics: ['STATUS_CHANGED'] });
    const deadId = dead.data.createWebhook.webhook.id;
    for (let i = 0; i < 40; i++) receiver.answers.push(503);
    await changeStatus('PARTIALLY_IMPLEMENTED');
    await deliver();
    let shown = await webhook(deadId);
    expect(shown.failingSince).not.toBeNull();
    for (let i = 0; i < 30 && shown.enabled; i++) {
      t.clock.set(shown.deliveries.edges[0].node.nextAttemptAt ?? t.clock.now());
      await deliver();
      shown = await webhook(deadId);
    }
    receiver.answers.length = 0;
    expect(shown.enabled).toBe(false);
    expect(shown.disabledReason).toMatch(/^Disabled after 24 hours of failed deliveries; the last: HTTP 503/);
    expect(shown.deliveries.edges[0].node).toMatchObject({ state: 'FAILED', statusCode: 503, nextAttemptAt: null });
    expect(shown.deliveries.edges[0].node.attempt).toBeGreaterThan(5);
    // A disabled webhook receives nothing more.
    const before = receiver.requests.length;
    await changeStatus('IN_PROGRESS');
    await deliver();
    expect(receiver.requests).toHaveLength(before);
  });
});
