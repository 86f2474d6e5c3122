/** Subscriptions over real graphql-ws sockets: filters, replay, drafts, permissions, watch lists, limits. */
import { dialectOf } from '../src/queries/dialect';
import { startTestServer, type TestServer } from './support/server';
import { collect, connected, wsClient, wsRequest } from './support/graphql-ws';
import { idOf, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';
import type { Client } from 'graphql-ws';
import type { EntityManager } from '@mikro-orm/knex';
import { currentSequence as currentSequenceOf } from '../src/services/sequence';

let t: TestServer;
let secretariat: string;
let focalPoint: string;
const ids: Record<string, string> = {};
const clients: Client[] = [];

const STATUS = `subscription($filter: EventFilter, $after: Int) { commitmentStatusChanged(filter: $filter, after: $after) {
  topic sequence commitment { code status actor { code country } } statusChange { fromStatus toStatus sequence } } }`;
const PROGRESS = `subscription($filter: EventFilter, $after: Int) { progressLogged(filter: $filter, after: $after) {
  topic sequence commitment { code } progressUpdate { summary state } } }`;

async function open(params: Record<string, unknown> = {}): Promise<Client> {
  const client = wsClient(t.wsUrl, params);
  clients.push(client);
  await connected(client);
  return client;
}

async function currentSequence(): Promise<number> {
  return currentSequenceOf(t.services.orm.em.fork() as EntityManager);
}

/** Creates a commitment for an actor (one event) and returns its id and version. */
async function commitmentFor(actorCode: string): Promise<{ id: string; version: number }> {
  const res = await t.gql(
    `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { id version } } }`,
    {
      i: { actorId: ids[actorCode], recommendationIds: [ids.rec], title: `Follow-up by ${actorCode}` },
    },
    secretariat,
  );
  expect(res.errors).toBeUndefined();
  return res.data.createCommitment.commitment;
}

async function setStatus(c: { id: string; version: number }, status: string): Promise<void> {
  const res = await t.gql(
    `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { version } } }`,
    { i: { id: c.id, expectedVersion: c.version, status } },
    secretariat,
  );
  expect(res.errors).toBeUndefined();
  c.version = res.data.updateCommitment.commitment.version;
}

beforeAll(async () => {
  t = await startTestServer({ config: { maxSubscriptionsPerConnection: 3 } });
  secretariat = await tokenFor(t, Role.SECRETARIAT);
  focalPoint = await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'IT-DEO' });
  for (const code of ['IT-DEO', 'COE', 'BR']) ids[code] = await idOf(t, 'actor', code);
  ids.rec = await idOf(t, 'recommendation', 'ROME-2012-PREV-01');
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});
afterAll(() => t.stop());

