/**
 * Actors and commitments named by code beside global ids, on every filter: lists, stats, the
 * timeline, exports, subscriptions (live and replayed) and watch lists. Ids and codes of one kind
 * combine with OR; an unknown code is BAD_USER_INPUT naming the field, everywhere.
 */
import type { Client } from 'graphql-ws';
import type { EntityManager } from '@mikro-orm/knex';
import { startTestServer, type TestServer } from './support/server';
import { collect, connected, wsClient } from './support/graphql-ws';
import { idOf, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';
import { currentSequence as currentSequenceOf } from '../src/services/sequence';

let t: TestServer;
let secretariat: string;
const ids: Record<string, string> = {};
const clients: Client[] = [];

beforeAll(async () => {
  t = await startTestServer();
  secretariat = await tokenFor(t, Role.SECRETARIAT);
  for (const code of ['IT-DEO', 'IT-DGCS', 'COE', 'BR']) ids[code] = await idOf(t, 'actor', code);
  ids.rec = await idOf(t, 'recommendation', 'ROME-2012-PREV-01');
  ids.deoCommitment = await idOf(t, 'commitment', 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011');
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});
afterAll(() => t.stop());

async function open(params: Record<string, unknown> = {}): Promise<Client> {
  const client = wsClient(t.wsUrl, params);
  clients.push(client);
  await connected(client);
  return client;
}

const currentSequence = () => currentSequenceOf(t.services.orm.em.fork() as EntityManager);

/** Codes of the commitments a filter lists (one page: the seeded actors have fewer than 100). */
async function commitmentCodes(filter: Record<string, unknown>): Promise<string[]> {
  const res = await t.gql(`query($f: CommitmentFilter) { commitments(first: 100, filter: $f) { edges { node { code } } } }`, { f: filter });
  expect(res.errors).toBeUndefined();
  return res.data.commitments.edges.map((e: any) => e.node.code).sort();
}

async function recommendationCodes(filter: Record<string, unknown>): Promise<string[]> {
  const res = await t.gql(`query($f: RecommendationFilter) { recommendations(first: 100, filter: $f) { edges { node { code } } } }`, {
    f: filter,
  });
  expect(res.errors).toBeUndefined();
  return res.data.recommendations.edges.map((e: any) => e.node.code).sort();
}

async function newCommitment(actorCode: string): Promise<{ id: string; code: string }> {
  const res = await t.gql(
    `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { id code } } }`,
    { i: { actorId: ids[actorCode], recommendationIds: [ids.rec], title: `Follow-up by ${actorCode}` } },
    secretariat,
  );
  expect(res.errors).toBeUndefined();
  return res.data.createCommitment.commitment;
}

describe('list filters', () => {
  it('select the same commitments by actor code as by actor id, and combine the two with OR', async () => {
    const byId = await commitmentCodes({ actorIds: [ids['IT-DGCS']] });
    expect(byId.length).toBeGreaterThan(0);
    expect(await commitmentCodes({ actorCodes: ['IT-DGCS'] })).toEqual(byId);
    const coe = await commitmentCodes({ actorIds: [ids.COE] });
    expect(coe.length).toBeGreaterThan(0);
    expect(await commitmentCodes({ actorIds: [ids.COE], actorCodes: ['IT-DGCS'] })).toEqual([...byId, ...coe].sort());
  });

  it('select commitments by code or id (OR), and AND the result with the other fields', async () => {
    const dgcsCode = (await commitmentCodes({ actorCodes: ['IT-DGCS'] }))[0];
    expect(await commitmentCodes({ commitmentCodes: [dgcsCode], commitmentIds: [ids.deoCommitment] })).toEqual(
      [dgcsCode, 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011'].sort(),
    );
    expect(await commitmentCodes({ commitmentCodes: [dgcsCode, 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011'], actorCodes: ['IT-DGCS'] })).toEqual([
      dgcsCode,
    ]);
  });

  it('select recommendations by actor code as by actor id', async () => {
    const byId = await recommendationCodes({ actorIds: [ids['IT-DEO']] });
    expect(byId.length).toBeGreaterThan(0);
    expect(await recommendationCodes({ actorCodes: ['IT-DEO'] })).toEqual(byId);
  });

  it('count by actor code in the stats, the coverage and the timeline as the lists do', async () => {
    const res = await t.gql(`{
      stats: commitmentStats(groupBy: [STATUS], filter: { actorCodes: ["IT-DGCS"] }) { total }
      list: commitments(filter: { actorCodes: ["IT-DGCS"] }) { totalCount }
      coverage: recommendationCoverage(filter: { actorCodes: ["IT-DEO"] }) { total }
      recs: recommendations(filter: { actorCodes: ["IT-DEO"] }) { totalCount }
      timeline: statusTimeline(from: "2026-10-01", to: "2026-10-31", filter: { actorCodes: ["IT-DGCS"] }) { total }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.stats.total).toBe(res.data.list.totalCount);
    expect(res.data.coverage.reduce((sum: number, c: { total: number }) => sum + c.total, 0)).toBe(res.data.recs.totalCount);
    expect(res.data.timeline[0].total).toBeLessThanOrEqual(res.data.list.totalCount);
  });

  it.each([
    ['commitments', `{ commitments(filter: { actorCodes: ["IT-DGCS", "NO-SUCH-ACTOR"] }) { totalCount } }`, 'actorCodes'],
    ['commitments', `{ commitments(filter: { commitmentCodes: ["NO-SUCH-COMMITMENT"] }) { totalCount } }`, 'commitmentCodes'],
    ['recommendations', `{ recommendations(filter: { actorCodes: ["NO-SUCH-ACTOR"] }) { totalCount } }`, 'actorCodes'],
    ['commitmentStats', `{ commitmentStats(groupBy: [STATUS], filter: { actorCodes: ["NO-SUCH-ACTOR"] }) { total } }`, 'actorCodes'],
    ['recommendationCoverage', `{ recommendationCoverage(filter: { actorCodes: ["NO-SUCH-ACTOR"] }) { total } }`, 'actorCodes'],
    [
      'statusTimeline',
      `{ statusTimeline(from: "2026-01-01", to: "2026-02-01", filter: { commitmentCodes: ["NO-SUCH"] }) { total } }`,
      'commitmentCodes',
    ],
  ])('%s refuses an unknown code with BAD_USER_INPUT naming the field', async (_name, query, field) => {
    const res = await t.gql(query);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field }, message: expect.stringContaining('NO-SUCH') });
  });
});

describe('export parameters', () => {
  const get = (path: string) => fetch(new URL(path, t.url).toString());
  const rows = async (path: string) => (await (await get(path)).json()) as { actor_code: string }[];

  it('filter by actor code as by actor id', async () => {
    const byId = await rows(`/export/commitments.json?actorIds=${encodeURIComponent(ids['IT-DGCS'])}`);
    const byCode = await rows(`/export/commitments.json?actorCodes=IT-DGCS`);
    expect(byId.length).toBeGreaterThan(0);
    expect(byCode).toEqual(byId);
    const either = await rows(`/export/commitments.json?actorCodes=IT-DGCS&actorIds=${encodeURIComponent(ids.COE)}`);
    expect(new Set(either.map((r) => r.actor_code))).toEqual(new Set(['IT-DGCS', 'COE']));
  });

  it('refuse an unknown code with 400 naming the parameter', async () => {
    const res = await get('/export/commitments.csv?commitmentCodes=NO-SUCH-COMMITMENT');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: unknown[] }).errors[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'commitmentCodes' },
    });
  });
});

describe('subscriptions and watch lists', () => {
  const STATUS = `subscription($f: EventFilter, $after: Int) { commitmentStatusChanged(filter: $f, after: $after) { commitment { code actor { code } } } }`;

  it('match events by actor code or id (OR), live and replayed', async () => {
    const after = await currentSequence();
    const live = collect(await open(), STATUS, { f: { actorCodes: ['BR'], actorIds: [ids.COE] }, after });
    await newCommitment('IT-DEO');
    await newCommitment('BR');
    await newCommitment('COE');
    expect((await live.until(2)).map((e) => e.commitment.actor.code)).toEqual(['BR', 'COE']);
    const replayed = collect(await open(), STATUS, { f: { actorCodes: ['BR'], actorIds: [ids.COE] }, after });
    expect((await replayed.until(2)).map((e) => e.commitment.actor.code)).toEqual(['BR', 'COE']);
  });

  it('match events by commitment code or id (OR), live and replayed', async () => {
    const watched = await newCommitment('BR');
    const other = await newCommitment('BR');
    const after = await currentSequence();
    const filter = { commitmentCodes: [watched.code], commitmentIds: [other.id] };
    const live = collect(await open(), STATUS, { f: filter, after });
    for (const c of [watched, other]) {
      const res = await t.gql(
        `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { version } } }`,
        { i: { id: c.id, expectedVersion: 1, status: 'IN_PROGRESS' } },
        secretariat,
      );
      expect(res.errors).toBeUndefined();
    }
    await newCommitment('BR'); // not named: not pushed
    expect((await live.until(2)).map((e) => e.commitment.code)).toEqual([watched.code, other.code]);
    const replayed = collect(await open(), STATUS, { f: { commitmentCodes: [watched.code] }, after });
    expect((await replayed.until(1)).map((e) => e.commitment.code)).toEqual([watched.code]);
    const probe = collect(await open(), STATUS, { f: { actorCodes: ['BR'] }, after });
    await probe.until(3);
    expect(live.events).toHaveLength(2);
  });

  it('refuse an unknown code when subscribing, for events and live stats', async () => {
    const events = collect(await open(), STATUS, { f: { actorCodes: ['NO-SUCH-ACTOR'] } });
    const stats = collect(
      await open(),
      `subscription { commitmentStatsChanged(groupBy: [STATUS], filter: { commitmentCodes: ["NO-SUCH"] }) { total } }`,
    );
    await Promise.all([events.done, stats.done]);
    expect(events.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'actorCodes' }) }),
    ]);
    expect(stats.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'commitmentCodes' }) }),
    ]);
  });

  it('save codes in a watch, show them back, and stream what they match', async () => {
    const viewer = await tokenFor(t, Role.VIEWER);
    const watched = await newCommitment('IT-DEO');
    const saved = await t.gql(
      `mutation($f: EventFilter!) { watch(input: { name: "By code", filter: $f }) { filter { actorCodes commitmentCodes actorIds commitmentIds } } }`,
      { f: { actorCodes: ['BR'], commitmentCodes: [watched.code] } },
      viewer,
    );
    expect(saved.data.watch.filter).toEqual({ actorCodes: ['BR'], commitmentCodes: [watched.code], actorIds: null, commitmentIds: null });
    // AND between kinds: "By code" matches only a BR commitment with that code, i.e. none.
    const both = await t.gql(
      `mutation($f: EventFilter!) { watch(input: { name: "Either", filter: $f }) { id } }`,
      { f: { actorCodes: ['COE'] } },
      viewer,
    );
    expect(both.errors).toBeUndefined();
    const sub = collect(
      await open({ authorization: `Bearer ${viewer}` }),
      `subscription($a: Int) { watchedChanges(after: $a) { commitment { actor { code } } } }`,
      {
        a: await currentSequence(),
      },
    );
    await newCommitment('IT-DEO');
    await newCommitment('COE');
    expect((await sub.until(1)).map((e) => e.commitment.actor.code)).toEqual(['COE']);

    const refused = await t.gql(`mutation { watch(input: { name: "Typo", filter: { actorCodes: ["BRR"] } }) { id } }`, undefined, viewer);
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'actorCodes' } });
  });
});
