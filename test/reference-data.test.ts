/** Sources, recommendations, actors and responsibilities: created, edited and archived by staff. */
import { startTestServer, type TestServer } from './support/server';
import { idOf, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';

let t: TestServer;
let token: string;
beforeAll(async () => {
  t = await startTestServer();
  token = await tokenFor(t, Role.SECRETARIAT);
});
afterAll(() => t.stop());

describe('reference data', () => {
  it('creates a source, a recommendation under it, an actor with a parent and a responsibility, then edits them', async () => {
    const source = await t.gql(
      `mutation { createSource(input: { code: "TEST-CONF-2026", name: "A follow-up conference", kind: CONFERENCE, startDate: "2026-05", place: "Geneva" }) { source { id code startDate createdBy { email } } } }`,
      undefined,
      token,
    );
    expect(source.errors).toBeUndefined();
    const sourceId = source.data.createSource.source.id;
    const rec = await t.gql(
      `mutation($i: CreateRecommendationInput!) { createRecommendation(input: $i) { recommendation { id code status themes source { code } } } }`,
      {
        i: {
          sourceId,
          code: 'TEST-CONF-2026-GEN-01',
          title: 'Report yearly',
          text: 'States should report every year.',
          level: 'NATIONAL',
          themes: ['MONITORING', 'MONITORING'],
          addressees: ['STATE'],
          deadline: '2027',
        },
      },
      token,
    );
    expect(rec.data.createRecommendation.recommendation).toMatchObject({
      code: 'TEST-CONF-2026-GEN-01',
      status: 'NO_COMMITMENT',
      themes: ['MONITORING'],
      source: { code: 'TEST-CONF-2026' },
    });
    const recId = rec.data.createRecommendation.recommendation.id;

    const actor = await t.gql(
      `mutation($i: CreateActorInput!) { createActor(input: $i) { actor { id country parent { code } } } }`,
      {
        i: {
          code: 'IT-TEST-AGENCY',
          name: 'A national agency',
          kind: 'GOVERNMENT_BODY',
          country: 'it',
          parentId: await idOf(t, 'actor', 'IT'),
        },
      },
      token,
    );
    expect(actor.data.createActor.actor).toMatchObject({ country: 'IT', parent: { code: 'IT' } });
    const actorId = actor.data.createActor.actor.id;

    const resp = await t.gql(
      `mutation($i: CreateResponsibilityInput!) { createResponsibility(input: $i) { responsibility { id role actor { code } recommendation { code } } } }`,
      {
        i: { recommendationId: recId, actorId, role: 'LEAD' },
      },
      token,
    );
    expect(resp.data.createResponsibility.responsibility).toMatchObject({
      role: 'LEAD',
      actor: { code: 'IT-TEST-AGENCY' },
      recommendation: { code: 'TEST-CONF-2026-GEN-01' },
    });
    const duplicate = await t.gql(
      `mutation($i: CreateResponsibilityInput!) { createResponsibility(input: $i) { responsibility { id } } }`,
      { i: { recommendationId: recId, actorId, role: 'LEAD' } },
      token,
    );
    expect(duplicate.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const edited = await t.gql(
      `mutation($i: UpdateRecommendationInput!) { updateRecommendation(input: $i) { recommendation { title deadline section updatedBy { email } } } }`,
      {
        i: { id: recId, title: 'Report every year', deadline: null, section: 'General' },
      },
      token,
    );
    expect(edited.data.updateRecommendation.recommendation).toMatchObject({
      title: 'Report every year',
      deadline: null,
      section: 'General',
      updatedBy: { email: expect.stringMatching(/^secretariat-/) },
    });
    const role = await t.gql(
      `mutation($i: UpdateResponsibilityInput!) { updateResponsibility(input: $i) { responsibility { role } } }`,
      { i: { id: resp.data.createResponsibility.responsibility.id, role: 'SUPPORTING' } },
      token,
    );
    expect(role.data.updateResponsibility.responsibility.role).toBe('SUPPORTING');
    const renamed = await t.gql(
      `mutation($i: UpdateSourceInput!) { updateSource(input: $i) { source { name place } } }`,
      { i: { id: sourceId, name: 'The follow-up conference', place: null } },
      token,
    );
    expect(renamed.data.updateSource.source).toEqual({ name: 'The follow-up conference', place: null });
    const reparent = await t.gql(
      `mutation($i: UpdateActorInput!) { updateActor(input: $i) { actor { parent { code } } } }`,
      { i: { id: actorId, parentId: actorId } },
      token,
    );
    expect(reparent.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentId' });
  });

  it('archives a recommendation and an actor: hidden from lists unless asked for, still reachable by code', async () => {
    const recId = await idOf(t, 'recommendation', 'ROME-2012-PREV-02');
    const archived = await t.gql(
      `mutation($i: ArchiveInput!) { archiveRecommendation(input: $i) { node { ... on Recommendation { code archivedAt } } } }`,
      { i: { id: recId } },
      token,
    );
    expect(archived.data.archiveRecommendation.node.archivedAt).not.toBeNull();
    const codes = async (includeArchived: boolean) =>
      (
        await t.gql(`query($f: RecommendationFilter) { recommendations(first: 100, filter: $f) { edges { node { code } } } }`, {
          f: { sourceCodes: ['ROME-2012'], levels: ['OVERARCHING', 'NATIONAL', 'REGIONAL', 'INTERNATIONAL', 'DONOR'], includeArchived },
        })
      ).data.recommendations.edges.map((e: any) => e.node.code);
    expect(await codes(false)).not.toContain('ROME-2012-PREV-02');
    expect(await codes(true)).toContain('ROME-2012-PREV-02');
    const byCode = await t.gql(`{ recommendation(code: "ROME-2012-PREV-02") { archivedAt } }`);
    expect(byCode.data.recommendation.archivedAt).not.toBeNull();
    const actorRes = await t.gql(
      `mutation($i: ArchiveInput!) { archiveActor(input: $i) { node { id } } }`,
      { i: { id: await idOf(t, 'actor', 'SAVE-THE-CHILDREN') } },
      token,
    );
    expect(actorRes.errors).toBeUndefined();
    const actors = await t.gql(`{ actors(first: 100, filter: { search: "save the children" }) { edges { node { code } } } }`);
    expect(actors.data.actors.edges.map((e: any) => e.node.code)).not.toContain('SAVE-THE-CHILDREN');
  });
});
