/** The write path end to end over HTTP: statuses and history, drafts, concurrency, idempotency, archiving. */
import { startTestServer, type TestServer } from './support/server';
import { idOf, rowCounts, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';

let t: TestServer;
let secretariat: string;
let focalPoint: string;
let commitmentId: string;
let deoActorId: string;
let recommendationId: string;

const COMMITMENT = `id code status version history { totalCount edges { node { fromStatus toStatus reason sequence by { email } progressUpdate { code } } } }`;

async function freshCommitment(title = 'Publish national care guidelines'): Promise<{ id: string; version: number }> {
  const res = await t.gql(
    `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id version status } } }`,
    {
      input: { actorId: deoActorId, recommendationIds: [recommendationId], title, dueDate: '2027-06' },
    },
    secretariat,
  );
  expect(res.errors).toBeUndefined();
  return res.data.createCommitment.commitment;
}

beforeAll(async () => {
  t = await startTestServer();
  secretariat = await tokenFor(t, Role.SECRETARIAT);
  focalPoint = await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'IT-DEO' });
  deoActorId = await idOf(t, 'actor', 'IT-DEO');
  recommendationId = await idOf(t, 'recommendation', 'FLORENCE-2008-NAT-03');
  commitmentId = (await freshCommitment()).id;
});
afterAll(() => t.stop());

