/**
 * Partners (issue 14): actors taking part, with a role, in a commitment another actor leads.
 * Added and removed by staff through GraphQL (a new version each, in the revisions); actor filters
 * (lists, recommendations, subscriptions, replay) match the lead or a partner; stats and
 * permissions by actor follow the lead; the export and import carry them as ACTOR-CODE:ROLE.
 */
import { startTestServer, type TestServer } from './support/server';
import { idOf, tokenFor } from './support/users';
import { collect, connected, wsClient } from './support/graphql-ws';
import { Role } from '../src/domain/enums';
import { matchesFilter } from '../src/pubsub/filter';
import { Topic, type TrackerEvent } from '../src/pubsub/events';
import { importCsv } from '../src/import/import';
import type { Client } from 'graphql-ws';
import type { EntityManager } from '@mikro-orm/knex';
import { currentSequence } from '../src/services/sequence';

jest.setTimeout(60_000);
let t: TestServer;
let secretariat: string;
const ids: Record<string, string> = {};
const clients: Client[] = [];

const ADD = `mutation($input: AddCommitmentPartnerInput!) { addCommitmentPartner(input: $input) {
  commitment { code version partners { totalCount edges { role evidence document section node { code } } } } } }`;
const REMOVE = `mutation($input: RemoveCommitmentPartnerInput!) { removeCommitmentPartner(input: $input) {
  commitment { code version partners { edges { role node { code } } } } } }`;

async function create(code: string, actor = 'BR'): Promise<string> {
  const res = await t.gql(
    `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { id } } }`,
    { i: { code, actorId: ids[actor], recommendationIds: [ids.rec], title: `Partners ${code}` } },
    secretariat,
  );
  expect(res.errors).toBeUndefined();
  return res.data.createCommitment.commitment.id;
}

async function download(path: string): Promise<string> {
  const res = await fetch(new URL(path, t.url).toString(), { headers: { authorization: `Bearer ${secretariat}` } });
  expect(res.status).toBe(200);
  return res.text();
}

beforeAll(async () => {
  t = await startTestServer();
  secretariat = await tokenFor(t, Role.SECRETARIAT);
  for (const code of ['BR', 'AU', 'CA', 'UNICRI']) ids[code] = await idOf(t, 'actor', code);
  ids.rec = await idOf(t, 'recommendation', 'ROME-2012-PREV-02');
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});
afterAll(() => t.stop());

describe('the seeded partners', () => {
  it('are those the documents name, with their passages, and the actor filters find them', async () => {
    const res = await t.gql(`{ commitment(code: "IT-DGCS-NIGERIA-ITALY-TRAFFICKING") { actor { code }
        partners(first: 100) { totalCount edges { role evidence document node { code } } } }
      naptip: commitments(filter: { actorCodes: ["NG-NAPTIP"] }) { edges { node { code actor { code } } } } }`);
    expect(res.errors).toBeUndefined();
    const { actor, partners } = res.data.commitment;
    expect(actor.code).toBe('IT-DGCS');
    expect(partners.totalCount).toBe(14);
    expect(partners.edges).toContainEqual({
      role: 'IMPLEMENTING',
      evidence: expect.stringMatching(
        /^The Project was funded by the Italian Cooperation, and was implemented by United Nations Interregional/,
      ),
      document: '001_d27a5eeeb1265c3a.txt',
      node: { code: 'UNICRI' },
    });
    // The national agency party to the memorandum, and to the programme.
    expect(res.data.naptip.edges.map((e: any) => [e.node.code, e.node.actor.code]).sort()).toEqual([
      ['IT-DGCS-NIGERIA-ITALY-TRAFFICKING', 'IT-DGCS'],
      ['IT-PNA-NAPTIP-MOU', 'IT-PNA'],
    ]);
  });
});