describe('commitmentStatusChanged', () => {
  it('pushes matching status changes and not the others', async () => {
    const client = await open();
    const italy = collect(client, STATUS, { filter: { countryCodes: ['IT'] }, after: await currentSequence() });
    const coe = await commitmentFor('COE');
    const deo = await commitmentFor('IT-DEO');
    await setStatus(coe, 'IN_PROGRESS');
    await setStatus(deo, 'IN_PROGRESS');
    const events = await italy.until(2);
    expect(events.map((e) => [e.statusChange.fromStatus, e.statusChange.toStatus, e.commitment.actor.code])).toEqual([
      [null, 'NOT_STARTED', 'IT-DEO'],
      ['NOT_STARTED', 'IN_PROGRESS', 'IT-DEO'],
    ]);
    expect(events[1]).toMatchObject({ topic: 'STATUS_CHANGED', commitment: { status: 'IN_PROGRESS' } });
    expect(events[1].sequence).toBe(events[1].statusChange.sequence);
    expect(italy.events.every((e) => e.commitment.actor.country === 'IT')).toBe(true);
  });

  it('combines filter kinds with AND and values within a kind with OR', async () => {
    const client = await open();
    const after = await currentSequence();
    const either = collect(client, STATUS, { filter: { actorIds: [ids.COE, ids.BR] }, after });
    const both = collect(client, STATUS, { filter: { actorIds: [ids.COE], countryCodes: ['IT'] }, after });
    await commitmentFor('BR');
    await commitmentFor('IT-DEO');
    await commitmentFor('COE');
    const events = await either.until(2);
    expect(events.map((e) => e.commitment.actor.code)).toEqual(['BR', 'COE']);
    // COE has no country, so nothing can match COE AND IT.
    const probe = collect(client, STATUS, { filter: { countryCodes: ['IT'] }, after });
    await probe.until(1);
    expect(both.events).toEqual([]);
  });

  it('replays missed events after a reconnect, then goes live, in order and without duplicates', async () => {
    const first = await open();
    const start = await currentSequence();
    const live = collect(first, STATUS, { filter: { actorIds: [ids.BR] }, after: start });
    const c = await commitmentFor('BR');
    const [created] = await live.until(1);
    await first.dispose();

    await setStatus(c, 'IN_PROGRESS');
    await setStatus(c, 'STALLED');
    const second = await open();
    const resumed = collect(second, STATUS, { filter: { actorIds: [ids.BR] }, after: created.sequence });
    const replayed = await resumed.until(2);
    expect(replayed.map((e) => e.statusChange.toStatus)).toEqual(['IN_PROGRESS', 'STALLED']);
    await setStatus(c, 'IN_PROGRESS');
    const all = await resumed.until(3);
    expect(all.map((e) => e.statusChange.toStatus)).toEqual(['IN_PROGRESS', 'STALLED', 'IN_PROGRESS']);
    const sequences = all.map((e) => e.sequence);
    expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
  });

  it('loses and repeats nothing when changes are committed while the client is replaying', async () => {
    const start = await currentSequence();
    const batch = await Promise.all(Array.from({ length: 3 }, () => commitmentFor('BR')));
    for (const c of batch) await setStatus(c, 'IN_PROGRESS');
    const client = await open();
    const sub = collect(client, STATUS, { filter: { actorIds: [ids.BR] }, after: start });
    // More changes race with the replay query.
    for (const c of batch) await setStatus(c, 'STALLED');
    const events = await sub.until(9);
    const sequences = events.map((e) => e.sequence);
    expect(new Set(sequences).size).toBe(9);
    expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
    const rows = await t.services.orm.em
      .getConnection()
      .execute(
        `select sc.sequence from status_change sc join commitment c on c.id = sc.commitment_id join actor a on a.id = c.actor_id where a.code = 'BR' and sc.sequence > ? order by sc.sequence`,
        [start],
      );
    expect(sequences).toEqual(rows.map((r: any) => Number(r.sequence)));
  });

  it('publishes nothing for a rolled-back mutation', async () => {
    const client = await open();
    const c = await commitmentFor('COE');
    const sub = collect(client, STATUS, { filter: { actorIds: [ids.COE] }, after: await currentSequence() });
    const refused = await t.gql(
      `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { id } } }`,
      { i: { id: c.id, expectedVersion: c.version, status: 'WITHDRAWN' } },
      secretariat,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT'); // no reason given: rolled back
    await setStatus(c, 'STALLED');
    const [event] = await sub.until(1);
    expect(event.statusChange).toMatchObject({ fromStatus: 'NOT_STARTED', toStatus: 'STALLED' });
  });

  it('never sends an ombudsperson following Italy another country’s events', async () => {
    const ombudsperson = await tokenFor(t, Role.OMBUDSPERSON, { country: 'IT' });
    const client = await open({ authorization: `Bearer ${ombudsperson}` });
    const sub = collect(client, STATUS, { filter: { countryCodes: ['IT'] }, after: await currentSequence() });
    await commitmentFor('BR');
    await commitmentFor('COE');
    await commitmentFor('IT-DEO');
    await sub.until(1);
    expect(sub.events.map((e) => e.commitment.actor.country)).toEqual(['IT']);
  });
});

describe('progressLogged', () => {
  it('pushes a draft only to those who may read it, and the publication to everyone', async () => {
    const c = await commitmentFor('IT-DEO');
    const after = await currentSequence();
    const anonymous = collect(await open(), PROGRESS, { filter: { actorIds: [ids['IT-DEO']] }, after });
    const own = collect(await open({ authorization: `Bearer ${focalPoint}` }), PROGRESS, { filter: { actorIds: [ids['IT-DEO']] }, after });
    // The draft is live-only: wait until the focal point's subscription is surely registered.
    await t.gql(
      `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { id } } }`,
      { i: { commitmentId: c.id, summary: 'Registered' } },
      secretariat,
    );
    await Promise.all([anonymous.until(1), own.until(1)]);
    const draft = await t.gql(
      `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { id state } } }`,
      { i: { commitmentId: c.id, summary: 'Draft from the ministry' } },
      focalPoint,
    );
    expect(draft.data.logProgress.progressUpdate.state).toBe('DRAFT');
    const [, draftEvent] = await own.until(2);
    expect(draftEvent).toMatchObject({ sequence: null, progressUpdate: { summary: 'Draft from the ministry', state: 'DRAFT' } });
    await t.gql(
      `mutation($i: PublishProgressUpdateInput!) { publishProgressUpdate(input: $i) { progressUpdate { id } } }`,
      { i: { id: draft.data.logProgress.progressUpdate.id } },
      secretariat,
    );
    const anonymousEvents = await anonymous.until(2);
    expect(anonymousEvents.map((e) => e.progressUpdate.state)).toEqual(['PUBLISHED', 'PUBLISHED']);
    const ownEvents = await own.until(3);
    expect(ownEvents.map((e) => e.progressUpdate.state)).toEqual(['PUBLISHED', 'DRAFT', 'PUBLISHED']);
  });
});

describe('rolled-back writes', () => {
  it('publish nothing even when they had written and queued an event before failing', async () => {
    const c = await commitmentFor('IT-DEO');
    const draft = await t.gql(
      `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { id } } }`,
      { i: { commitmentId: c.id, summary: 'Started', newStatus: 'IN_PROGRESS', expectedVersion: c.version } },
      focalPoint,
    );
    await setStatus(c, 'STALLED'); // the draft is now stale
    const sub = collect(await open(), PROGRESS, { filter: { actorIds: [ids['IT-DEO']] }, after: await currentSequence() });
    // Publishing stamps the update and queues its event, then fails the version check: all rolled back.
    const refused = await t.gql(
      `mutation($i: PublishProgressUpdateInput!) { publishProgressUpdate(input: $i) { progressUpdate { id } } }`,
      { i: { id: draft.data.logProgress.progressUpdate.id } },
      secretariat,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT');
    await t.gql(
      `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { id } } }`,
      { i: { commitmentId: c.id, summary: 'After the conflict' } },
      secretariat,
    );
    const [event] = await sub.until(1);
    expect(event.progressUpdate.summary).toBe('After the conflict');
  });
});

describe('authentication and limits on the socket', () => {
  it('closes the connection with 4403 on a bad token', async () => {
    const client = wsClient(t.wsUrl, { authorization: 'Bearer fut_not-a-real-token' });
    clients.push(client);
    await expect(connected(client)).rejects.toMatchObject({ code: 4403 });
  });

  it('stops a subscription whose token is revoked, at its next event', async () => {
    const token = await tokenFor(t, Role.VIEWER);
    const client = await open({ authorization: `Bearer ${token}` });
    const sub = collect(client, STATUS, { filter: { actorIds: [ids.BR] }, after: await currentSequence() });
    await commitmentFor('BR');
    await sub.until(1);
    const conn = t.services.orm.em.getConnection();
    const now = dialectOf(t.services.orm.em).datetime(new Date());
    await conn.execute(
      `update api_token set revoked_at = ${now.sql} where token_hash in (select token_hash from api_token order by id desc limit 1)`,
      now.bindings,
    );
    await commitmentFor('BR');
    await sub.done;
    expect(sub.events).toHaveLength(1);
    expect(JSON.stringify(sub.errors)).toContain('UNAUTHENTICATED');
  });

  it('applies the same rules to mutations over the socket as over HTTP', async () => {
    const client = await open();
    const res = await wsRequest(client, `mutation { createActor(input: { code: "WS-ACTOR", name: "x", kind: OTHER }) { actor { id } } }`);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('caps the subscriptions one connection may hold', async () => {
    const client = await open();
    const subs = Array.from({ length: 3 }, () => collect(client, STATUS, {}));
    const fourth = collect(client, STATUS, {});
    await fourth.done;
    expect(JSON.stringify(fourth.errors)).toContain('RATE_LIMITED');
    subs.forEach((s) => s.stop());
  });
});

describe('watch lists', () => {
  it('streams every change matching any of the viewer’s watches', async () => {
    const ombudsperson = await tokenFor(t, Role.OMBUDSPERSON, { country: 'IT' });
    const saved = await t.gql(
      `mutation { watch(input: { name: "Italy", filter: { countryCodes: ["IT"] } }) { id name filter { countryCodes } } }`,
      undefined,
      ombudsperson,
    );
    expect(saved.data.watch).toMatchObject({ name: 'Italy', filter: { countryCodes: ['IT'] } });
    await t.gql(
      `mutation { watch(input: { name: "Rome", filter: { sourceCodes: ["ROME-2012"], actorIds: ["${ids.BR}"] } }) { id } }`,
      undefined,
      ombudsperson,
    );
    const mine = await t.gql(`{ viewer { watches { name } } }`, undefined, ombudsperson);
    expect(mine.data.viewer.watches.map((w: any) => w.name)).toEqual(['Italy', 'Rome']);

    const client = await open({ authorization: `Bearer ${ombudsperson}` });
    const sub = collect(client, `subscription($after: Int) { watchedChanges(after: $after) { topic commitment { actor { code } } } }`, {
      after: await currentSequence(),
    });
    await commitmentFor('COE');
    await commitmentFor('IT-DEO');
    await commitmentFor('BR');
    const events = await sub.until(2);
    expect(events.map((e) => e.commitment.actor.code)).toEqual(['IT-DEO', 'BR']);
  });

  it('refuses watchedChanges to anonymous callers', async () => {
    const sub = collect(await open(), `subscription { watchedChanges { topic } }`);
    await sub.done;
    expect(JSON.stringify(sub.errors)).toContain('UNAUTHENTICATED');
  });
});
