/** Role × mutation matrix: each caller is allowed, or refused with the right code and nothing written. */
import { startTestServer, type TestServer } from './support/server';
import { idOf, rowCounts, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';

let t: TestServer;
const tokens: Record<string, string | undefined> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestServer();
  tokens.anonymous = undefined;
  tokens.viewer = await tokenFor(t, Role.VIEWER);
  tokens.ombudspersonIT = await tokenFor(t, Role.OMBUDSPERSON, { country: 'IT' });
  tokens.civilSociety = await tokenFor(t, Role.CIVIL_SOCIETY, { actorCode: 'ECPAT' });
  tokens.focalPointDEO = await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'IT-DEO' });
  tokens.secretariat = await tokenFor(t, Role.SECRETARIAT);
  tokens.admin = await tokenFor(t, Role.ADMIN);
  ids.deoCommitment = await idOf(t, 'commitment', 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011'); // an Italian ministry's commitment
  ids.coeCommitment = await idOf(t, 'commitment', 'COE-ONE-IN-FIVE-CAMPAIGN'); // the Council of Europe's (no country)
  ids.coe = await idOf(t, 'actor', 'COE');
  ids.recommendation = await idOf(t, 'recommendation', 'ROME-2012-PREV-01');
});
afterAll(() => t.stop());

type Caller = keyof typeof tokens | 'anonymous' | 'viewer' | 'ombudspersonIT' | 'civilSociety' | 'focalPointDEO' | 'secretariat' | 'admin';
const OK = 'OK';

let n = 0;
const operations: Record<string, () => [string, Record<string, unknown>]> = {
  createActor: () => [
    `mutation($i: CreateActorInput!) { createActor(input: $i) { actor { id } } }`,
    { i: { code: `TEST-ACTOR-${++n}`, name: 'A national child helpline', kind: 'CIVIL_SOCIETY', country: 'IT' } },
  ],
  createCommitment: () => [
    `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { id } } }`,
    { i: { actorId: ids.coe, recommendationIds: [ids.recommendation], title: 'Campaign follow-up' } },
  ],
  logProgressOwnActor: () => [
    `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { id } } }`,
    { i: { commitmentId: ids.deoCommitment, summary: 'Regional calls opened' } },
  ],
  logProgressOtherActor: () => [
    `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { id } } }`,
    { i: { commitmentId: ids.coeCommitment, summary: 'New ratifications' } },
  ],
  assessItalianCommitment: () => [
    `mutation($i: AddAssessmentInput!) { addAssessment(input: $i) { assessment { id rating } } }`,
    { i: { commitmentId: ids.deoCommitment, rating: 'PARTIALLY_IMPLEMENTED', summary: 'Funds reached half of the regions' } },
  ],
  assessOtherCommitment: () => [
    `mutation($i: AddAssessmentInput!) { addAssessment(input: $i) { assessment { id } } }`,
    { i: { commitmentId: ids.coeCommitment, rating: 'IMPLEMENTED', summary: 'Campaign ran in all member states' } },
  ],
  createUser: () => [
    `mutation($i: CreateUserInput!) { createUser(input: $i) { token user { email } } }`,
    { i: { email: `new-${++n}@example.org`, role: 'VIEWER' } },
  ],
};

