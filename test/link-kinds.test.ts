/**
 * Link kinds (issue 14): a commitment RESPONDS_TO a recommendation only where a document says so;
 * a measure cited as relevant CONTRIBUTES_TO it. Coverage, the roll-up and hasCommitment count
 * only answers; filters match both; a RESPONDS_TO link to a recommendation issued after the
 * commitment began is refused on every write.
 */
import { startTestServer, type TestServer } from './support/server';
import { idOf, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';
import { isBeforeAtCoarserPrecision, linkTimeProblem } from '../src/domain/links';
import { CommitmentLinkKind } from '../src/domain/enums';

let t: TestServer;
let secretariat: string;
beforeAll(async () => {
  t = await startTestServer();
  secretariat = await tokenFor(t, Role.SECRETARIAT);
});
afterAll(() => t.stop());

const RIO = `{ recommendationCoverage(filter: { sourceCodes: ["RIO-2008"] }) { source { code } total withoutCommitment }
  recommendation(code: "RIO-2008-CALL-01") { status commitments { edges { kind evidence node { code } } } } }`;

const CREATE = `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) {
  commitment { code recommendations { edges { kind evidence node { code } } } } } }`;

describe('the time rule', () => {
  it('compares partial dates at the coarser precision; equal or missing dates pass', () => {
    expect(isBeforeAtCoarserPrecision('1998', '2008-11-25')).toBe(true);
    expect(isBeforeAtCoarserPrecision('2008', '2008-11-25')).toBe(false);
    expect(isBeforeAtCoarserPrecision('2008-10', '2008-11-25')).toBe(true);
    expect(isBeforeAtCoarserPrecision('2008-11', '2008-11-25')).toBe(false);
    expect(linkTimeProblem(CommitmentLinkKind.RESPONDS_TO, '1998', '2008-11-25')).toMatch(/CONTRIBUTES_TO/);
    expect(linkTimeProblem(CommitmentLinkKind.CONTRIBUTES_TO, '1998', '2008-11-25')).toBeNull();
    expect(linkTimeProblem(CommitmentLinkKind.RESPONDS_TO, null, '2008-11-25')).toBeNull();
    expect(linkTimeProblem(CommitmentLinkKind.RESPONDS_TO, '1998', null)).toBeNull();
  });
});

describe('Rio 2008', () => {
  it('counts only the commitments that answer it as coverage, while showing those that contribute', async () => {
    const before = (await t.gql(RIO)).data;
    expect(before.recommendationCoverage).toEqual([{ source: { code: 'RIO-2008' }, total: 9, withoutCommitment: 9 }]);
    // The Code (1998) and the strategy are cited as relevant to Rio's call: shown, not counted.
    const edges = before.recommendation.commitments.edges;
    expect(edges.map((e: any) => e.node.code)).toContain('THE-CODE-TRAVEL-AND-TOURISM');
    expect(edges.every((e: any) => e.kind === 'CONTRIBUTES_TO')).toBe(true);
    expect(before.recommendation.status).toBe('NO_COMMITMENT');
    const filtered = await t.gql(`{ recommendations(filter: { sourceCodes: ["RIO-2008"], hasCommitment: false }) { totalCount }
      commitments(filter: { recommendationCodes: ["RIO-2008-CALL-01"] }) { totalCount } }`);
    expect(filtered.data.recommendations.totalCount).toBe(9);
    // Filters match both kinds.
    expect(filtered.data.commitments.totalCount).toBe(edges.length);

    // A commitment begun after Rio that answers its call is counted.
    const created = await t.gql(
      CREATE,
      {
        input: {
          actorId: await idOf(t, 'actor', 'IT-DGCS'),
          title: 'Answer the Rio call',
          startDate: '2009',
          links: [{ recommendationId: await idOf(t, 'recommendation', 'RIO-2008-CALL-01'), evidence: 'A passage' }],
        },
      },
      secretariat,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.createCommitment.commitment.recommendations.edges).toEqual([
      { kind: 'RESPONDS_TO', evidence: 'A passage', node: { code: 'RIO-2008-CALL-01' } },
    ]);
    const after = (await t.gql(RIO)).data;
    expect(after.recommendationCoverage[0]).toMatchObject({ total: 9, withoutCommitment: 8 });
    expect(after.recommendation.status).toBe('NOT_STARTED');
  });

  it('refuses a RESPONDS_TO link from a commitment begun before the recommendation, and takes it as CONTRIBUTES_TO', async () => {
    const rio = await idOf(t, 'recommendation', 'RIO-2008-CALL-02');
    const input = { actorId: await idOf(t, 'actor', 'IT-DGCS'), title: 'An older measure', startDate: '2008-10' };
    const refused = await t.gql(CREATE, { input: { ...input, recommendationIds: [rio] } }, secretariat);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recommendationIds' });
    expect(refused.errors?.[0].message).toMatch(/RIO-2008-CALL-02.*CONTRIBUTES_TO/);

    const taken = await t.gql(CREATE, { input: { ...input, links: [{ recommendationId: rio, kind: 'CONTRIBUTES_TO' }] } }, secretariat);
    expect(taken.errors).toBeUndefined();
    const code = taken.data.createCommitment.commitment.code;
    expect((await t.gql(`{ recommendation(code: "RIO-2008-CALL-02") { status } }`)).data.recommendation.status).toBe('NO_COMMITMENT');

    // Moving the start date back under a RESPONDS_TO link is refused too; year precision that equals the source's passes.
    const c = (await t.gql(`{ commitment(code: "${code}") { id version } }`)).data.commitment;
    const relink = await t.gql(
      `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { commitment { version } } }`,
      { input: { id: c.id, expectedVersion: c.version, startDate: '2008', recommendationIds: [rio] } },
      secretariat,
    );
    expect(relink.errors).toBeUndefined();
    const back = await t.gql(
      `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { commitment { version } } }`,
      { input: { id: c.id, expectedVersion: relink.data.updateCommitment.commitment.version, startDate: '2007' } },
      secretariat,
    );
    expect(back.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startDate' });
  });
});