describe('adding and removing partners', () => {
  it('adds a partner with its role and passage, as a new version of the commitment, and lists it on both sides', async () => {
    const id = await create('PARTNERS-ADD');
    const added = await t.gql(
      ADD,
      {
        input: {
          commitmentId: id,
          actorId: ids.AU,
          role: 'IMPLEMENTING',
          evidence: 'with the support of Australia',
          document: 'x.txt',
          section: 'S',
          expectedVersion: 1,
          reason: 'named in the report',
        },
      },
      secretariat,
    );
    expect(added.errors).toBeUndefined();
    expect(added.data.addCommitmentPartner.commitment).toEqual({
      code: 'PARTNERS-ADD',
      version: 2,
      partners: {
        totalCount: 1,
        edges: [{ role: 'IMPLEMENTING', evidence: 'with the support of Australia', document: 'x.txt', section: 'S', node: { code: 'AU' } }],
      },
    });
    const read =
      await t.gql(`{ actor(code: "AU") { partnerships { edges { role node { code actor { code } } } } commitments { totalCount } }
      commitment(code: "PARTNERS-ADD") { revisions(first: 1) { edges { node { reason changes { field new } } } } } }`);
    expect(read.errors).toBeUndefined();
    expect(read.data.actor.partnerships.edges).toContainEqual({
      role: 'IMPLEMENTING',
      node: { code: 'PARTNERS-ADD', actor: { code: 'BR' } },
    });
    const revision = read.data.commitment.revisions.edges[0].node;
    expect(revision.reason).toBe('named in the report');
    expect(revision.changes).toContainEqual({
      field: 'partners',
      new: [{ actor: ids.AU, role: 'IMPLEMENTING', evidence: 'with the support of Australia' }],
    });

    // A second partner; the first stays.
    const second = await t.gql(ADD, { input: { commitmentId: id, actorId: ids.UNICRI, role: 'FUNDING' } }, secretariat);
    expect(second.data.addCommitmentPartner.commitment.partners.edges.map((e: any) => [e.node.code, e.role])).toEqual([
      ['AU', 'IMPLEMENTING'],
      ['UNICRI', 'FUNDING'],
    ]);

    const removed = await t.gql(REMOVE, { input: { commitmentId: id, actorId: ids.AU, expectedVersion: 3 } }, secretariat);
    expect(removed.errors).toBeUndefined();
    expect(removed.data.removeCommitmentPartner.commitment).toEqual({
      code: 'PARTNERS-ADD',
      version: 4,
      partners: { edges: [{ role: 'FUNDING', node: { code: 'UNICRI' } }] },
    });
  });

  it('refuses the lead as a partner, a partner twice, removing a non-partner and a stale version, changing nothing', async () => {
    const id = await create('PARTNERS-REFUSED');
    const lead = await t.gql(ADD, { input: { commitmentId: id, actorId: ids.BR, role: 'FUNDING' } }, secretariat);
    expect(lead.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'actorId' });
    expect((await t.gql(ADD, { input: { commitmentId: id, actorId: ids.CA, role: 'MONITORING' } }, secretariat)).errors).toBeUndefined();
    const twice = await t.gql(ADD, { input: { commitmentId: id, actorId: ids.CA, role: 'FUNDING' } }, secretariat);
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'actorId' });
    const notPartner = await t.gql(REMOVE, { input: { commitmentId: id, actorId: ids.AU } }, secretariat);
    expect(notPartner.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'actorId' });
    const stale = await t.gql(REMOVE, { input: { commitmentId: id, actorId: ids.CA, expectedVersion: 1 } }, secretariat);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const after = await t.gql(`{ commitment(code: "PARTNERS-REFUSED") { version partners { edges { role node { code } } } } }`);
    expect(after.data.commitment).toEqual({ version: 2, partners: { edges: [{ role: 'MONITORING', node: { code: 'CA' } }] } });
  });

  it('is for those who edit the commitment’s links (SECRETARIAT, ADMIN): a focal point of the lead or of the partner is refused', async () => {
    const id = await create('PARTNERS-FORBIDDEN');
    for (const token of [
      await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'BR' }),
      await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'AU' }),
      await tokenFor(t, Role.VIEWER),
    ]) {
      const res = await t.gql(ADD, { input: { commitmentId: id, actorId: ids.AU, role: 'FUNDING' } }, token);
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const anonymous = await t.gql(ADD, { input: { commitmentId: id, actorId: ids.AU, role: 'FUNDING' } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const admin = await t.gql(ADD, { input: { commitmentId: id, actorId: ids.AU, role: 'FUNDING' } }, await tokenFor(t, Role.ADMIN));
    expect(admin.errors).toBeUndefined();
  });
});

