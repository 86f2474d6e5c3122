/** No N+1: the statements a page needs do not grow with the page size. */
import { startTestServer, type TestServer } from './support/server';
import { fewestStatements } from './support/sql-counter';

/**
 * The statements of a page do not grow with its size. Loaders of one level can be split into two
 * batches when their parents' rows arrive in different ticks (several read connections answer in
 * parallel): at most one statement per level, never one per row (an N+1 adds 10 to 40 here).
 */
function expectFlat(small: number, large: number): void {
  expect(small).toBeGreaterThan(0);
  expect(large).toBeLessThanOrEqual(small + 2);
}

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

const NESTED = `query($n: Int!) { recommendations(first: $n, filter: { hasCommitment: true }, orderBy: { field: CODE, direction: DESC }) { edges { node {
  code status source { code organisers { code } }
  responsibilities { edges { node { role actor { name } } } }
  related { relation recommendation { code } }
  commitments { edges { node { actor { name parent { name } }
    progressUpdates { edges { node { summary reportedBy { name } } } }
    history { edges { node { toStatus by { name } } } } } } }
} } } }`;

describe('SQL statements per page', () => {
  // 20 seeded recommendations have a commitment that answers them (seeds/README.md, "Link kinds").
  // The last 10 of them by code already reach every level of the query (related recommendations,
  // parent actors), so both pages need the same statements; a level with no rows needs none.
  it('are the same for 10 and for 20 recommendations with their source, commitments and actors', async () => {
    // Once before counting: a pool's first use (new connections, one-time lookups) is not the page's work.
    await t.gql(NESTED, { n: 20 });
    const small = await fewestStatements(t.services.orm, async () => {
      const res = await t.gql(NESTED, { n: 10 });
      expect(res.errors).toBeUndefined();
      expect(res.data.recommendations.edges).toHaveLength(10);
    });
    const large = await fewestStatements(t.services.orm, async () => {
      const res = await t.gql(NESTED, { n: 20 });
      expect(res.errors).toBeUndefined();
      expect(res.data.recommendations.edges).toHaveLength(20);
    });
    expect(small.count).toBeGreaterThan(0);
    expectFlat(small.count, large.count);
  });

  it('are the same for 10 and for 50 commitments with their recommendations, sources and partners', async () => {
    const query = `query($n: Int!) { commitments(first: $n) { edges { node { code actor { code } isOverdue
      recommendations { edges { node { code source { code } status } } }
      partners { totalCount edges { role node { code parent { code } partnerships { totalCount } } } } } } } }`;
    const small = await fewestStatements(t.services.orm, () => t.gql(query, { n: 10 }));
    const large = await fewestStatements(t.services.orm, () => t.gql(query, { n: 50 }));
    expectFlat(small.count, large.count);
  });
});
