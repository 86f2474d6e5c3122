/**
 * The review of draft progress updates over HTTP and WebSocket: the queue, returning with a
 * comment, editing (which submits again), withdrawing, corrections of published updates, and
 * the refusals (FORBIDDEN, NOT_FOUND, INVALID_TRANSITION, BAD_USER_INPUT, UNAUTHENTICATED).
 */
import type { Client } from 'graphql-ws';
import { startTestServer, type TestServer } from './support/server';
import { collect, connected, wsClient } from './support/graphql-ws';
import { idOf, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';
import { toGlobalId } from '../src/schema/global-id';

let t: TestServer;
let secretariat: string;
let focalPoint: string;
let otherFocalPoint: string;
let viewer: string;
const ids: Record<string, string> = {};
const clients: Client[] = [];

const QUEUE = `query($filter: CommitmentFilter, $first: Int, $after: String) {
  reviewQueue(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id summary state submittedAt commitment { code } actor { code } reportedBy { actor { code } } } } } }`;
const LOG = `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { id state submittedAt corrects { id summary } } } }`;
const RETURN = `mutation($i: ReturnProgressUpdateInput!) { returnProgressUpdate(input: $i) {
  progressUpdate { id state returnComment returnedAt returnedBy { name } } commitment { code } } }`;
const UPDATE = `mutation($i: UpdateProgressUpdateInput!) { updateProgressUpdate(input: $i) {
  progressUpdate { id state summary periodStart submittedAt returnComment } } }`;
const WITHDRAW = `mutation($i: WithdrawProgressUpdateInput!) { withdrawProgressUpdate(input: $i) { progressUpdate { id state withdrawnAt } } }`;
const PUBLISH = `mutation($i: PublishProgressUpdateInput!) { publishProgressUpdate(input: $i) { progressUpdate { id state } } }`;
const NODE = `query($id: ID!) { node(id: $id) { ... on ProgressUpdate { id state summary returnComment } } }`;

const codeOf = (res: { errors?: { extensions?: Record<string, any> }[] }) => res.errors?.[0]?.extensions?.code;

async function commitmentFor(actorCode: string, title: string): Promise<{ id: string; code: string }> {
  const res = await t.gql(
    `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { id code } } }`,
    { i: { actorId: ids[actorCode], recommendationIds: [ids.rec], title } },
    secretariat,
  );
  expect(res.errors).toBeUndefined();
  return res.data.createCommitment.commitment;
}

async function draft(commitmentId: string, summary: string, token = focalPoint): Promise<string> {
  const res = await t.gql(LOG, { i: { commitmentId, summary } }, token);
  expect(res.errors).toBeUndefined();
  expect(res.data.logProgress.progressUpdate.state).toBe('DRAFT');
  return res.data.logProgress.progressUpdate.id;
}

async function queueOf(token: string, variables: Record<string, unknown> = {}): Promise<any[]> {
  const res = await t.gql(QUEUE, { first: 100, ...variables }, token);
  expect(res.errors).toBeUndefined();
  return res.data.reviewQueue.edges.map((e: any) => e.node);
}

const minute = () => t.clock.advance(60_000);

beforeAll(async () => {
  t = await startTestServer();
  secretariat = await tokenFor(t, Role.SECRETARIAT);
  focalPoint = await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'IT-DEO' });
  otherFocalPoint = await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'COE' });
  viewer = await tokenFor(t, Role.VIEWER);
  for (const code of ['IT-DEO', 'COE']) ids[code] = await idOf(t, 'actor', code);
  ids.rec = await idOf(t, 'recommendation', 'ROME-2012-PREV-01');
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});
afterAll(() => t.stop());

