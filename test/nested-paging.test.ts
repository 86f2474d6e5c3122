/** Nested connections paged in SQL: order, Relay last/before, latest records, totalCount on demand. */
import { startTestServer, type TestServer } from './support/server';
import { countStatements } from './support/sql-counter';

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
});
