/**
 * Assessments edited by their authors (issue 16): updateAssessment and withdrawAssessment, each
 * version kept in the assessment's revisions; a withdrawn assessment is no longer current but
 * stays readable.
 */
import { startTestServer, type TestServer } from './support/server';
import { idOf, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';
import { toGlobalId } from '../src/schema/global-id';

let t: TestServer;
const tokens: Record<string, string> = {};
let commitmentId: string;
beforeAll(async () => {
  t = await startTestServer();
  tokens.author = await tokenFor(t, Role.OMBUDSPERSON, { country: 'IT' });
  tokens.otherOmbudsperson = await tokenFor(t, Role.OMBUDSPERSON, { country: 'IT' });
  tokens.civilSociety = await tokenFor(t, Role.CIVIL_SOCIETY, { actorCode: 'ECPAT' });
  tokens.secretariat = await tokenFor(t, Role.SECRETARIAT);
  tokens.admin = await tokenFor(t, Role.ADMIN);
  commitmentId = await idOf(t, 'commitment', 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011');
});
afterAll(() => t.stop());

const FIELDS = `id version rating summary evidenceLinks withdrawnAt
  revisions { totalCount edges { node { kind reason changes { field old new } } } }`;
const ADD = `mutation($i: AddAssessmentInput!) { addAssessment(input: $i) { assessment { ${FIELDS} } } }`;
const UPDATE = `mutation($i: UpdateAssessmentInput!) { updateAssessment(input: $i) { assessment { ${FIELDS} } } }`;
const WITHDRAW = `mutation($i: WithdrawAssessmentInput!) { withdrawAssessment(input: $i) { assessment { ${FIELDS} } } }`;
const ASSESSMENTS = `query($code: String!, $all: Boolean) { commitment(code: $code) { assessments(includeWithdrawn: $all) { edges { node { id withdrawnAt } } } } }`;

async function add(token: string, summary: string) {
  const res = await t.gql(ADD, { i: { commitmentId, rating: 'PARTIALLY_IMPLEMENTED', summary } }, token);
  expect(res.errors).toBeUndefined();
  return res.data.addAssessment.assessment;
}

async function listed(all: boolean): Promise<string[]> {
  const res = await t.gql(ASSESSMENTS, { code: 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011', all });
  return res.data.commitment.assessments.edges.map((e: any) => e.node.id);
}

describe('updateAssessment', () => {
  it('lets the author change the rating and summary, keeping the previous version in its revisions', async () => {
    const a = await add(tokens.author, 'Half of the regions');
    expect(a.version).toBe(1);
    const res = await t.gql(
      UPDATE,
      { i: { id: a.id, expectedVersion: 1, rating: 'IMPLEMENTED', summary: 'Every region', reason: 'Final report received' } },
      tokens.author,
    );
    expect(res.errors).toBeUndefined();
    const updated = res.data.updateAssessment.assessment;
    expect(updated).toMatchObject({ version: 2, rating: 'IMPLEMENTED', summary: 'Every region', withdrawnAt: null });
    expect(updated.revisions.totalCount).toBe(2);
    expect(updated.revisions.edges[0].node).toMatchObject({ kind: 'UPDATED', reason: 'Final report received' });
    expect(updated.revisions.edges[0].node.changes).toEqual(
      expect.arrayContaining([
        { field: 'rating', old: 'PARTIALLY_IMPLEMENTED', new: 'IMPLEMENTED' },
        { field: 'summary', old: 'Half of the regions', new: 'Every region' },
      ]),
    );
    expect(updated.revisions.edges[1].node.kind).toBe('CREATED');

    const stale = await t.gql(UPDATE, { i: { id: a.id, expectedVersion: 1, summary: 'Stale' } }, tokens.author);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    // Without expectedVersion the write applies to the current version.
    const links = await t.gql(UPDATE, { i: { id: a.id, evidenceLinks: ['https://example.org/report'] } }, tokens.author);
    expect(links.data.updateAssessment.assessment).toMatchObject({ version: 3, evidenceLinks: ['https://example.org/report'] });
  });

  it('lets a civil-society author update its own', async () => {
    const a = await add(tokens.civilSociety, 'Shelters opened');
    const res = await t.gql(UPDATE, { i: { id: a.id, rating: 'NOT_IMPLEMENTED' } }, tokens.civilSociety);
    expect(res.errors).toBeUndefined();
    expect(res.data.updateAssessment.assessment.rating).toBe('NOT_IMPLEMENTED');
  });

  it('refuses anyone but the author (FORBIDDEN), the anonymous (UNAUTHENTICATED) and an unknown id (NOT_FOUND)', async () => {
    const a = await add(tokens.author, 'Someone else’s');
    for (const who of ['otherOmbudsperson', 'civilSociety', 'secretariat', 'admin']) {
      const res = await t.gql(UPDATE, { i: { id: a.id, summary: 'Not mine' } }, tokens[who]);
      expect([who, res.errors?.[0].extensions?.code]).toEqual([who, 'FORBIDDEN']);
    }
    expect((await t.gql(UPDATE, { i: { id: a.id, summary: 'Anonymous' } })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const unknown = await t.gql(UPDATE, { i: { id: toGlobalId('Assessment', 999999), summary: 'x' } }, tokens.author);
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const empty = await t.gql(UPDATE, { i: { id: a.id, summary: '  ' } }, tokens.author);
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'summary' });
    const after = await t.gql(`query($id: ID!) { node(id: $id) { ... on Assessment { summary version revisions { totalCount } } } }`, {
      id: a.id,
    });
    expect(after.data.node).toEqual({ summary: 'Someone else’s', version: 1, revisions: { totalCount: 1 } });
  });
});

describe('withdrawAssessment', () => {
  it('withdraws with a reason: no longer current, still readable, and then changed no more', async () => {
    const a = await add(tokens.author, 'To be withdrawn');
    expect(await listed(false)).toContain(a.id);
    const res = await t.gql(WITHDRAW, { i: { id: a.id, reason: 'Rated the wrong commitment' } }, tokens.author);
    expect(res.errors).toBeUndefined();
    const withdrawn = res.data.withdrawAssessment.assessment;
    expect(withdrawn.withdrawnAt).toBe(t.clock.now().toISOString());
    expect(withdrawn.revisions.edges[0].node).toMatchObject({
      kind: 'WITHDRAWN',
      reason: 'Rated the wrong commitment',
      changes: [{ field: 'withdrawnAt', old: null, new: t.clock.now().toISOString() }],
    });
    expect(await listed(false)).not.toContain(a.id);
    expect(await listed(true)).toContain(a.id);
    const node = await t.gql(`query($id: ID!) { node(id: $id) { ... on Assessment { summary withdrawnAt } } }`, { id: a.id });
    expect(node.data.node).toEqual({ summary: 'To be withdrawn', withdrawnAt: withdrawn.withdrawnAt });

    const again = await t.gql(WITHDRAW, { i: { id: a.id, reason: 'Twice' } }, tokens.author);
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    const edit = await t.gql(UPDATE, { i: { id: a.id, summary: 'Revived' } }, tokens.author);
    expect(edit.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('needs a reason, and refuses anyone but the author and an unknown id', async () => {
    const a = await add(tokens.author, 'Kept');
    const blank = await t.gql(WITHDRAW, { i: { id: a.id, reason: ' ' } }, tokens.author);
    expect(blank.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const missing = await t.gql(WITHDRAW, { i: { id: a.id } }, tokens.author);
    expect(missing.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    for (const who of ['otherOmbudsperson', 'civilSociety', 'secretariat']) {
      const res = await t.gql(WITHDRAW, { i: { id: a.id, reason: 'Not mine' } }, tokens[who]);
      expect([who, res.errors?.[0].extensions?.code]).toEqual([who, 'FORBIDDEN']);
    }
    const unknown = await t.gql(WITHDRAW, { i: { id: toGlobalId('Assessment', 999999), reason: 'x' } }, tokens.author);
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(await listed(false)).toContain(a.id);
  });
});
