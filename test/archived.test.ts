/**
 * Archived records are read-only until restored: every write to one (or to what belongs to it,
 * or attaching something new to it) is ARCHIVED naming the record, through GraphQL and the CSV
 * import alike, and nothing is written; the restore* mutations (staff only) make it writable again.
 */
import { startTestServer, type TestServer } from './support/server';
import { idOf, rowCounts, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';
import { importCsv } from '../src/import/import';

let t: TestServer;
const tokens: Record<string, string | undefined> = {};

beforeAll(async () => {
  t = await startTestServer();
  tokens.anonymous = undefined;
  tokens.viewer = await tokenFor(t, Role.VIEWER);
  tokens.ombudspersonIT = await tokenFor(t, Role.OMBUDSPERSON, { country: 'IT' });
  tokens.civilSociety = await tokenFor(t, Role.CIVIL_SOCIETY, { actorCode: 'ECPAT' });
  tokens.focalPointDEO = await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'IT-DEO' });
  tokens.secretariat = await tokenFor(t, Role.SECRETARIAT);
  tokens.admin = await tokenFor(t, Role.ADMIN);
});
afterAll(() => t.stop());

type Type = 'Source' | 'Recommendation' | 'Actor' | 'Responsibility' | 'Commitment';

/** Archives or restores a record, as the secretariat unless a caller's token (or undefined: anonymous) is given. */
async function setArchived(type: Type, id: string, archived: boolean, ...as: [token?: string]) {
  const token = as.length ? as[0] : tokens.secretariat;
  const verb = archived ? 'archive' : 'restore';
  return t.gql(
    `mutation($i: ${archived ? 'Archive' : 'Restore'}Input!) { r: ${verb}${type}(input: $i) { node { id ... on ${type} { archivedAt } } } }`,
    { i: { id } },
    token,
  );
}

async function archivedAtOf(id: string): Promise<string | null> {
  const res = await t.gql(
    `query($id: ID!) { node(id: $id) { ... on Source { archivedAt } ... on Recommendation { archivedAt } ... on Actor { archivedAt }
    ... on Responsibility { archivedAt } ... on Commitment { archivedAt } } }`,
    { id },
  );
  expect(res.errors).toBeUndefined();
  return res.data.node.archivedAt;
}

/** Runs a write that must be refused with ARCHIVED naming `named`, and checks nothing was written. */
async function expectArchived(query: string, variables: Record<string, unknown>, token: string | undefined, named: Record<string, string>) {
  const before = await rowCounts(t);
  const res = await t.gql(query, variables, token);
  expect(res.status).toBe(200);
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'ARCHIVED', ...named });
  expect(res.errors?.[0].message).toMatch(/archived/);
  expect(await rowCounts(t)).toEqual(before);
}

async function newResponsibility(recommendationCode: string): Promise<string> {
  const made = await t.gql(
    `mutation($i: CreateResponsibilityInput!) { createResponsibility(input: $i) { responsibility { id } } }`,
    {
      i: {
        recommendationId: await idOf(t, 'recommendation', recommendationCode),
        actorId: await idOf(t, 'actor', 'COE'),
        role: 'SUPPORTING',
      },
    },
    tokens.secretariat,
  );
  expect(made.errors).toBeUndefined();
  return made.data.createResponsibility.responsibility.id;
}

const LOG = `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { id state } } }`;
const UPDATE_COMMITMENT = `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { version title } } }`;
const ASSESS = `mutation($i: AddAssessmentInput!) { addAssessment(input: $i) { assessment { id } } }`;
const CREATE_COMMITMENT = `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { id code } } }`;

async function versionOf(id: string): Promise<number> {
  return (await t.gql(`query($id: ID!) { node(id: $id) { ... on Commitment { version } } }`, { id })).data.node.version;
}