describe('reviewQueue', () => {
  it('lists drafts awaiting review oldest first, with their commitment, actor and author, filtered like commitments', async () => {
    const deo = await commitmentFor('IT-DEO', 'Queue: ministry');
    const coe = await commitmentFor('COE', 'Queue: council');
    const first = await draft(deo.id, 'Queue first');
    minute();
    const second = await draft(coe.id, 'Queue second', otherFocalPoint);
    minute();
    const third = await draft(deo.id, 'Queue third');

    const all = (await queueOf(secretariat)).filter((n) => n.summary.startsWith('Queue '));
    expect(all.map((n) => n.id)).toEqual([first, second, third]);
    expect(all[0]).toMatchObject({
      state: 'DRAFT',
      commitment: { code: deo.code },
      actor: { code: 'IT-DEO' },
      reportedBy: { actor: { code: 'IT-DEO' } },
    });
    expect(new Date(all[1].submittedAt).getTime() - new Date(all[0].submittedAt).getTime()).toBe(60_000);

    // Filtered like commitments: by actor code, by commitment id.
    const council = await queueOf(secretariat, { filter: { actorCodes: ['COE'] } });
    expect(council.map((n) => n.id)).toEqual(expect.arrayContaining([second]));
    expect(council.map((n) => n.id)).not.toContain(first);
    expect((await queueOf(secretariat, { filter: { commitmentIds: [deo.id] } })).map((n) => n.id)).toEqual([first, third]);

    // Paged: the cursor carries on after the first page, in the same order.
    const page1 = await t.gql(QUEUE, { first: 1, filter: { commitmentIds: [deo.id, coe.id] } }, secretariat);
    expect(page1.data.reviewQueue).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    const page2 = await t.gql(
      QUEUE,
      { first: 5, after: page1.data.reviewQueue.pageInfo.endCursor, filter: { commitmentIds: [deo.id, coe.id] } },
      secretariat,
    );
    expect(page2.data.reviewQueue.edges.map((e: any) => e.node.id)).toEqual([second, third]);

    // A focal point sees its own actor's drafts only.
    const own = await queueOf(focalPoint);
    expect(own.map((n) => n.id)).toEqual(expect.arrayContaining([first, third]));
    expect(own.every((n) => n.actor.code === 'IT-DEO')).toBe(true);
  });

  it('is refused to those who may read no drafts, and checks its filter', async () => {
    expect(codeOf(await t.gql(QUEUE, {}))).toBe('UNAUTHENTICATED');
    const refused = await t.gql(QUEUE, {}, viewer);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.data).toBeNull();
    for (const role of [Role.OMBUDSPERSON, Role.CIVIL_SOCIETY]) {
      const token = await tokenFor(t, role, role === Role.OMBUDSPERSON ? { country: 'IT' } : { actorCode: 'COE' });
      expect(codeOf(await t.gql(QUEUE, {}, token))).toBe('FORBIDDEN');
    }
    const bad = await t.gql(QUEUE, { filter: { countryCodes: ['Italy'] } }, secretariat);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions?.field).toBe('countryCodes');
  });
});

