/** commitmentStats: counts by one or two dimensions, in one grouped statement, honouring the list filters. */
import { startTestServer, type TestServer } from './support/server';
import { countStatements } from './support/sql-counter';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

const STATS = `query($groupBy: [StatsDimension!]!, $filter: CommitmentFilter) {
  commitmentStats(groupBy: $groupBy, filter: $filter) { total bucketSum buckets { count keys { dimension value label } }
    subtotals { key { dimension value label } count bucketSum } } }`;

interface ListedCommitment {
  code: string;
  status: string;
  dueDate: string | null;
  actor: { code: string; name: string; kind: string; country: string | null; parent: { country: string | null } | null };
  recommendations: { edges: { node: { level: string; themes: string[]; source: { code: string; name: string } } }[] };
}

/** Every commitment the list returns for `filter`, page by page. */
async function listAll(filter: Record<string, unknown>): Promise<ListedCommitment[]> {
  const all: ListedCommitment[] = [];
  let after: string | null = null;
  for (;;) {
    const res: any = await t.gql(
      `query($filter: CommitmentFilter, $after: String) { commitments(first: 20, after: $after, filter: $filter) {
      pageInfo { hasNextPage endCursor }
      edges { node { code status dueDate actor { code name kind country parent { country } }
        recommendations(first: 20) { pageInfo { hasNextPage } edges { node { level themes source { code name } } } } } } } }`,
      { filter, after },
    );
    expect(res.errors).toBeUndefined();
    const nodes: (ListedCommitment & { recommendations: { pageInfo: { hasNextPage: boolean } } })[] = res.data.commitments.edges.map(
      (e: any) => e.node,
    );
    expect(nodes.some((c) => c.recommendations.pageInfo.hasNextPage)).toBe(false);
    all.push(...nodes);
    if (!res.data.commitments.pageInfo.hasNextPage) return all;
    after = res.data.commitments.pageInfo.endCursor;
  }
}

type Value = string | null;
type Rec = ListedCommitment['recommendations']['edges'][number]['node'] | null;
const THROUGH_RECOMMENDATION = new Set(['SOURCE', 'THEME', 'LEVEL']);

/** The values of one dimension for a commitment, seen through one of its recommendations. */
function valuesOf(c: ListedCommitment, rec: Rec, dimension: string): Value[] {
  switch (dimension) {
    case 'STATUS':
      return [c.status];
    case 'ACTOR':
      return [c.actor.code];
    case 'ACTOR_KIND':
      return [c.actor.kind];
    case 'COUNTRY':
      return [c.actor.country ?? c.actor.parent?.country ?? null];
    case 'DUE_YEAR':
      return [c.dueDate ? c.dueDate.slice(0, 4) : null];
    case 'SOURCE':
      return [rec?.source.code ?? null];
    case 'LEVEL':
      return [rec?.level ?? null];
    case 'THEME':
      return rec?.themes.length ? rec.themes : [null];
    default:
      throw new Error(dimension);
  }
}