describe('an archived commitment', () => {
  it('takes no progress, edit or assessment until restored, then takes them again', async () => {
    const id = await idOf(t, 'commitment', 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011');
    expect((await setArchived('Commitment', id, true)).errors).toBeUndefined();
    const named = { type: 'Commitment', id, recordCode: 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011' };

    await expectArchived(LOG, { i: { commitmentId: id, summary: 'Calls opened' } }, tokens.secretariat, named);
    await expectArchived(LOG, { i: { commitmentId: id, summary: 'Calls opened' } }, tokens.focalPointDEO, named);
    await expectArchived(UPDATE_COMMITMENT, { i: { id, expectedVersion: await versionOf(id), title: 'Renamed' } }, tokens.admin, named);
    await expectArchived(ASSESS, { i: { commitmentId: id, rating: 'IMPLEMENTED', summary: 'Done' } }, tokens.ombudspersonIT, named);
    // Who may not write learns nothing about the record: FORBIDDEN comes first.
    const other = await t.gql(LOG, { i: { commitmentId: id, summary: 'x' } }, tokens.civilSociety);
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const restored = await setArchived('Commitment', id, false);
    expect(restored.errors).toBeUndefined();
    expect(restored.data.r.node).toEqual({ id, archivedAt: null });
    const logged = await t.gql(LOG, { i: { commitmentId: id, summary: 'Calls opened' } }, tokens.focalPointDEO);
    expect(logged.errors).toBeUndefined();
    expect(logged.data.logProgress.progressUpdate.state).toBe('DRAFT');
    const edited = await t.gql(UPDATE_COMMITMENT, { i: { id, expectedVersion: await versionOf(id), title: 'Renamed' } }, tokens.admin);
    expect(edited.errors).toBeUndefined();
    expect(edited.data.updateCommitment.commitment.title).toBe('Renamed');
    expect(
      (await t.gql(ASSESS, { i: { commitmentId: id, rating: 'IMPLEMENTED', summary: 'Done' } }, tokens.ombudspersonIT)).errors,
    ).toBeUndefined();
  });

  it('keeps its drafts unpublished until restored', async () => {
    const id = await idOf(t, 'commitment', 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011');
    const draft = await t.gql(LOG, { i: { commitmentId: id, summary: 'Second call opened' } }, tokens.focalPointDEO);
    expect(draft.errors).toBeUndefined();
    const draftId = draft.data.logProgress.progressUpdate.id;
    expect((await setArchived('Commitment', id, true)).errors).toBeUndefined();
    const PUBLISH = `mutation($i: PublishProgressUpdateInput!) { publishProgressUpdate(input: $i) { progressUpdate { state } } }`;
    await expectArchived(PUBLISH, { i: { id: draftId } }, tokens.secretariat, { type: 'Commitment', id });
    expect((await setArchived('Commitment', id, false)).errors).toBeUndefined();
    const published = await t.gql(PUBLISH, { i: { id: draftId } }, tokens.secretariat);
    expect(published.errors).toBeUndefined();
    expect(published.data.publishProgressUpdate.progressUpdate.state).toBe('PUBLISHED');
  });
});

describe('an archived actor', () => {
  it('freezes the actor and its commitments: its focal point logs nothing, staff edit nothing, no new commitment is attached', async () => {
    const actor = await idOf(t, 'actor', 'IT-DEO');
    const commitment = await idOf(t, 'commitment', 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011');
    const recommendation = await idOf(t, 'recommendation', 'ROME-2012-PREV-01');
    expect((await setArchived('Actor', actor, true)).errors).toBeUndefined();
    const named = { type: 'Actor', id: actor, recordCode: 'IT-DEO' };

    await expectArchived(LOG, { i: { commitmentId: commitment, summary: 'Calls opened' } }, tokens.focalPointDEO, named);
    await expectArchived(
      UPDATE_COMMITMENT,
      { i: { id: commitment, expectedVersion: await versionOf(commitment), title: 'Again' } },
      tokens.secretariat,
      named,
    );
    await expectArchived(
      `mutation($i: UpdateActorInput!) { updateActor(input: $i) { actor { name } } }`,
      { i: { id: actor, name: 'Department renamed' } },
      tokens.secretariat,
      named,
    );
    await expectArchived(
      CREATE_COMMITMENT,
      { i: { actorId: actor, recommendationIds: [recommendation], title: 'New work' } },
      tokens.secretariat,
      named,
    );
    await expectArchived(
      `mutation($i: CreateResponsibilityInput!) { createResponsibility(input: $i) { responsibility { id } } }`,
      { i: { recommendationId: recommendation, actorId: actor, role: 'SUPPORTING' } },
      tokens.admin,
      named,
    );

    expect((await setArchived('Actor', actor, false)).errors).toBeUndefined();
    const logged = await t.gql(LOG, { i: { commitmentId: commitment, summary: 'Calls opened' } }, tokens.focalPointDEO);
    expect(logged.errors).toBeUndefined();
  });

  it('stops its civil-society users assessing as it', async () => {
    const ecpat = await idOf(t, 'actor', 'ECPAT');
    const commitment = await idOf(t, 'commitment', 'COE-ONE-IN-FIVE-CAMPAIGN');
    expect((await setArchived('Actor', ecpat, true)).errors).toBeUndefined();
    await expectArchived(ASSESS, { i: { commitmentId: commitment, rating: 'IMPLEMENTED', summary: 'Ran' } }, tokens.civilSociety, {
      type: 'Actor',
      recordCode: 'ECPAT',
    });
    expect((await setArchived('Actor', ecpat, false)).errors).toBeUndefined();
    expect(
      (await t.gql(ASSESS, { i: { commitmentId: commitment, rating: 'IMPLEMENTED', summary: 'Ran' } }, tokens.civilSociety)).errors,
    ).toBeUndefined();
  });
});

describe('archived reference data', () => {
  it('an archived source is not edited and takes no new recommendation', async () => {
    const made = await t.gql(
      `mutation($i: CreateSourceInput!) { createSource(input: $i) { source { id } } }`,
      { i: { code: 'ARCH-SRC', name: 'A consultation', kind: 'CONSULTATION' } },
      tokens.secretariat,
    );
    const source = made.data.createSource.source.id;
    expect((await setArchived('Source', source, true)).errors).toBeUndefined();
    const UPDATE = `mutation($i: UpdateSourceInput!) { updateSource(input: $i) { source { name } } }`;
    const named = { type: 'Source', id: source, recordCode: 'ARCH-SRC' };
    await expectArchived(UPDATE, { i: { id: source, name: 'Renamed' } }, tokens.secretariat, named);
    await expectArchived(
      `mutation($i: CreateRecommendationInput!) { createRecommendation(input: $i) { recommendation { id } } }`,
      { i: { sourceId: source, title: 'Hotlines', text: 'Fund hotlines', level: 'NATIONAL', themes: ['PREVENTION'] } },
      tokens.secretariat,
      named,
    );
    expect((await setArchived('Source', source, false)).errors).toBeUndefined();
    const renamed = await t.gql(UPDATE, { i: { id: source, name: 'Renamed' } }, tokens.secretariat);
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data.updateSource.source.name).toBe('Renamed');
  });

  it('an archived recommendation is not edited, and no new commitment link or responsibility is attached to it', async () => {
    const rec = await idOf(t, 'recommendation', 'ROME-2012-PREV-02');
    const coe = await idOf(t, 'actor', 'COE');
    expect((await setArchived('Recommendation', rec, true)).errors).toBeUndefined();
    const named = { type: 'Recommendation', id: rec, recordCode: 'ROME-2012-PREV-02' };
    const UPDATE = `mutation($i: UpdateRecommendationInput!) { updateRecommendation(input: $i) { recommendation { title } } }`;
    await expectArchived(UPDATE, { i: { id: rec, title: 'Shorter' } }, tokens.secretariat, named);
    await expectArchived(
      CREATE_COMMITMENT,
      { i: { actorId: coe, recommendationIds: [rec], title: 'New work' } },
      tokens.secretariat,
      named,
    );
    await expectArchived(
      `mutation($i: CreateResponsibilityInput!) { createResponsibility(input: $i) { responsibility { id } } }`,
      { i: { recommendationId: rec, actorId: coe, role: 'SUPPORTING' } },
      tokens.secretariat,
      named,
    );
    expect((await setArchived('Recommendation', rec, false)).errors).toBeUndefined();
    expect((await t.gql(UPDATE, { i: { id: rec, title: 'Shorter' } }, tokens.secretariat)).errors).toBeUndefined();
    expect(
      (await t.gql(CREATE_COMMITMENT, { i: { actorId: coe, recommendationIds: [rec], title: 'New work' } }, tokens.secretariat)).errors,
    ).toBeUndefined();
  });

  it('an archived responsibility is not edited', async () => {
    const id = await newResponsibility('ROME-2012-PREV-03');
    expect((await setArchived('Responsibility', id, true)).errors).toBeUndefined();
    const UPDATE = `mutation($i: UpdateResponsibilityInput!) { updateResponsibility(input: $i) { responsibility { role } } }`;
    await expectArchived(UPDATE, { i: { id, role: 'MONITORING' } }, tokens.secretariat, { type: 'Responsibility', id });
    expect((await setArchived('Responsibility', id, false)).errors).toBeUndefined();
    const updated = await t.gql(UPDATE, { i: { id, role: 'MONITORING' } }, tokens.secretariat);
    expect(updated.errors).toBeUndefined();
    expect(updated.data.updateResponsibility.responsibility.role).toBe('MONITORING');
  });
});

describe('restore mutations', () => {
  let responsibility: string | undefined;
  const callers: [string, string][] = [
    ['anonymous', 'UNAUTHENTICATED'],
    ['viewer', 'FORBIDDEN'],
    ['ombudspersonIT', 'FORBIDDEN'],
    ['civilSociety', 'FORBIDDEN'],
    ['focalPointDEO', 'FORBIDDEN'],
    ['secretariat', 'OK'],
    ['admin', 'OK'],
  ];
  const records: [Type, () => Promise<string>][] = [
    ['Source', () => idOf(t, 'source', 'ROME-2012')],
    ['Recommendation', () => idOf(t, 'recommendation', 'ROME-2012-PREV-04')],
    ['Actor', () => idOf(t, 'actor', 'COE')],
    [
      'Responsibility',
      async () => {
        if (!responsibility) responsibility = await newResponsibility('ROME-2012-PREV-06');
        return responsibility;
      },
    ],
    ['Commitment', () => idOf(t, 'commitment', 'COE-ONE-IN-FIVE-CAMPAIGN')],
  ];
  const cases = records.flatMap(([type, id]) => callers.map(([caller, expected]) => ({ type, id, caller, expected })));

  it.each(cases)('restore$type by $caller → $expected', async ({ type, id, caller, expected }) => {
    const recordId = await id();
    expect((await setArchived(type, recordId, true)).errors).toBeUndefined();
    const archivedAt = await archivedAtOf(recordId);
    expect(archivedAt).not.toBeNull();
    const res = await setArchived(type, recordId, false, tokens[caller]);
    if (expected === 'OK') {
      expect(res.errors).toBeUndefined();
      expect(res.data.r.node).toEqual({ id: recordId, archivedAt: null });
      expect(await archivedAtOf(recordId)).toBeNull();
    } else {
      expect(res.errors?.[0].extensions?.code).toBe(expected);
      expect(await archivedAtOf(recordId)).toBe(archivedAt);
      expect((await setArchived(type, recordId, false)).errors).toBeUndefined();
    }
  });

  it('restoring a live record changes nothing (no new version)', async () => {
    const id = await idOf(t, 'commitment', 'COE-ONE-IN-FIVE-CAMPAIGN');
    const version = await versionOf(id);
    const before = await rowCounts(t);
    const res = await setArchived('Commitment', id, false);
    expect(res.errors).toBeUndefined();
    expect(res.data.r.node).toEqual({ id, archivedAt: null });
    expect(await versionOf(id)).toBe(version);
    expect(await rowCounts(t)).toEqual(before);
  });

  it('archive and restore each make one new version of a commitment, as any edit does', async () => {
    const id = await idOf(t, 'commitment', 'COE-ONE-IN-FIVE-CAMPAIGN');
    const version = await versionOf(id);
    await setArchived('Commitment', id, true);
    expect(await versionOf(id)).toBe(version + 1);
    await setArchived('Commitment', id, false);
    expect(await versionOf(id)).toBe(version + 2);
  });
});

describe('the CSV import', () => {
  it('refuses, as a row problem, to change an archived record or add to it; an unchanged row passes', async () => {
    const coe = await idOf(t, 'actor', 'COE');
    const made = await t.gql(
      CREATE_COMMITMENT,
      {
        i: {
          code: 'ARCH-IMPORT-1',
          actorId: coe,
          recommendationIds: [await idOf(t, 'recommendation', 'ROME-2012-PREV-01')],
          title: 'Imported work',
        },
      },
      tokens.secretariat,
    );
    expect(made.errors).toBeUndefined();
    const id = made.data.createCommitment.commitment.id;
    expect((await setArchived('Commitment', id, true)).errors).toBeUndefined();
    const header = 'code,actor_code,recommendation_codes,title\r\n';
    const csv = (title: string) => Buffer.from(`${header}ARCH-IMPORT-1,COE,ROME-2012-PREV-01,"${title}"\r\n`);

    const before = await rowCounts(t);
    const changed = await importCsv(t.services, 'commitments', csv('Imported work, renamed'));
    expect(changed.imported).toBe(false);
    expect(changed.problems).toEqual([{ line: 2, message: expect.stringMatching(/Commitment ARCH-IMPORT-1 is archived/) }]);
    const progress = await importCsv(
      t.services,
      'progress-updates',
      Buffer.from('code,commitment_code,summary\r\nARCH-IMPORT-PU-1,ARCH-IMPORT-1,Work went on\r\n'),
    );
    expect(progress.problems).toEqual([{ line: 2, message: expect.stringMatching(/Commitment ARCH-IMPORT-1 is archived/) }]);
    expect(await rowCounts(t)).toEqual(before);

    const unchanged = await importCsv(t.services, 'commitments', csv('Imported work'));
    expect(unchanged).toMatchObject({ imported: true, unchanged: 1, updated: 0, problems: [] });

    expect((await setArchived('Commitment', id, false)).errors).toBeUndefined();
    const renamed = await importCsv(t.services, 'commitments', csv('Imported work, renamed'));
    expect(renamed).toMatchObject({ imported: true, updated: 1, problems: [] });
  });

  it('refuses to change an archived actor', async () => {
    const actor = await idOf(t, 'actor', 'ECPAT');
    expect((await setArchived('Actor', actor, true)).errors).toBeUndefined();
    const report = await importCsv(t.services, 'actors', Buffer.from('code,name,kind\r\nECPAT,ECPAT renamed,CIVIL_SOCIETY\r\n'));
    expect(report.problems).toEqual([{ line: 2, message: expect.stringMatching(/Actor ECPAT is archived/) }]);
    expect((await setArchived('Actor', actor, false)).errors).toBeUndefined();
  });
});