describe('returning, editing and withdrawing a draft', () => {
  it('returns a draft with a comment its focal points read, and an edit submits it again at the end of the queue', async () => {
    const c = await commitmentFor('IT-DEO', 'Returned then edited');
    const id = await draft(c.id, 'Too short');
    minute();
    const returned = await t.gql(RETURN, { i: { id, comment: 'Say which regions adopted the guidelines' } }, secretariat);
    expect(returned.errors).toBeUndefined();
    expect(returned.data.returnProgressUpdate).toMatchObject({
      progressUpdate: {
        id,
        state: 'RETURNED',
        returnComment: 'Say which regions adopted the guidelines',
        returnedAt: t.clock.now().toISOString(),
      },
      commitment: { code: c.code },
    });
    expect((await queueOf(secretariat)).map((n) => n.id)).not.toContain(id);

    // The focal point sees the comment; an anonymous caller does not see the draft at all.
    expect((await t.gql(NODE, { id }, focalPoint)).data.node).toMatchObject({
      state: 'RETURNED',
      returnComment: 'Say which regions adopted the guidelines',
    });
    expect((await t.gql(NODE, { id })).data.node).toBeNull();

    // A returned draft is not returned again nor published.
    expect(codeOf(await t.gql(RETURN, { i: { id, comment: 'Again' } }, secretariat))).toBe('INVALID_TRANSITION');
    const publish = await t.gql(PUBLISH, { i: { id } }, secretariat);
    expect(codeOf(publish)).toBe('INVALID_TRANSITION');
    expect(publish.errors?.[0].extensions).toMatchObject({ from: 'RETURNED', allowed: ['UPDATE', 'WITHDRAW'] });

    minute();
    const later = await draft(c.id, 'Queued meanwhile');
    minute();
    const edited = await t.gql(
      UPDATE,
      { i: { id, summary: 'Guidelines adopted by Lazio and Tuscany', periodStart: '2026-07' } },
      focalPoint,
    );
    expect(edited.errors).toBeUndefined();
    expect(edited.data.updateProgressUpdate.progressUpdate).toMatchObject({
      state: 'DRAFT',
      summary: 'Guidelines adopted by Lazio and Tuscany',
      periodStart: '2026-07',
      submittedAt: t.clock.now().toISOString(),
      returnComment: 'Say which regions adopted the guidelines',
    });
    // Submitted again: behind the draft queued while it was away.
    expect((await queueOf(secretariat, { filter: { commitmentIds: [c.id] } })).map((n) => n.id)).toEqual([later, id]);

    const published = await t.gql(PUBLISH, { i: { id } }, secretariat);
    expect(published.data.publishProgressUpdate.progressUpdate.state).toBe('PUBLISHED');
    // Published: never edited, withdrawn, returned or published again.
    for (const [query, input] of [
      [UPDATE, { id, summary: 'Changed after publication' }],
      [WITHDRAW, { id }],
    ] as const) {
      const res = await t.gql(query, { i: input }, focalPoint);
      expect(codeOf(res)).toBe('INVALID_TRANSITION');
      expect(res.errors?.[0].extensions?.allowed).toEqual([]);
    }
    expect(codeOf(await t.gql(RETURN, { i: { id, comment: 'Too late' } }, secretariat))).toBe('INVALID_TRANSITION');
    expect(codeOf(await t.gql(PUBLISH, { i: { id } }, secretariat))).toBe('INVALID_TRANSITION');
  });

  it('lets a focal point withdraw its actor’s draft, for good', async () => {
    const c = await commitmentFor('IT-DEO', 'Withdrawn draft');
    const id = await draft(c.id, 'Sent by mistake');
    const withdrawn = await t.gql(WITHDRAW, { i: { id } }, focalPoint);
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.data.withdrawProgressUpdate.progressUpdate).toMatchObject({
      id,
      state: 'WITHDRAWN',
      withdrawnAt: t.clock.now().toISOString(),
    });
    expect((await queueOf(secretariat)).map((n) => n.id)).not.toContain(id);
    expect(codeOf(await t.gql(WITHDRAW, { i: { id } }, focalPoint))).toBe('INVALID_TRANSITION');
    expect(codeOf(await t.gql(UPDATE, { i: { id, summary: 'Back?' } }, focalPoint))).toBe('INVALID_TRANSITION');
    expect(codeOf(await t.gql(PUBLISH, { i: { id } }, secretariat))).toBe('INVALID_TRANSITION');
    // Still listed, as withdrawn, to its readers; never to the public.
    const list = `query($code: String!) { commitment(code: $code) { progressUpdates { edges { node { id state } } } } }`;
    expect((await t.gql(list, { code: c.code }, focalPoint)).data.commitment.progressUpdates.edges).toEqual([
      { node: { id, state: 'WITHDRAWN' } },
    ]);
    expect((await t.gql(list, { code: c.code })).data.commitment.progressUpdates.edges).toEqual([]);
  });

  it('refuses with stable codes, writing nothing', async () => {
    const c = await commitmentFor('IT-DEO', 'Refusals');
    const id = await draft(c.id, 'Untouched');
    // Only staff return; only the actor's focal points edit and withdraw.
    expect(codeOf(await t.gql(RETURN, { i: { id, comment: 'Mine' } }, focalPoint))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(UPDATE, { i: { id, summary: 'Staff rewrite' } }, secretariat))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(WITHDRAW, { i: { id } }, secretariat))).toBe('FORBIDDEN');
    // Another actor's focal point, or a viewer, is not shown the draft exists.
    expect(codeOf(await t.gql(UPDATE, { i: { id, summary: 'Not mine' } }, otherFocalPoint))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(WITHDRAW, { i: { id } }, viewer))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(WITHDRAW, { i: { id } }))).toBe('UNAUTHENTICATED');
    // Bad input.
    const empty = await t.gql(UPDATE, { i: { id, summary: '  ' } }, focalPoint);
    expect(codeOf(empty)).toBe('BAD_USER_INPUT');
    expect(empty.errors?.[0].extensions?.field).toBe('summary');
    const noComment = await t.gql(RETURN, { i: { id, comment: '' } }, secretariat);
    expect(codeOf(noComment)).toBe('BAD_USER_INPUT');
    expect(noComment.errors?.[0].extensions?.field).toBe('comment');
    const noVersion = await t.gql(UPDATE, { i: { id, newStatus: 'IN_PROGRESS' } }, focalPoint);
    expect(noVersion.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expectedVersion' });
    expect(codeOf(await t.gql(WITHDRAW, { i: { id: toGlobalId('ProgressUpdate', 999_999) } }, focalPoint))).toBe('NOT_FOUND');
    // Nothing of that was written.
    expect((await t.gql(NODE, { id }, focalPoint)).data.node).toMatchObject({ state: 'DRAFT', summary: 'Untouched', returnComment: null });
  });
});

