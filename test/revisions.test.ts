/**
 * The edit history (issue 16): every write to a record leaves one revision, in the same
 * transaction (a refused or rolled-back write leaves none), readable by whoever reads the record.
 */
import { startTestServer, type TestServer } from './support/server';
import { idOf, tokenFor } from './support/users';
import { fewestStatements } from './support/sql-counter';
import { Role } from '../src/domain/enums';
import { importCsv } from '../src/import/import';

let t: TestServer;
let staff: string;
beforeAll(async () => {
  t = await startTestServer();
  staff = await tokenFor(t, Role.SECRETARIAT);
});
afterAll(() => t.stop());

const REVISIONS = `revisions(first: 10) { totalCount edges { node { kind at reason by { id } changes { field old new } } } }`;

const UPDATE = `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { version } } }`;

async function revisionRows(): Promise<number> {
  const [{ n }] = await t.services.orm.em.fork().getKnex()('revision').count({ n: '*' });
  return Number(n);
}

async function commitment(code: string, token?: string) {
  const res = await t.gql(
    `query($code: String!) { commitment(code: $code) { id version dueDate title
      dueDateHistory { dueDate previousDueDate at reason by { id } } ${REVISIONS} } }`,
    { code },
    token,
  );
  expect(res.errors).toBeUndefined();
  return res.data.commitment;
}

