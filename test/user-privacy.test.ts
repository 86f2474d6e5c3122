/**
 * User privacy: walking `node(id: "User:N")` lists no accounts. Callers other than the user and
 * staff find only users who authored something public, and see them only as `name` and `actor`;
 * staff and the user see everything. `reportedBy`, `by` and `author` stay non-null.
 */
import { startTestServer, type TestServer } from './support/server';
import { idOf, tokenFor, userWithToken } from './support/users';
import { Role } from '../src/domain/enums';

let t: TestServer;
const tokens: Record<string, string | undefined> = {};
let focal: { token: string; id: string };
let silent: { token: string; id: string };
let editor: { token: string; id: string };
/** Local ids of the users who authored something public, read straight from the tables. */
let authors: Set<number>;
let lastUserId: number;
let otherFocalPointId: number;

const USER = `id name actor { code } role country email createdAt updatedAt archivedAt`;
const PROBE = `query($id: ID!) { node(id: $id) { ... on User { ${USER} } } }`;
const globalUserId = (n: number) => Buffer.from(`User:${n}`).toString('base64url');

beforeAll(async () => {
  t = await startTestServer();
  tokens.secretariat = await tokenFor(t, Role.SECRETARIAT);
  tokens.admin = await tokenFor(t, Role.ADMIN);
  const other = await userWithToken(t, Role.FOCAL_POINT, { actorCode: 'COE' });
  tokens.otherFocalPoint = other.token;
  otherFocalPointId = other.user.id;
  focal = await userWithToken(t, Role.FOCAL_POINT, { actorCode: 'IT-DEO' });
  silent = await userWithToken(t, Role.OMBUDSPERSON, { country: 'IT' });
  const civil = await userWithToken(t, Role.CIVIL_SOCIETY, { actorCode: 'ECPAT' });
  const commitment = await idOf(t, 'commitment', 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011');

  // A civil-society assessment is public at once; a focal point's draft is not, until published.
  const assessed = await t.gql(
    `mutation($i: AddAssessmentInput!) { addAssessment(input: $i) { assessment { id } } }`,
    { i: { commitmentId: commitment, rating: 'PARTIALLY_IMPLEMENTED', summary: 'Half of the regions' } },
    civil.token,
  );
  expect(assessed.errors).toBeUndefined();
  const draft = await t.gql(
    `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { id } } }`,
    { i: { commitmentId: commitment, summary: 'Calls opened' } },
    focal.token,
  );
  expect(draft.errors).toBeUndefined();
  await userWithToken(t, Role.VIEWER); // never writes
  // Staff who only created a record: its createdBy names them to any reader.
  editor = await userWithToken(t, Role.SECRETARIAT);
  const created = await t.gql(
    `mutation($i: CreateSourceInput!) { createSource(input: $i) { source { id } } }`,
    { i: { code: 'PRIVACY-TEST-SOURCE', name: 'A source', kind: 'CONFERENCE' } },
    editor.token,
  );
  expect(created.errors).toBeUndefined();

  const conn = t.services.orm.em.getConnection();
  const rows: { id: number }[] = await conn.execute(
    `select reported_by_id as id from progress_update where state = 'PUBLISHED'
     union select by_id from status_change union select author_id from assessment
     union select created_by_id from source union select updated_by_id from source
     union select created_by_id from recommendation union select updated_by_id from recommendation
     union select created_by_id from actor union select updated_by_id from actor
     union select created_by_id from responsibility union select updated_by_id from responsibility
     union select created_by_id from commitment union select updated_by_id from commitment`,
  );
  authors = new Set(rows.map((r) => Number(r.id)));
  lastUserId = Number((await conn.execute(`select max(id) as n from app_user`))[0].n);
});
afterAll(() => t.stop());

async function probeAll(token: string | undefined): Promise<Map<number, any>> {
  const seen = new Map<number, any>();
  for (let n = 1; n <= lastUserId + 2; n++) {
    const res = await t.gql(PROBE, { id: globalUserId(n) }, token);
    expect(res.errors).toBeUndefined();
    seen.set(n, res.data.node);
  }
  return seen;
}

/** Every probed user is null, or an author shown only by name and actor; `self` (the caller) is checked apart. */
function expectOnlyAuthorsByName(seen: Map<number, any>, self?: number) {
  expect(authors.size).toBeGreaterThan(1);
  for (const [n, node] of seen) {
    if (n === self) continue;
    if (!authors.has(n)) {
      expect([n, node]).toEqual([n, null]);
      continue;
    }
    expect(node).toEqual({
      id: globalUserId(n),
      name: node.name,
      actor: node.actor,
      role: null,
      country: null,
      email: null,
      createdAt: null,
      updatedAt: null,
      archivedAt: null,
    });
  }
}

describe('users seen by others', () => {
  it('anonymous callers find only authors of public records, as name and actor', async () => {
    const seen = await probeAll(undefined);
    expectOnlyAuthorsByName(seen);
    expect(seen.get(Number(Buffer.from(silent.id, 'base64url').toString().split(':')[1]))).toBeNull();
    // The civil-society author shows the actor it wrote as.
    expect([...seen.values()].some((u) => u?.actor?.code === 'ECPAT')).toBe(true);
  });

  it('staff who only created a record are found by name and actor, as its createdBy shows them', async () => {
    const res = await t.gql(PROBE, { id: editor.id });
    expect(res.data.node).toMatchObject({ id: editor.id, role: null, email: null });
    const source = await t.gql(`{ source(code: "PRIVACY-TEST-SOURCE") { createdBy { id role } } }`);
    expect(source.data.source.createdBy).toEqual({ id: editor.id, role: null });
  });

  it('a focal point of another actor sees the same', async () => {
    const seen = await probeAll(tokens.otherFocalPoint);
    expectOnlyAuthorsByName(seen, otherFocalPointId);
    expect(seen.get(otherFocalPointId)).toMatchObject({ role: 'FOCAL_POINT', email: expect.any(String) });
  });

  it('a focal point whose draft is published becomes visible by name, and not before', async () => {
    expect((await t.gql(PROBE, { id: focal.id })).data.node).toBeNull();
    const commitment = await idOf(t, 'commitment', 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011');
    const drafts = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on Commitment { progressUpdates(last: 5) { edges { node { id state } } } } } }`,
      { id: commitment },
      tokens.secretariat,
    );
    const draft = drafts.data.node.progressUpdates.edges.find((e: any) => e.node.state === 'DRAFT').node.id;
    const published = await t.gql(
      `mutation($i: PublishProgressUpdateInput!) { publishProgressUpdate(input: $i) { progressUpdate { reportedBy { name role actor { code } } } } }`,
      { i: { id: draft } },
      tokens.secretariat,
    );
    expect(published.errors).toBeUndefined();
    expect(published.data.publishProgressUpdate.progressUpdate.reportedBy).toMatchObject({
      role: 'FOCAL_POINT',
      actor: { code: 'IT-DEO' },
    });
    const anonymous = await t.gql(PROBE, { id: focal.id });
    expect(anonymous.data.node).toMatchObject({ id: focal.id, actor: { code: 'IT-DEO' }, role: null, email: null });
  });

  it('reportedBy, by and author stay non-null, with only name and actor', async () => {
    const res = await t.gql(`{ commitment(code: "IT-DEO-FUND-PUBLIC-NOTICE-1-2011") {
      progressUpdates(last: 3) { edges { node { reportedBy { name role email } } } }
      history(last: 3) { edges { node { by { name role } } } }
      assessments(last: 3) { edges { node { author { name role country actor { code } } } } } } }`);
    expect(res.errors).toBeUndefined();
    const c = res.data.commitment;
    const people = [
      ...c.progressUpdates.edges.map((e: any) => e.node.reportedBy),
      ...c.history.edges.map((e: any) => e.node.by),
      ...c.assessments.edges.map((e: any) => e.node.author),
    ];
    expect(people.length).toBeGreaterThan(2);
    for (const person of people) {
      expect(person).not.toBeNull();
      expect(person.role).toBeNull();
    }
    expect(c.assessments.edges.at(-1).node.author).toMatchObject({ country: null, actor: { code: 'ECPAT' } });
  });
});

describe('users seen by themselves and by staff', () => {
  it('staff see every user with every field', async () => {
    for (const token of [tokens.secretariat, tokens.admin]) {
      const seen = await probeAll(token);
      for (let n = 1; n <= lastUserId; n++) {
        expect(seen.get(n)).toMatchObject({
          id: globalUserId(n),
          role: expect.any(String),
          email: expect.any(String),
          createdAt: expect.any(String),
        });
      }
      expect(seen.get(lastUserId + 1)).toBeNull();
    }
  });

  it('a user who authored nothing sees themself in full', async () => {
    const self = await t.gql(PROBE, { id: silent.id }, silent.token);
    expect(self.data.node).toMatchObject({
      id: silent.id,
      role: 'OMBUDSPERSON',
      country: 'IT',
      email: expect.stringMatching(/@example.org$/),
    });
    expect((await t.gql(`{ viewer { role country } }`, undefined, silent.token)).data.viewer).toEqual({
      role: 'OMBUDSPERSON',
      country: 'IT',
    });
    // …and another non-staff caller does not find them.
    expect((await t.gql(PROBE, { id: silent.id }, tokens.otherFocalPoint)).data.node).toBeNull();
  });
});