describe('corrections', () => {
  it('are new updates naming the published update they correct', async () => {
    const c = await commitmentFor('IT-DEO', 'Corrected');
    const other = await commitmentFor('IT-DEO', 'Elsewhere');
    const original = await t.gql(LOG, { i: { commitmentId: c.id, summary: 'Adopted in 12 regions' } }, secretariat);
    const originalId = original.data.logProgress.progressUpdate.id;
    const correction = await t.gql(
      LOG,
      { i: { commitmentId: c.id, summary: 'Adopted in 10 regions, not 12', corrects: originalId } },
      focalPoint,
    );
    expect(correction.errors).toBeUndefined();
    expect(correction.data.logProgress.progressUpdate).toMatchObject({
      state: 'DRAFT',
      corrects: { id: originalId, summary: 'Adopted in 12 regions' },
    });
    // A draft is edited, not corrected; and a correction stays on its commitment.
    const draftId = correction.data.logProgress.progressUpdate.id;
    const ofDraft = await t.gql(LOG, { i: { commitmentId: c.id, summary: 'Correcting a draft', corrects: draftId } }, focalPoint);
    expect(ofDraft.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'corrects' });
    const elsewhere = await t.gql(LOG, { i: { commitmentId: other.id, summary: 'Wrong commitment', corrects: originalId } }, focalPoint);
    expect(elsewhere.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'corrects' });
    // The original is untouched.
    expect((await t.gql(NODE, { id: originalId })).data.node).toMatchObject({ state: 'PUBLISHED', summary: 'Adopted in 12 regions' });
  });
});

describe('live review steps', () => {
  it('reach subscribers who may read drafts, and nobody else', async () => {
    const PROGRESS = `subscription($filter: EventFilter) { progressLogged(filter: $filter) { sequence progressUpdate { id state summary returnComment } } }`;
    const c = await commitmentFor('IT-DEO', 'Live review');
    const open = async (token?: string) => {
      const client = wsClient(t.wsUrl, token ? { authorization: `Bearer ${token}` } : {});
      clients.push(client);
      await connected(client);
      return collect(client, PROGRESS, { filter: { commitmentIds: [c.id] } });
    };
    const [own, staff, anonymous, other] = await Promise.all([open(focalPoint), open(secretariat), open(), open(otherFocalPoint)]);
    // Live-only: wait until every subscription surely receives, with a published update.
    await t.gql(LOG, { i: { commitmentId: c.id, summary: 'Marker' } }, secretariat);
    await Promise.all([own.until(1), staff.until(1), anonymous.until(1), other.until(1)]);

    const id = await draft(c.id, 'Live draft');
    await t.gql(RETURN, { i: { id, comment: 'Add a link' } }, secretariat);
    await t.gql(UPDATE, { i: { id, evidenceLinks: ['https://example.org/decree'] } }, focalPoint);
    await t.gql(WITHDRAW, { i: { id } }, focalPoint);
    await t.gql(LOG, { i: { commitmentId: c.id, summary: 'Closing marker' } }, secretariat);

    const steps = (events: any[]) => events.slice(1).map((e) => [e.sequence === null, e.progressUpdate.state, e.progressUpdate.summary]);
    const expected = [
      [true, 'DRAFT', 'Live draft'],
      [true, 'RETURNED', 'Live draft'],
      [true, 'DRAFT', 'Live draft'],
      [true, 'WITHDRAWN', 'Live draft'],
      [false, 'PUBLISHED', 'Closing marker'],
    ];
    expect(steps(await own.until(6))).toEqual(expected);
    expect(steps(await staff.until(6))).toEqual(expected);
    expect((await own.until(6))[2].progressUpdate.returnComment).toBe('Add a link');
    // The others get the closing marker next, nothing of the draft's steps.
    expect(steps(await anonymous.until(2))).toEqual([[false, 'PUBLISHED', 'Closing marker']]);
    expect(steps(await other.until(2))).toEqual([[false, 'PUBLISHED', 'Closing marker']]);
  });
});