describe('commitment revisions', () => {
  it('record the creation, a postponed due date (with its reason) and a title change, newest first', async () => {
    const created = await t.gql(
      `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { code } } }`,
      {
        i: {
          code: 'REV-COMMITMENT',
          actorId: await idOf(t, 'actor', 'IT-DGCS'),
          recommendationIds: [await idOf(t, 'recommendation', 'STOCKHOLM-1996-AGENDA-01')],
          title: 'A helpline',
          dueDate: '2027-06',
        },
      },
      staff,
    );
    expect(created.errors).toBeUndefined();
    let c = await commitment('REV-COMMITMENT');
    expect(c.revisions.totalCount).toBe(1);
    const creation = c.revisions.edges[0].node;
    expect(creation).toMatchObject({ kind: 'CREATED', reason: null, at: t.clock.now().toISOString() });
    expect(creation.changes).toEqual(
      expect.arrayContaining([
        { field: 'title', old: null, new: 'A helpline' },
        { field: 'dueDate', old: null, new: '2027-06' },
        { field: 'actor', old: null, new: await idOf(t, 'actor', 'IT-DGCS') },
        {
          field: 'links',
          old: [],
          new: [{ recommendation: await idOf(t, 'recommendation', 'STOCKHOLM-1996-AGENDA-01'), kind: 'RESPONDS_TO', evidence: null }],
        },
      ]),
    );
    // Bookkeeping columns and the status (it has its own history) are not part of a revision.
    expect(creation.changes.map((x: { field: string }) => x.field)).not.toEqual(expect.arrayContaining(['version']));
    expect(creation.changes.map((x: { field: string }) => x.field)).not.toContain('status');
    expect(creation.changes.map((x: { field: string }) => x.field)).not.toContain('updatedAt');

    t.clock.advance(24 * 3600 * 1000);
    const postponed = await t.gql(
      UPDATE,
      { i: { id: c.id, expectedVersion: c.version, dueDate: '2028-12', reason: 'Funding delayed' } },
      staff,
    );
    expect(postponed.errors).toBeUndefined();
    t.clock.advance(24 * 3600 * 1000);
    const renamed = await t.gql(UPDATE, { i: { id: c.id, expectedVersion: c.version + 1, title: 'A national helpline' } }, staff);
    expect(renamed.errors).toBeUndefined();

    c = await commitment('REV-COMMITMENT');
    expect(c.revisions.totalCount).toBe(3);
    expect(c.revisions.edges.map((e: any) => e.node.kind)).toEqual(['UPDATED', 'UPDATED', 'CREATED']);
    expect(c.revisions.edges[0].node).toMatchObject({
      reason: null,
      changes: [{ field: 'title', old: 'A helpline', new: 'A national helpline' }],
    });
    expect(c.revisions.edges[1].node).toMatchObject({
      reason: 'Funding delayed',
      changes: [{ field: 'dueDate', old: '2027-06', new: '2028-12' }],
    });
    expect(c.revisions.edges[1].node.by.id).toBeTruthy();
    expect(c.dueDateHistory).toEqual([
      { dueDate: '2027-06', previousDueDate: null, at: creation.at, reason: null, by: creation.by },
      { dueDate: '2028-12', previousDueDate: '2027-06', at: c.revisions.edges[1].node.at, reason: 'Funding delayed', by: creation.by },
    ]);

    // Pages newest first with first/after.
    const page = await t.gql(
      `{ commitment(code: "REV-COMMITMENT") { revisions(first: 1) { pageInfo { hasNextPage endCursor } edges { node { kind changes { field } } } } } }`,
    );
    const next = await t.gql(
      `query($after: String) { commitment(code: "REV-COMMITMENT") { revisions(first: 5, after: $after) { edges { node { kind changes { field } } } } } }`,
      { after: page.data.commitment.revisions.pageInfo.endCursor },
    );
    expect(page.data.commitment.revisions.edges[0].node.changes).toEqual([{ field: 'title' }]);
    expect(next.data.commitment.revisions.edges.map((e: any) => e.node.kind)).toEqual(['UPDATED', 'CREATED']);
    expect(next.data.commitment.revisions.edges[0].node.changes).toEqual([{ field: 'dueDate' }]);
  });

  it('date a seeded due date by the creation, then show the postponement', async () => {
    const before = await commitment('IT-DEO-FUND-PUBLIC-NOTICE-1-2011');
    expect(before.revisions.totalCount).toBe(0);
    expect(before.dueDate).toBeTruthy();
    expect(before.dueDateHistory).toEqual([expect.objectContaining({ dueDate: before.dueDate, previousDueDate: null, reason: null })]);
    const res = await t.gql(UPDATE, { i: { id: before.id, expectedVersion: before.version, dueDate: '2030', reason: 'Extended' } }, staff);
    expect(res.errors).toBeUndefined();
    const after = await commitment('IT-DEO-FUND-PUBLIC-NOTICE-1-2011');
    expect(after.dueDateHistory.map((d: any) => [d.previousDueDate, d.dueDate, d.reason])).toEqual([
      [null, before.dueDate, null],
      [before.dueDate, '2030', 'Extended'],
    ]);
  });

  it('are not written by a refused or rolled-back write', async () => {
    const c = await commitment('REV-COMMITMENT');
    const rows = await revisionRows();
    // Refused before anything is written: a stale version.
    const stale = await t.gql(UPDATE, { i: { id: c.id, expectedVersion: c.version - 1, title: 'Stale' } }, staff);
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    // Refused after the fields were applied: a withdrawal without its reason.
    const invalid = await t.gql(UPDATE, { i: { id: c.id, expectedVersion: c.version, dueDate: '2031', status: 'WITHDRAWN' } }, staff);
    expect(invalid.errors?.[0].extensions?.code).toMatch(/BAD_USER_INPUT|INVALID_TRANSITION/);
    // Rolled back after a flush: the commitment row was inserted, then its link was refused.
    const rolledBack = await t.gql(
      `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { code } } }`,
      {
        i: {
          code: 'REV-ROLLED-BACK',
          actorId: await idOf(t, 'actor', 'IT-DGCS'),
          title: 'An older measure',
          startDate: '2008-10',
          recommendationIds: [await idOf(t, 'recommendation', 'RIO-2008-CALL-02')],
        },
      },
      staff,
    );
    expect(rolledBack.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await revisionRows()).toBe(rows);
    expect((await commitment('REV-COMMITMENT')).revisions.totalCount).toBe(c.revisions.totalCount);
  });

  it('record archiving and restoring with the reason given', async () => {
    const c = await commitment('REV-COMMITMENT');
    const archived = await t.gql(
      `mutation($i: ArchiveInput!) { archiveCommitment(input: $i) { node { id } } }`,
      { i: { id: c.id, reason: 'Duplicate' } },
      staff,
    );
    expect(archived.errors).toBeUndefined();
    const restored = await t.gql(
      `mutation($i: RestoreInput!) { restoreCommitment(input: $i) { node { id } } }`,
      { i: { id: c.id, reason: 'Not a duplicate' } },
      staff,
    );
    expect(restored.errors).toBeUndefined();
    const after = await commitment('REV-COMMITMENT');
    expect(after.revisions.edges.slice(0, 2).map((e: any) => [e.node.kind, e.node.reason, e.node.changes[0].field])).toEqual([
      ['RESTORED', 'Not a duplicate', 'archivedAt'],
      ['ARCHIVED', 'Duplicate', 'archivedAt'],
    ]);
    expect(after.revisions.edges[0].node.changes[0].new).toBeNull();
  });
});

