/** Nested connections paged in SQL: order, Relay last/before, latest records, totalCount on demand. */
import { startTestServer, type TestServer } from './support/server';
import { countStatements } from './support/sql-counter';
import { tokenFor } from './support/users';
import { Role } from '../src/domain/enums';

let t: TestServer;
let code: string;
beforeAll(async () => {
  t = await startTestServer();
  const res = await t.gql(`{ commitments(first: 100) { edges { node { code progressUpdates(first: 1) { totalCount } } } } }`);
  const richest = res.data.commitments.edges
    .map((e: any) => e.node)
    .sort((a: any, b: any) => b.progressUpdates.totalCount - a.progressUpdates.totalCount)[0];
  code = richest.code;
  expect(richest.progressUpdates.totalCount).toBeGreaterThanOrEqual(3);
});
afterAll(() => t.stop());

const UPDATES = `query($code: String!, $first: Int, $after: String, $last: Int, $before: String, $orderBy: NestedOrder) {
  commitment(code: $code) {
    progressUpdates(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
      edges { cursor node { code reportedAt } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
}`;

async function updates(variables: Record<string, unknown>) {
  const res = await t.gql(UPDATES, { code, ...variables });
  expect(res.errors).toBeUndefined();
  return res.data.commitment.progressUpdates;
}

const codes = (page: any) => page.edges.map((e: any) => e.node.code);

describe('nested connections', () => {
  it('page forwards and backwards, in either order, with Relay cursors', async () => {
    const all = codes(await updates({ first: 100 }));
    const times = (await updates({ first: 100 })).edges.map((e: any) => e.node.reportedAt);
    expect([...times].sort()).toEqual(times);

    const newest = await updates({ first: 2, orderBy: { direction: 'DESC' } });
    expect(codes(newest)).toEqual([...all].reverse().slice(0, 2));
    expect(newest.pageInfo.hasNextPage).toBe(true);
    const next = await updates({ first: 100, after: newest.pageInfo.endCursor, orderBy: { direction: 'DESC' } });
    expect(codes(next)).toEqual([...all].reverse().slice(2));
    expect(next.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

    const last = await updates({ last: 2 });
    expect(codes(last)).toEqual(all.slice(-2));
    expect(last.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await updates({ last: 100, before: last.pageInfo.startCursor });
    expect(codes(before)).toEqual(all.slice(0, -2));
    expect(before.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
  });

  it('refuse first with last, and a cursor of another shape', async () => {
    const both = await t.gql(UPDATES, { code, first: 1, last: 1 });
    expect(both.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'last' });
    const bad = await t.gql(UPDATES, { code, last: 1, before: 'nonsense' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'before' });
  });

  it('give the latest progress update and the last status change', async () => {
    const res = await t.gql(
      `query($code: String!) { commitment(code: $code) {
        latestProgressUpdate { code } lastStatusChange { sequence }
        progressUpdates(last: 1) { edges { node { code } } }
        history(first: 1, orderBy: { direction: DESC }) { edges { node { sequence } } }
      } }`,
      { code },
    );
    expect(res.errors).toBeUndefined();
    const c = res.data.commitment;
    expect(c.latestProgressUpdate.code).toBe(c.progressUpdates.edges[0].node.code);
    expect(c.lastStatusChange?.sequence ?? null).toBe(c.history.edges[0]?.node.sequence ?? null);
  });

  it('count only when totalCount is selected', async () => {
    const query = (total: string) =>
      `{ commitments(first: 5) { ${total} edges { node { progressUpdates(first: 2) { ${total} edges { node { code } } } } } } }`;
    const without = await countStatements(t.services.orm, () => t.gql(query('')));
    expect(without.statements.filter((s) => /count\(/i.test(s))).toEqual([]);
    const withTotal = await countStatements(t.services.orm, () => t.gql(query('totalCount')));
    expect(withTotal.statements.filter((s) => /count\(/i.test(s))).toHaveLength(2);
  });

  it('list a recommendation’s commitments as their commitments are: archived ones leave, links and codes written by raw SQL take their place in code order', async () => {
    // The page reads the link's copies of its commitment's code and archived_at (kept by triggers: migration 20261201100000).
    const staff = await tokenFor(t, Role.SECRETARIAT);
    const knex = t.services.orm.em.getKnex();
    const PAGE = `query($code: String!) { recommendation(code: $code) {
      commitments(first: 100) { totalCount edges { node { id code } } }
      firstTwo: commitments(first: 2) { edges { node { code } } } } }`;
    const page = async (rec: string) => {
      const res = await t.gql(PAGE, { code: rec });
      expect(res.errors).toBeUndefined();
      const r = res.data.recommendation;
      const all = r.commitments.edges.map((e: any) => e.node);
      // Whole lists and first pages agree, in code order.
      expect(r.firstTwo.edges.map((e: any) => e.node.code)).toEqual(all.slice(0, 2).map((c: any) => c.code));
      expect(all.map((c: any) => c.code)).toEqual(all.map((c: any) => c.code).sort());
      expect(r.commitments.totalCount).toBe(all.length);
      return all as { id: string; code: string }[];
    };
    const recs = await t.gql(`{ recommendations(first: 100) { edges { node { code commitments(first: 3) { totalCount } } } } }`);
    const rec = recs.data.recommendations.edges.find((e: any) => e.node.commitments.totalCount >= 2).node.code;
    const before = await page(rec);

    const [first] = before;
    expect(
      (
        await t.gql(
          `mutation($i: ArchiveInput!) { archiveCommitment(input: $i) { node { id } } }`,
          { i: { id: first.id, reason: 'Test' } },
          staff,
        )
      ).errors,
    ).toBeUndefined();
    expect((await page(rec)).map((c) => c.code)).toEqual(before.slice(1).map((c) => c.code));
    expect(
      (
        await t.gql(
          `mutation($i: RestoreInput!) { restoreCommitment(input: $i) { node { id } } }`,
          { i: { id: first.id, reason: 'Test' } },
          staff,
        )
      ).errors,
    ).toBeUndefined();
    expect(await page(rec)).toEqual(before);

    // A code changed under the API moves its commitment to its new place.
    await knex.raw(`update commitment set code = ? where code = ?`, ['ZZZ-RENAMED', first.code]);
    try {
      expect((await page(rec)).map((c) => c.code)).toEqual([...before.slice(1).map((c) => c.code), 'ZZZ-RENAMED']);
    } finally {
      await knex.raw(`update commitment set code = ? where code = ?`, [first.code, 'ZZZ-RENAMED']);
    }
    expect(await page(rec)).toEqual(before);

    // A link inserted by raw SQL (as the bench's dataset builder writes them) is listed at its commitment's code.
    const linked = new Set(before.map((c) => c.code));
    const [other] = (await knex('commitment').whereNull('archived_at').orderBy('code').select('id', 'code')).filter(
      (c) => !linked.has(c.code),
    );
    const [{ id: recId }] = await knex('recommendation').where('code', rec).select('id');
    await knex.raw(`insert into commitment_recommendations (commitment_id, recommendation_id, kind) values (?, ?, 'CONTRIBUTES_TO')`, [
      other.id,
      recId,
    ]);
    try {
      expect((await page(rec)).map((c) => c.code)).toEqual([...linked, other.code].sort());
    } finally {
      await knex('commitment_recommendations').where({ commitment_id: other.id, recommendation_id: recId }).delete();
    }
  });
});