describe('commitments and their status', () => {
  it('creates a commitment with a generated code, its first status change, createdBy and a sequence', async () => {
    const res = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on Commitment { ${COMMITMENT} dueDate isOverdue createdBy { email } actor { code } recommendations { edges { node { code } } } } } }`,
      { id: commitmentId },
      secretariat,
    );
    const c = res.data.node;
    expect(c).toMatchObject({ status: 'NOT_STARTED', version: 1, dueDate: '2027-06', isOverdue: false, actor: { code: 'IT-DEO' } });
    expect(c.code).toMatch(/^C-[0-9A-Z]{8}$/);
    expect(c.createdBy.email).toMatch(/^secretariat-/);
    expect(c.recommendations.edges[0].node.code).toBe('FLORENCE-2008-NAT-03');
    expect(c.history.edges).toHaveLength(1);
    expect(c.history.edges[0].node).toMatchObject({ fromStatus: null, toStatus: 'NOT_STARTED', sequence: expect.any(Number) });
  });

  it('moves status through updateCommitment, writing exactly one StatusChange per change', async () => {
    const before = await rowCounts(t);
    const res = await t.gql(
      `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { commitment { ${COMMITMENT} updatedBy { email } } } }`,
      {
        input: { id: commitmentId, expectedVersion: 1, status: 'IN_PROGRESS', title: 'Publish national care guidelines (2027)' },
      },
      secretariat,
    );
    expect(res.errors).toBeUndefined();
    const c = res.data.updateCommitment.commitment;
    expect(c).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
    expect(c.history.edges.map((e: any) => e.node.toStatus)).toEqual(['NOT_STARTED', 'IN_PROGRESS']);
    const after = await rowCounts(t);
    expect(after.status_change).toBe(before.status_change + 1);
    expect(after.sequence).toBe(before.sequence + 1);
  });

  it('refuses a forbidden transition with INVALID_TRANSITION and the allowed targets, writing nothing', async () => {
    const closed = await freshCommitment('Close then reopen');
    await t.gql(
      `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { id } } }`,
      { i: { id: closed.id, expectedVersion: 1, status: 'WITHDRAWN', reason: 'Superseded by the 2012 guidelines' } },
      secretariat,
    );
    const before = await rowCounts(t);
    const res = await t.gql(
      `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { id } } }`,
      { i: { id: closed.id, expectedVersion: 2, status: 'IMPLEMENTED' } },
      secretariat,
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', allowed: ['NOT_STARTED', 'IN_PROGRESS'] });
    expect(await rowCounts(t)).toEqual(before);
  });

  it('needs a reason to withdraw and to re-open an implemented commitment', async () => {
    const c = await freshCommitment('Reasons');
    const withdraw = await t.gql(
      `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { id } } }`,
      { i: { id: c.id, expectedVersion: 1, status: 'WITHDRAWN' } },
      secretariat,
    );
    expect(withdraw.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const done = await t.gql(
      `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { version } } }`,
      { i: { id: c.id, expectedVersion: 1, status: 'IMPLEMENTED' } },
      secretariat,
    );
    expect(done.data.updateCommitment.commitment.version).toBe(2);
    const reopen = await t.gql(
      `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { id } } }`,
      { i: { id: c.id, expectedVersion: 2, status: 'IN_PROGRESS' } },
      secretariat,
    );
    expect(reopen.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const withReason = await t.gql(
      `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { status history { edges { node { reason } } } } } }`,
      { i: { id: c.id, expectedVersion: 2, status: 'IN_PROGRESS', reason: 'Evaluation found gaps' } },
      secretariat,
    );
    expect(withReason.data.updateCommitment.commitment.status).toBe('IN_PROGRESS');
    expect(withReason.data.updateCommitment.commitment.history.edges.at(-1).node.reason).toBe('Evaluation found gaps');
  });
});

describe('optimistic concurrency', () => {
  it('refuses a stale expectedVersion with CONFLICT and the current version', async () => {
    const c = await freshCommitment('Stale');
    await t.gql(
      `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { id } } }`,
      { i: { id: c.id, expectedVersion: 1, description: 'first edit' } },
      secretariat,
    );
    const stale = await t.gql(
      `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { id } } }`,
      { i: { id: c.id, expectedVersion: 1, description: 'second edit' } },
      secretariat,
    );
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
  });

  it('lets exactly one of two concurrent updates with the same version win', async () => {
    const c = await freshCommitment('Race');
    const update = (status: string) =>
      t.gql(
        `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { status version } } }`,
        { i: { id: c.id, expectedVersion: 1, status } },
        secretariat,
      );
    const results = await Promise.all([update('IN_PROGRESS'), update('STALLED')]);
    const winners = results.filter((r) => !r.errors);
    const losers = results.filter((r) => r.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0].errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const history = await t.gql(`query($id: ID!) { node(id: $id) { ... on Commitment { history { totalCount } } } }`, { id: c.id });
    expect(history.data.node.history.totalCount).toBe(2);
  });
});

describe('progress: drafts, publication, idempotency', () => {
  const LOG = `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { id code state sequence newStatus } commitment { status version } statusChange { toStatus sequence } } }`;

  it('publishes a secretariat report at once with a sequence and applies its new status', async () => {
    const c = await freshCommitment('Direct publication');
    const res = await t.gql(
      LOG,
      {
        i: {
          commitmentId: c.id,
          summary: 'Drafting group formed',
          newStatus: 'IN_PROGRESS',
          expectedVersion: 1,
          evidenceLinks: ['https://example.org/minutes'],
        },
      },
      secretariat,
    );
    expect(res.errors).toBeUndefined();
    const { progressUpdate, commitment, statusChange } = res.data.logProgress;
    expect(progressUpdate).toMatchObject({ state: 'PUBLISHED', newStatus: 'IN_PROGRESS' });
    expect(commitment).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
    expect(statusChange.sequence).toBeGreaterThan(progressUpdate.sequence);
  });

  it('requires expectedVersion with newStatus', async () => {
    const res = await t.gql(LOG, { i: { commitmentId, summary: 'x', newStatus: 'STALLED' } }, secretariat);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expectedVersion' });
  });

  it('keeps a focal point’s report as a draft, visible only to its actor and the secretariat, until published', async () => {
    const c = await freshCommitment('Draft flow');
    const draft = await t.gql(
      LOG,
      { i: { commitmentId: c.id, summary: 'Guidelines sent to the regions', newStatus: 'IN_PROGRESS', expectedVersion: 1 } },
      focalPoint,
    );
    expect(draft.errors).toBeUndefined();
    expect(draft.data.logProgress).toMatchObject({
      progressUpdate: { state: 'DRAFT', sequence: null },
      commitment: { status: 'NOT_STARTED', version: 1 },
      statusChange: null,
    });
    const draftId = draft.data.logProgress.progressUpdate.id;

    const list = `query($id: ID!) { node(id: $id) { ... on Commitment { status progressUpdates { edges { node { state } } } } } }`;
    expect((await t.gql(list, { id: c.id })).data.node.progressUpdates.edges).toEqual([]);
    expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: draftId })).data.node).toBeNull();
    expect((await t.gql(list, { id: c.id }, focalPoint)).data.node.progressUpdates.edges).toEqual([{ node: { state: 'DRAFT' } }]);
    expect((await t.gql(list, { id: c.id }, secretariat)).data.node.progressUpdates.edges).toEqual([{ node: { state: 'DRAFT' } }]);

    const refused = await t.gql(
      `mutation($i: PublishProgressUpdateInput!) { publishProgressUpdate(input: $i) { progressUpdate { state } } }`,
      { i: { id: draftId } },
      focalPoint,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const published = await t.gql(
      `mutation($i: PublishProgressUpdateInput!) { publishProgressUpdate(input: $i) {
      progressUpdate { state sequence publishedAt reportedBy { email } } commitment { status version } statusChange { fromStatus toStatus progressUpdate { id } by { email } } } }`,
      { i: { id: draftId } },
      secretariat,
    );
    expect(published.errors).toBeUndefined();
    const p = published.data.publishProgressUpdate;
    expect(p.progressUpdate).toMatchObject({
      state: 'PUBLISHED',
      sequence: expect.any(Number),
      reportedBy: { email: expect.stringMatching(/^focal_point-/) },
    });
    expect(p.commitment).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
    expect(p.statusChange).toMatchObject({
      fromStatus: 'NOT_STARTED',
      toStatus: 'IN_PROGRESS',
      progressUpdate: { id: draftId },
      by: { email: expect.stringMatching(/^secretariat-/) },
    });
    expect((await t.gql(list, { id: c.id })).data.node.progressUpdates.edges).toEqual([{ node: { state: 'PUBLISHED' } }]);
  });

  it('refuses to publish a draft whose commitment changed since it was written', async () => {
    const c = await freshCommitment('Stale draft');
    const draft = await t.gql(
      LOG,
      { i: { commitmentId: c.id, summary: 'Started', newStatus: 'IN_PROGRESS', expectedVersion: 1 } },
      focalPoint,
    );
    await t.gql(
      `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { id } } }`,
      { i: { id: c.id, expectedVersion: 1, status: 'STALLED' } },
      secretariat,
    );
    const before = await rowCounts(t);
    const res = await t.gql(
      `mutation($i: PublishProgressUpdateInput!) { publishProgressUpdate(input: $i) { progressUpdate { state } } }`,
      { i: { id: draft.data.logProgress.progressUpdate.id } },
      secretariat,
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    expect(await rowCounts(t)).toEqual(before);
  });

  it('returns the first result for a retried idempotency key and writes once', async () => {
    const input = { commitmentId, summary: 'Quarterly meeting held', idempotencyKey: 'meeting-2026-q4' };
    const first = await t.gql(LOG, { i: input }, secretariat);
    const before = await rowCounts(t);
    const second = await t.gql(LOG, { i: input }, secretariat);
    expect(second.data.logProgress.progressUpdate).toEqual(first.data.logProgress.progressUpdate);
    expect(await rowCounts(t)).toEqual(before);
  });

  it('refuses the same idempotency key with a different input, writing nothing', async () => {
    await t.gql(LOG, { i: { commitmentId, summary: 'Report A', idempotencyKey: 'key-reused' } }, secretariat);
    const before = await rowCounts(t);
    const res = await t.gql(LOG, { i: { commitmentId, summary: 'Report B', idempotencyKey: 'key-reused' } }, secretariat);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' });
    expect(await rowCounts(t)).toEqual(before);
  });
});

describe('archiving', () => {
  it('hides an archived commitment unless a filter asks for archived ones', async () => {
    const c = await freshCommitment('To archive');
    const res = await t.gql(
      `mutation($i: ArchiveInput!) { archiveCommitment(input: $i) { node { id ... on Commitment { archivedAt } } } }`,
      { i: { id: c.id } },
      secretariat,
    );
    expect(res.data.archiveCommitment.node.archivedAt).toBe(t.clock.now().toISOString());
    const list = async (includeArchived: boolean) =>
      (
        await t.gql(`query($f: CommitmentFilter) { commitments(first: 100, filter: $f) { edges { node { id } } } }`, {
          f: { search: 'archive', includeArchived },
        })
      ).data.commitments.edges.map((e: any) => e.node.id);
    expect(await list(false)).not.toContain(c.id);
    expect(await list(true)).toContain(c.id);
  });
});