describe('revisions of reference data', () => {
  it('show a recommendation’s text change with old and new values', async () => {
    const rec = (await t.gql(`{ recommendation(code: "STOCKHOLM-1996-AGENDA-02") { id text } }`)).data.recommendation;
    const res = await t.gql(
      `mutation($i: UpdateRecommendationInput!) { updateRecommendation(input: $i) { recommendation { ${REVISIONS} } } }`,
      { i: { id: rec.id, text: 'A corrected text.', reason: 'Typo in the source' } },
      staff,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.updateRecommendation.recommendation.revisions.edges[0].node).toMatchObject({
      kind: 'UPDATED',
      reason: 'Typo in the source',
      changes: [{ field: 'text', old: rec.text, new: 'A corrected text.' }],
    });
  });

  it('show an actor moved to another country and under another parent', async () => {
    const created = await t.gql(
      `mutation($i: CreateActorInput!) { createActor(input: $i) { actor { id } } }`,
      { i: { code: 'REV-AGENCY', name: 'An agency', kind: 'GOVERNMENT_BODY', country: 'IT', parentId: await idOf(t, 'actor', 'IT') } },
      staff,
    );
    const id = created.data.createActor.actor.id;
    const moved = await t.gql(
      `mutation($i: UpdateActorInput!) { updateActor(input: $i) { actor { ${REVISIONS} } } }`,
      { i: { id, country: 'FR', parentId: null } },
      staff,
    );
    expect(moved.errors).toBeUndefined();
    const [update, creation] = moved.data.updateActor.actor.revisions.edges.map((e: any) => e.node);
    expect(creation.kind).toBe('CREATED');
    expect(update.changes).toEqual(
      expect.arrayContaining([
        { field: 'country', old: 'IT', new: 'FR' },
        { field: 'parent', old: await idOf(t, 'actor', 'IT'), new: null },
      ]),
    );
    expect(update.changes).toHaveLength(2);
  });

  it('show a source’s new name and organisers, and a responsibility’s role', async () => {
    const source = (await t.gql(`{ source(code: "RIO-2008") { id name organisers { id } } }`)).data.source;
    const coe = await idOf(t, 'actor', 'COE');
    const res = await t.gql(
      `mutation($i: UpdateSourceInput!) { updateSource(input: $i) { source { ${REVISIONS} } } }`,
      { i: { id: source.id, name: 'Rio Congress', organiserIds: [coe] } },
      staff,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.updateSource.source.revisions.edges[0].node.changes).toEqual(
      expect.arrayContaining([
        { field: 'name', old: source.name, new: 'Rio Congress' },
        { field: 'organisers', old: source.organisers.map((o: { id: string }) => o.id).sort(), new: [coe] },
      ]),
    );

    const resp = (await t.gql(`{ actor(code: "COE") { responsibilities(first: 1) { edges { node { id role } } } } }`)).data.actor
      .responsibilities.edges[0].node;
    const role = resp.role === 'LEAD' ? 'SUPPORT' : 'LEAD';
    const changed = await t.gql(
      `mutation($i: UpdateResponsibilityInput!) { updateResponsibility(input: $i) { responsibility { ${REVISIONS} } } }`,
      { i: { id: resp.id, role } },
      staff,
    );
    expect(changed.errors).toBeUndefined();
    expect(changed.data.updateResponsibility.responsibility.revisions.edges[0].node.changes).toEqual([
      { field: 'role', old: resp.role, new: role },
    ]);
  });

  it('record an assessment’s creation', async () => {
    const author = await tokenFor(t, Role.OMBUDSPERSON, { country: 'IT' });
    const res = await t.gql(
      `mutation($i: AddAssessmentInput!) { addAssessment(input: $i) { assessment { ${REVISIONS} } } }`,
      { i: { commitmentId: await idOf(t, 'commitment', 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011'), rating: 'IMPLEMENTED', summary: 'Done' } },
      author,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.addAssessment.assessment.revisions.edges[0].node).toMatchObject({ kind: 'CREATED' });
    expect(res.data.addAssessment.assessment.revisions.edges[0].node.changes).toEqual(
      expect.arrayContaining([
        { field: 'rating', old: null, new: 'IMPLEMENTED' },
        { field: 'summary', old: null, new: 'Done' },
      ]),
    );
  });

  it('record one creation per row of a bulk commitments import', async () => {
    const csv = Buffer.from(
      'code,actor_code,recommendation_codes,title,due_date\nREV-IMPORT-1,ACCOR,STOCKHOLM-1996-AGENDA-02,Imported,2029\n',
    );
    const report = await importCsv(t.services, 'commitments', csv);
    expect(report).toMatchObject({ imported: true, created: 1 });
    const c = await commitment('REV-IMPORT-1');
    expect(c.revisions.totalCount).toBe(1);
    expect(c.revisions.edges[0].node.kind).toBe('CREATED');
    expect(c.revisions.edges[0].node.changes).toEqual(expect.arrayContaining([{ field: 'dueDate', old: null, new: '2029' }]));
    expect(c.dueDateHistory.map((d: any) => d.dueDate)).toEqual(['2029']);
  });
});

describe('revisions of progress updates', () => {
  it('show a draft’s history to those who may read drafts, and only what follows publication to everyone else', async () => {
    const focalPoint = await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'IT-DEO' });
    const logged = await t.gql(
      `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { id } } }`,
      { i: { commitmentId: await idOf(t, 'commitment', 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011'), summary: 'Calls opened' } },
      focalPoint,
    );
    expect(logged.errors).toBeUndefined();
    const id = logged.data.logProgress.progressUpdate.id;
    const query = `query($id: ID!) { node(id: $id) { ... on ProgressUpdate { state revisions { totalCount edges { node { kind changes { field old new } } } } } } }`;
    expect((await t.gql(query, { id })).data.node).toBeNull();
    expect((await t.gql(query, { id }, focalPoint)).data.node.revisions.totalCount).toBe(1);

    t.clock.advance(3600 * 1000);
    const published = await t.gql(
      `mutation($i: PublishProgressUpdateInput!) { publishProgressUpdate(input: $i) { progressUpdate { id } } }`,
      {
        i: { id },
      },
      staff,
    );
    expect(published.errors).toBeUndefined();
    const anonymous = (await t.gql(query, { id })).data.node;
    expect(anonymous.revisions.totalCount).toBe(1);
    expect(anonymous.revisions.edges[0].node.changes).toEqual(expect.arrayContaining([{ field: 'state', old: 'DRAFT', new: 'PUBLISHED' }]));
    const reader = (await t.gql(query, { id }, staff)).data.node;
    expect(reader.revisions.edges.map((e: any) => e.node.kind)).toEqual(['UPDATED', 'CREATED']);
  });
});

describe('SQL statements for revisions', () => {
  // The most recently updated first: both pages hold the commitments this file wrote (with
  // revisions) and seeded ones (with a due date dated by their creation), so every level has rows.
  it('are the same for 10 and for 50 commitments with their revisions and due date history', async () => {
    const query = `query($n: Int!) { commitments(first: $n, orderBy: { field: UPDATED_AT, direction: DESC }) { edges { node { code
      revisions(first: 3) { totalCount edges { node { kind by { name } changes { field old new } } } }
      dueDateHistory { dueDate by { name } } } } } }`;
    await t.gql(query, { n: 50 });
    const small = await fewestStatements(t.services.orm, async () => expect((await t.gql(query, { n: 10 })).errors).toBeUndefined());
    const large = await fewestStatements(t.services.orm, async () => expect((await t.gql(query, { n: 50 })).errors).toBeUndefined());
    expect(small.count).toBeGreaterThan(0);
    // Five times the rows, at most one statement more (an N+1 would add forty). The authors are
    // asked for by two sibling fields (revisions and dueDateHistory) whose statements finish on
    // the read pool's connections in one turn of the event loop or in two: one DataLoader batch
    // or two, whatever the page size. At load 10 the 50-row page once drew two batches in both
    // of its runs while the 10-row page drew one.
    expect(large.count).toBeLessThanOrEqual(small.count + 1);
  });
});