const MATRIX: Record<string, Partial<Record<Caller, string>>> = {
  createActor: {
    anonymous: 'UNAUTHENTICATED',
    viewer: 'FORBIDDEN',
    ombudspersonIT: 'FORBIDDEN',
    civilSociety: 'FORBIDDEN',
    focalPointDEO: 'FORBIDDEN',
    secretariat: OK,
    admin: OK,
  },
  createCommitment: {
    anonymous: 'UNAUTHENTICATED',
    viewer: 'FORBIDDEN',
    ombudspersonIT: 'FORBIDDEN',
    civilSociety: 'FORBIDDEN',
    focalPointDEO: 'FORBIDDEN',
    secretariat: OK,
    admin: OK,
  },
  logProgressOwnActor: {
    anonymous: 'UNAUTHENTICATED',
    viewer: 'FORBIDDEN',
    ombudspersonIT: 'FORBIDDEN',
    civilSociety: 'FORBIDDEN',
    focalPointDEO: OK,
    secretariat: OK,
    admin: OK,
  },
  logProgressOtherActor: {
    anonymous: 'UNAUTHENTICATED',
    viewer: 'FORBIDDEN',
    ombudspersonIT: 'FORBIDDEN',
    civilSociety: 'FORBIDDEN',
    focalPointDEO: 'FORBIDDEN',
    secretariat: OK,
    admin: OK,
  },
  assessItalianCommitment: {
    anonymous: 'UNAUTHENTICATED',
    viewer: 'FORBIDDEN',
    ombudspersonIT: OK,
    civilSociety: OK,
    focalPointDEO: 'FORBIDDEN',
    secretariat: 'FORBIDDEN',
    admin: OK,
  },
  assessOtherCommitment: {
    anonymous: 'UNAUTHENTICATED',
    viewer: 'FORBIDDEN',
    ombudspersonIT: 'FORBIDDEN',
    civilSociety: OK,
    focalPointDEO: 'FORBIDDEN',
    secretariat: 'FORBIDDEN',
    admin: OK,
  },
  createUser: {
    anonymous: 'UNAUTHENTICATED',
    viewer: 'FORBIDDEN',
    ombudspersonIT: 'FORBIDDEN',
    civilSociety: 'FORBIDDEN',
    focalPointDEO: 'FORBIDDEN',
    secretariat: 'FORBIDDEN',
    admin: OK,
  },
};

const cases = Object.entries(MATRIX).flatMap(([operation, row]) =>
  Object.entries(row).map(([caller, expected]) => ({ operation, caller, expected })),
);

describe('who may write what', () => {
  it.each(cases)('$operation by $caller → $expected', async ({ operation, caller, expected }) => {
    const [query, variables] = operations[operation]();
    const before = await rowCounts(t);
    const res = await t.gql(query, variables, tokens[caller]);
    if (expected === OK) {
      expect(res.errors).toBeUndefined();
      expect(await rowCounts(t)).not.toEqual(before);
    } else {
      expect(res.errors?.[0].extensions?.code).toBe(expected);
      expect(await rowCounts(t)).toEqual(before);
    }
  });
});

describe('what a refusal says', () => {
  const ROLE_OF: Record<string, Role> = {
    viewer: Role.VIEWER,
    ombudspersonIT: Role.OMBUDSPERSON,
    civilSociety: Role.CIVIL_SOCIETY,
    focalPointDEO: Role.FOCAL_POINT,
    secretariat: Role.SECRETARIAT,
  };
  const refusals = cases.filter((c) => c.expected === 'FORBIDDEN');

  it.each(refusals)('$operation by $caller names what its role may do', async ({ operation, caller }) => {
    const [query, variables] = operations[operation]();
    const res = await t.gql(query, variables, tokens[caller]);
    const message: string = res.errors?.[0].message ?? '';
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(message).not.toMatch(/Access denied/);
    expect(message).toMatch(new RegExp(`As (a |an )?${ROLE_OF[caller]} you may`));
  });

  it('names the role an ADMIN-only mutation needs', async () => {
    const [query, variables] = operations.createUser();
    const res = await t.gql(query, variables, tokens.secretariat);
    expect(res.errors?.[0].message).toMatch(/^This operation needs the role ADMIN; you are SECRETARIAT\. As SECRETARIAT you may edit/);
  });

  it('does not tell an ombudsperson about an actor of its own', async () => {
    const [query, variables] = operations.logProgressOwnActor();
    const res = await t.gql(query, variables, tokens.ombudspersonIT);
    expect(res.errors?.[0].message).not.toMatch(/your own actor/);
    expect(res.errors?.[0].message).toContain('As an OMBUDSPERSON you may read, and add assessments');
  });
});