/** Bucket → count, computed here from the listed commitments: each commitment once per bucket. */
function expectedBuckets(commitments: ListedCommitment[], groupBy: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of commitments) {
    const recs: Rec[] =
      c.recommendations.edges.length && groupBy.some((d) => THROUGH_RECOMMENDATION.has(d))
        ? c.recommendations.edges.map((e) => e.node)
        : [null];
    const keys = new Set<string>();
    for (const rec of recs) {
      let tuples: Value[][] = [[]];
      for (const d of groupBy) tuples = tuples.flatMap((tuple) => valuesOf(c, rec, d).map((v) => [...tuple, v]));
      for (const tuple of tuples) keys.add(JSON.stringify(tuple));
    }
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** First-key value → [commitments with it, sum of its buckets], from the listed commitments and the expected buckets. */
function expectedSubtotals(commitments: ListedCommitment[], groupBy: string[]): Map<string, [number, number]> {
  const subtotals = new Map<string, [number, number]>();
  for (const [key, count] of expectedBuckets(commitments, groupBy)) {
    const first = JSON.stringify(JSON.parse(key)[0]);
    const entry = subtotals.get(first) ?? [expectedBuckets(commitments, [groupBy[0]]).get(`[${first}]`)!, 0];
    subtotals.set(first, [entry[0], entry[1] + count]);
  }
  return subtotals;
}

function bucketsOf(stats: any): Map<string, number> {
  return new Map(stats.buckets.map((b: any) => [JSON.stringify(b.keys.map((k: any) => k.value)), b.count]));
}

describe('commitmentStats', () => {
  it.each([
    [['STATUS'], {}],
    [['SOURCE'], {}],
    [['ACTOR'], { statuses: ['IN_PROGRESS'] }],
    [['ACTOR_KIND'], {}],
    [['THEME'], {}],
    [['LEVEL'], { sourceCodes: ['FLORENCE-2008'] }],
    [['COUNTRY'], {}],
    [['DUE_YEAR'], {}],
    [['STATUS', 'SOURCE'], {}],
    [['SOURCE', 'THEME'], { countryCodes: ['IT'] }],
    [['COUNTRY', 'DUE_YEAR'], { overdue: false }],
    [['ACTOR_KIND', 'STATUS'], { sourceCodes: ['ROME-2012', 'STRASBOURG-2019'] }],
  ])('counts by %j with filter %j as the commitments list does', async (groupBy, filter) => {
    const listed = await listAll(filter);
    const res = await t.gql(STATS, { groupBy, filter });
    expect(res.errors).toBeUndefined();
    const stats = res.data.commitmentStats;
    expect(listed.length).toBeGreaterThan(0);
    expect(stats.total).toBe(listed.length);
    expect(bucketsOf(stats)).toEqual(expectedBuckets(listed, groupBy));
    expect(stats.bucketSum).toBe([...expectedBuckets(listed, groupBy).values()].reduce((a, b) => a + b, 0));
    expect(new Map(stats.subtotals.map((s: any) => [JSON.stringify(s.key.value), [s.count, s.bucketSum]]))).toEqual(
      groupBy.length === 2 ? expectedSubtotals(listed, groupBy) : new Map(),
    );
    for (const s of stats.subtotals) expect(s.key.dimension).toBe(groupBy[0]);
    for (const bucket of stats.buckets) expect(bucket.keys.map((k: any) => k.dimension)).toEqual(groupBy);
  });

  it('lists the largest buckets first', async () => {
    const res = await t.gql(STATS, { groupBy: ['ACTOR'] });
    const counts = res.data.commitmentStats.buckets.map((b: any) => b.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('labels sources and actors with their names and leaves enums unlabelled', async () => {
    const listed = await listAll({});
    const names = new Map<string, string>();
    for (const c of listed) {
      names.set(c.actor.code, c.actor.name);
      for (const { node } of c.recommendations.edges) names.set(node.source.code, node.source.name);
    }
    const res = await t.gql(STATS, { groupBy: ['SOURCE', 'ACTOR'] });
    for (const { keys } of res.data.commitmentStats.buckets) {
      for (const key of keys) expect(key.label).toBe(names.get(key.value));
    }
    const byStatus = await t.gql(STATS, { groupBy: ['STATUS'] });
    expect(byStatus.data.commitmentStats.buckets.every((b: any) => b.keys[0].label === null)).toBe(true);
  });

  it('counts a commitment addressing two recommendations of one source once in that source’s bucket', async () => {
    // UN-CRC-COMMITTEE-ART34-MONITORING addresses CRC-COMMITTEE-CO-02 and CRC-COMMITTEE-CO-05.
    const filter = { recommendationCodes: ['CRC-COMMITTEE-CO-02', 'CRC-COMMITTEE-CO-05'] };
    const listed = await listAll(filter);
    const target = listed.find((c) => c.code === 'UN-CRC-COMMITTEE-ART34-MONITORING')!;
    expect(target.recommendations.edges.filter((e) => e.node.source.code === 'CRC-COMMITTEE').length).toBeGreaterThanOrEqual(2);
    const res = await t.gql(STATS, { groupBy: ['SOURCE'], filter });
    const crc = res.data.commitmentStats.buckets.find((b: any) => b.keys[0].value === 'CRC-COMMITTEE');
    expect(crc.count).toBe(listed.length);
    expect(res.data.commitmentStats.total).toBe(listed.length);
  });

  it('says how far a commitment counted in several buckets makes them exceed the total (Italy by theme)', async () => {
    const res = await t.gql(STATS, { groupBy: ['THEME', 'STATUS'], filter: { countryCodes: ['IT'] } });
    const stats = res.data.commitmentStats;
    expect(stats.bucketSum).toBeGreaterThan(stats.total);
    expect(stats.bucketSum).toBe(stats.buckets.reduce((n: number, b: any) => n + b.count, 0));
    // A commitment has one status: within one theme it is counted once, so each subtotal's buckets add up to it.
    for (const s of stats.subtotals) expect(s.bucketSum).toBe(s.count);
    const counts = stats.subtotals.map((s: any) => s.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('puts commitments without a due date in a bucket whose value is null', async () => {
    const res = await t.gql(STATS, { groupBy: ['DUE_YEAR'] });
    const none = res.data.commitmentStats.buckets.find((b: any) => b.keys[0].value === null);
    const undated = (await listAll({})).filter((c) => c.dueDate === null).length;
    expect(undated).toBeGreaterThan(0);
    expect(none.count).toBe(undated);
  });

  it('answers a total of 0 and no buckets when no commitment matches', async () => {
    const res = await t.gql(STATS, { groupBy: ['STATUS', 'THEME'], filter: { search: 'no-such-commitment-anywhere' } });
    expect(res.data.commitmentStats).toEqual({ total: 0, bucketSum: 0, buckets: [], subtotals: [] });
  });

  it('refuses no dimension, more than two, or one named twice, with BAD_USER_INPUT on groupBy', async () => {
    for (const groupBy of [[], ['STATUS', 'SOURCE', 'THEME'], ['STATUS', 'STATUS']]) {
      const res = await t.gql(STATS, { groupBy });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupBy' });
    }
  });

  it('issues one grouped SQL statement, whatever the dimensions and filter (beside the check of its codes)', async () => {
    const { count, statements } = await countStatements(t.services.orm, async () => {
      const res = await t.gql(STATS, {
        groupBy: ['THEME', 'COUNTRY'],
        filter: { sourceCodes: ['FLORENCE-2008'], overdue: false, search: 'network' },
      });
      expect(res.errors).toBeUndefined();
    });
    // The filter's source codes are checked first (src/domain/filters.ts): one lookup.
    const [lookup, ...rest] = statements;
    expect(lookup).toMatch(/^select .?code.? from .?source.? where/);
    expect(count).toBe(2);
    expect(rest[0]).toMatch(/group by/i);
  });
});
