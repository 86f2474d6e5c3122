/**
 * node(id:) on records that belong to one user (watch lists, digests) or to staff (webhooks):
 * every type the schema marks as a Node is found by its ID, and only by whom may read it;
 * anyone else gets null, as for an unknown ID, never an error that would confirm it exists.
 */
import { startTestServer, type TestServer } from './support/server';
import { tokenFor, userWithToken } from './support/users';
import { Role } from '../src/domain/enums';

let t: TestServer;
let owner: string;
let otherViewer: string;
let secretariat: string;
let watchId: string;
let digestId: string;
let webhookId: string;

const PROBE = `query($id: ID!) { node(id: $id) { __typename id ... on Watch { name } ... on DigestSubscription { frequency } ... on Webhook { url } } }`;

async function probe(id: string, token?: string) {
  const res = await t.gql(PROBE, { id }, token);
  expect(res.errors).toBeUndefined();
  return res.data.node;
}

beforeAll(async () => {
  t = await startTestServer({
    // Digests and webhooks are on; nothing is sent (no event is due on the test clock, the receiver is never called).
    config: { smtpUrl: 'smtp://127.0.0.1:9', publicUrl: 'https://tracker.example.org', webhookAllowedHosts: ['127.0.0.1:9'] },
  });
  owner = (await userWithToken(t, Role.VIEWER)).token;
  otherViewer = (await userWithToken(t, Role.VIEWER)).token;
  secretariat = await tokenFor(t, Role.SECRETARIAT);
  const watch = await t.gql(`mutation { watch(input: { name: "Italy", filter: { countryCodes: ["IT"] } }) { id } }`, undefined, owner);
  expect(watch.errors).toBeUndefined();
  watchId = watch.data.watch.id;
  const digest = await t.gql(
    `mutation($i: SubscribeDigestInput!) { subscribeDigest(input: $i) { digest { id } } }`,
    { i: { watchId, frequency: 'WEEKLY', timeZone: 'Europe/Rome', hour: 8 } },
    owner,
  );
  expect(digest.errors).toBeUndefined();
  digestId = digest.data.subscribeDigest.digest.id;
  const webhook = await t.gql(
    `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }`,
    { i: { url: 'http://127.0.0.1:9/hook', topics: ['STATUS_CHANGED'] } },
    secretariat,
  );
  expect(webhook.errors).toBeUndefined();
  webhookId = webhook.data.createWebhook.webhook.id;
});

afterAll(async () => {
  await t?.stop();
});

describe('node(id:) on private records', () => {
  it('finds a watch list and its digest for their owner', async () => {
    expect(await probe(watchId, owner)).toEqual({ __typename: 'Watch', id: watchId, name: 'Italy' });
    expect(await probe(digestId, owner)).toEqual({ __typename: 'DigestSubscription', id: digestId, frequency: 'WEEKLY' });
  });

  it('answers null to anyone else, staff included, as for an unknown id', async () => {
    for (const token of [undefined, otherViewer, secretariat]) {
      expect(await probe(watchId, token)).toBeNull();
      expect(await probe(digestId, token)).toBeNull();
    }
  });

  it('finds a webhook for staff only', async () => {
    expect(await probe(webhookId, secretariat)).toEqual({ __typename: 'Webhook', id: webhookId, url: 'http://127.0.0.1:9/hook' });
    expect(await probe(webhookId, await tokenFor(t, Role.ADMIN))).toMatchObject({ id: webhookId });
    for (const token of [undefined, owner]) expect(await probe(webhookId, token)).toBeNull();
  });
});