describe('actor filters match the lead or a partner; stats and permissions follow the lead', () => {
  let id: string;
  beforeAll(async () => {
    id = await create('PARTNERS-FILTERS');
    expect((await t.gql(ADD, { input: { commitmentId: id, actorId: ids.AU, role: 'IMPLEMENTING' } }, secretariat)).errors).toBeUndefined();
  });

  it('lists the commitment, and the recommendations it addresses, for the partner by id or code; countries follow the lead', async () => {
    const res = await t.gql(
      `query($au: ID!) { byCode: commitments(first: 100, filter: { actorCodes: ["AU"] }) { edges { node { code } } }
        byId: commitments(first: 100, filter: { actorIds: [$au] }) { edges { node { code } } }
        lead: commitments(first: 100, filter: { actorCodes: ["BR"] }) { edges { node { code } } }
        country: commitments(first: 100, filter: { countryCodes: ["AU"] }) { edges { node { code } } }
        recommendations(first: 100, filter: { actorCodes: ["AU"] }) { edges { node { code } } } }`,
      { au: ids.AU },
    );
    expect(res.errors).toBeUndefined();
    const codes = (list: any) => list.edges.map((e: any) => e.node.code);
    expect(codes(res.data.byCode)).toContain('PARTNERS-FILTERS');
    expect(codes(res.data.byId)).toContain('PARTNERS-FILTERS');
    expect(codes(res.data.lead)).toContain('PARTNERS-FILTERS');
    expect(codes(res.data.country)).not.toContain('PARTNERS-FILTERS');
    expect(codes(res.data.recommendations)).toContain('ROME-2012-PREV-02');
  });

  it('counts the commitment under its lead in stats by actor, also when filtered by the partner', async () => {
    const res = await t.gql(`{ commitmentStats(groupBy: [ACTOR], filter: { actorCodes: ["AU"], commitmentCodes: ["PARTNERS-FILTERS"] }) {
      total buckets { count keys { value } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.commitmentStats).toEqual({ total: 1, buckets: [{ count: 1, keys: [{ value: 'BR' }] }] });
  });

  it('lets the lead’s focal point log progress, not the partner’s', async () => {
    const log = (token: string) =>
      t.gql(
        `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { state } } }`,
        { i: { commitmentId: id, summary: 'Done' } },
        token,
      );
    const partner = await log(await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'AU' }));
    expect(partner.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const lead = await log(await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'BR' }));
    expect(lead.errors).toBeUndefined();
  });

  it('delivers and replays a status change of the commitment to a subscription filtered by the partner', async () => {
    const client = wsClient(t.wsUrl);
    clients.push(client);
    await connected(client);
    const STATUS = `subscription($filter: EventFilter, $after: Int) { commitmentStatusChanged(filter: $filter, after: $after) {
      sequence commitment { code actor { code } } statusChange { toStatus } } }`;
    // From the current sequence on: the event comes live or by replay, whichever wins the race with the write.
    const start = await currentSequence(t.services.orm.em.fork() as EntityManager);
    const live = collect(client, STATUS, { filter: { actorCodes: ['AU'] }, after: start });
    const other = collect(client, STATUS, { filter: { actorCodes: ['CA'] }, after: start });
    const version = (await t.gql(`{ commitment(code: "PARTNERS-FILTERS") { version } }`)).data.commitment.version;
    const moved = await t.gql(
      `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { status } } }`,
      { i: { id, expectedVersion: version, status: 'IN_PROGRESS' } },
      secretariat,
    );
    expect(moved.errors).toBeUndefined();
    const [event] = await live.until(1);
    expect(event).toMatchObject({
      commitment: { code: 'PARTNERS-FILTERS', actor: { code: 'BR' } },
      statusChange: { toStatus: 'IN_PROGRESS' },
    });
    expect(other.events.filter((e: any) => e.commitment.code === 'PARTNERS-FILTERS')).toEqual([]);
    // Replay (SQL) matches the partner as live delivery (in memory) does.
    const replay = collect(client, STATUS, { filter: { actorIds: [ids.AU] }, after: event.sequence - 1 });
    expect((await replay.until(1))[0]).toMatchObject({ sequence: event.sequence, commitment: { code: 'PARTNERS-FILTERS' } });
  });

  it('matches an event by a partner in memory (webhooks, watches), and events written before partners by the lead only', () => {
    const event = {
      topic: Topic.STATUS_CHANGED,
      sequence: 1,
      status: 'IN_PROGRESS',
      recordId: 1,
      draft: false,
      commitmentId: 1,
      commitmentCode: 'C',
      actorId: 10,
      actorCode: 'BR',
      country: 'BR',
      sourceCodes: [],
      recommendationCodes: [],
      themes: [],
      partnerActorIds: [20],
      partnerActorCodes: ['AU'],
    } as unknown as TrackerEvent;
    expect(matchesFilter(event, { actorCodes: ['AU'] })).toBe(true);
    expect(matchesFilter(event, { actorIds: [20] })).toBe(true);
    expect(matchesFilter(event, { actorIds: [10] })).toBe(true);
    expect(matchesFilter(event, { actorCodes: ['CA'] })).toBe(false);
    expect(matchesFilter(event, { actorCodes: ['AU'], countryCodes: ['AU'] })).toBe(false);
    const older = { ...event, partnerActorIds: undefined, partnerActorCodes: undefined } as TrackerEvent;
    expect(matchesFilter(older, { actorCodes: ['AU'] })).toBe(false);
    expect(matchesFilter(older, { actorCodes: ['BR'] })).toBe(true);
  });
});

describe('export and import', () => {
  it('exports partners as ACTOR-CODE:ROLE and imports them back: a list replaces them, no column keeps them', async () => {
    const id = await create('PARTNERS-CSV');
    await t.gql(ADD, { input: { commitmentId: id, actorId: ids.UNICRI, role: 'IMPLEMENTING', evidence: 'kept' } }, secretariat);
    await t.gql(ADD, { input: { commitmentId: id, actorId: ids.AU, role: 'FUNDING' } }, secretariat);
    const json = JSON.parse(await download('/export/commitments.json?commitmentCodes=PARTNERS-CSV'));
    const row = (Array.isArray(json) ? json : (json.rows ?? json.data))[0];
    expect(row.partners).toEqual(['AU:FUNDING', 'UNICRI:IMPLEMENTING']);
    const csvText = await download('/export/commitments.csv?commitmentCodes=PARTNERS-CSV');
    expect(csvText).toContain('AU:FUNDING;UNICRI:IMPLEMENTING');

    // Unchanged: nothing to update.
    expect(await importCsv(t.services, 'commitments', Buffer.from(csvText))).toMatchObject({ problems: [], unchanged: 1 });
    const header = 'code,actor_code,recommendation_codes,partners,title';
    const replaced = await importCsv(
      t.services,
      'commitments',
      Buffer.from(`${header}\r\nPARTNERS-CSV,BR,ROME-2012-PREV-02,UNICRI:MONITORING;CA:IMPLEMENTING,Partners PARTNERS-CSV\r\n`),
    );
    expect(replaced).toMatchObject({ problems: [], updated: 1 });
    const kept = await importCsv(
      t.services,
      'commitments',
      Buffer.from('code,actor_code,recommendation_codes,title\r\nPARTNERS-CSV,BR,ROME-2012-PREV-02,Renamed\r\n'),
    );
    expect(kept).toMatchObject({ problems: [], updated: 1 });
    const read = await t.gql(`{ commitment(code: "PARTNERS-CSV") { title partners { edges { role evidence node { code } } } } }`);
    expect(read.data.commitment).toEqual({
      title: 'Renamed',
      partners: {
        edges: [
          { role: 'IMPLEMENTING', evidence: null, node: { code: 'CA' } },
          // The same partner keeps its passage when its role changes.
          { role: 'MONITORING', evidence: 'kept', node: { code: 'UNICRI' } },
        ],
      },
    });

    const created = await importCsv(
      t.services,
      'commitments',
      Buffer.from(`${header}\r\nPARTNERS-CSV-NEW,BR,ROME-2012-PREV-02,AU:FUNDING,New\r\n`),
    );
    expect(created).toMatchObject({ problems: [], created: 1 });
    const fresh = await t.gql(`{ commitment(code: "PARTNERS-CSV-NEW") { partners { edges { role node { code } } } } }`);
    expect(fresh.data.commitment.partners.edges).toEqual([{ role: 'FUNDING', node: { code: 'AU' } }]);
  });

  it('reports bad partner cells by line: unknown actor, bad role, the lead, twice, and imports nothing', async () => {
    const header = 'code,actor_code,recommendation_codes,partners,title';
    const report = await importCsv(
      t.services,
      'commitments',
      Buffer.from(
        [
          header,
          'PARTNERS-BAD-1,BR,ROME-2012-PREV-02,NO-SUCH-ACTOR:FUNDING,Bad',
          'PARTNERS-BAD-2,BR,ROME-2012-PREV-02,AU:PAYING,Bad',
          'PARTNERS-BAD-3,BR,ROME-2012-PREV-02,BR:FUNDING,Bad',
          'PARTNERS-BAD-4,BR,ROME-2012-PREV-02,AU:FUNDING;AU:MONITORING,Bad',
          'PARTNERS-BAD-5,BR,ROME-2012-PREV-02,AU,Bad',
        ].join('\r\n'),
      ),
    );
    expect(report.imported).toBe(false);
    expect(report.problems.map((p: any) => [p.line, p.field])).toEqual([
      [2, 'partners'],
      [3, 'partners'],
      [4, 'partners'],
      [5, 'partners'],
      [6, 'partners'],
    ]);
  });
});
