/** The read API over the seeded database: the whole chain, Relay paging, filters, ordering, node(id). */
import { startTestServer, type TestServer } from './support/server';
import { lastDayOf } from '../src/domain/dates';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

const CHAIN = /* GraphQL */ `
  query Chain($code: String!) {
    source(code: $code) {
      id
      code
      kind
      startDate
      place
      organisers {
        code
      }
      recommendations(first: 100) {
        totalCount
        edges {
          node {
            code
            title
            text
            section
            level
            themes
            isSummary
            status
            source {
              code
            }
            responsibilities {
              edges {
                node {
                  role
                  actor {
                    code
                  }
                }
              }
            }
            commitments(first: 10) {
              edges {
                node {
                  code
                  status
                  version
                  isOverdue
                  actor {
                    code
                    kind
                    country
                    parent {
                      code
                    }
                  }
                  progressUpdates {
                    edges {
                      node {
                        code
                        summary
                        state
                        sequence
                        reportedBy {
                          name
                        }
                        commitment {
                          code
                        }
                      }
                    }
                  }
                  history {
                    edges {
                      node {
                        fromStatus
                        toStatus
                        at
                        sequence
                        by {
                          name
                        }
                        commitment {
                          code
                        }
                      }
                    }
                  }
                  assessments {
                    totalCount
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

describe('the graph', () => {
  it('answers a nested query across source, recommendation, actor, commitment, progress and history', async () => {
    const res = await t.gql(CHAIN, { code: 'ROME-2012' });
    expect(res.errors).toBeUndefined();
    const source = res.data.source;
    expect(source).toMatchObject({
      code: 'ROME-2012',
      kind: 'CONFERENCE',
      startDate: '2012-11-29',
      place: expect.stringContaining('Rome'),
    });
    expect(source.organisers.map((o: any) => o.code)).toEqual(expect.arrayContaining(['COE']));
    const recs = source.recommendations.edges.map((e: any) => e.node);
    expect(recs.length).toBe(Math.min(100, source.recommendations.totalCount));
    expect(recs.every((r: any) => r.source.code === 'ROME-2012' && r.themes.length > 0 && r.section)).toBe(true);

    const commitments = recs.flatMap((r: any) => r.commitments.edges.map((e: any) => e.node));
    expect(commitments.length).toBeGreaterThan(0);
    for (const c of commitments) {
      expect(c.history.edges.length).toBeGreaterThan(0);
      // The last recorded change is the current status: history and status agree from the first start.
      expect(c.history.edges[c.history.edges.length - 1].node.toStatus).toBe(c.status);
      expect(c.history.edges[0].node.by.name).toBe('system');
    }
    const withProgress = commitments.find((c: any) => c.progressUpdates.edges.length > 0);
    expect(withProgress.progressUpdates.edges[0].node).toMatchObject({ state: 'PUBLISHED', sequence: expect.any(Number) });
  });

  it('rolls a recommendation’s status up from the commitments that answer it (RESPONDS_TO)', async () => {
    const res =
      await t.gql(`{ recommendations(first: 100, filter: { sourceCodes: ["STOCKHOLM-1996", "YOKOHAMA-2001", "IT-DGCS-GUIDELINES", "ROME-2012"] }) {
      edges { node { code status commitments { edges { kind node { status } } } } } } }`);
    const edges = res.data.recommendations.edges;
    const kinds = (node: any) => node.commitments.edges.map((e: any) => e.kind);
    // Both kinds occur, and a recommendation only contributed to has no commitment.
    expect(edges.some(({ node }: any) => kinds(node).includes('RESPONDS_TO') && node.status !== 'NO_COMMITMENT')).toBe(true);
    const onlyContributed = edges.filter(({ node }: any) => kinds(node).length > 0 && !kinds(node).includes('RESPONDS_TO'));
    expect(onlyContributed.length).toBeGreaterThan(0);
    for (const { node } of edges) {
      const statuses = node.commitments.edges
        .filter((e: any) => e.kind === 'RESPONDS_TO')
        .map((e: any) => e.node.status)
        .filter((s: string) => s !== 'WITHDRAWN');
      const expected =
        statuses.length === 0
          ? 'NO_COMMITMENT'
          : statuses.every((s: string) => s === 'IMPLEMENTED')
            ? 'IMPLEMENTED'
            : statuses.every((s: string) => s === 'NOT_STARTED')
              ? 'NOT_STARTED'
              : 'IN_PROGRESS';
      expect([node.code, node.status]).toEqual([node.code, expected]);
    }
  });

  it('fetches any object by its global ID with node(id)', async () => {
    const res = await t.gql(`{ commitments(first: 1) { edges { node { id code } } } }`);
    const { id, code } = res.data.commitments.edges[0].node;
    const node = await t.gql(`query($id: ID!) { node(id: $id) { id __typename ... on Commitment { code } } }`, { id });
    expect(node.data.node).toEqual({ id, __typename: 'Commitment', code });
    const unknown = await t.gql(`{ node(id: "bm9wZTox") { id } }`);
    expect(unknown.data.node).toBeNull();
  });

  it('pages with first/after without gaps or repeats, and reports totalCount', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const res: any = await t.gql(
        `query($after: String) { recommendations(first: 100, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { code } } } }`,
        { after },
      );
      total = res.data.recommendations.totalCount;
      seen.push(...res.data.recommendations.edges.map((e: any) => e.node.code));
      if (!res.data.recommendations.pageInfo.hasNextPage) break;
      after = res.data.recommendations.pageInfo.endCursor;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort()).toEqual(seen);
  });

  it('defaults to 20 items and refuses more than 100 with BAD_USER_INPUT', async () => {
    const def = await t.gql(`{ actors { edges { node { code } } } }`);
    expect(def.data.actors.edges).toHaveLength(20);
    const tooMany = await t.gql(`{ actors(first: 101) { totalCount } }`);
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const nested = await t.gql(`{ sources(first: 1) { edges { node { recommendations(first: 500) { totalCount } } } } }`);
    expect(nested.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const badCursor = await t.gql(`{ actors(after: "garbage") { totalCount } }`);
    expect(badCursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('filters recommendations by source, level and theme, combined with AND', async () => {
    const res =
      await t.gql(`{ recommendations(first: 100, filter: { sourceCodes: ["FLORENCE-2008"], levels: [NATIONAL], themes: [PREVENTION, PROTECTION] }) {
      totalCount edges { node { code level themes source { code } } } } }`);
    expect(res.data.recommendations.totalCount).toBeGreaterThan(0);
    for (const { node } of res.data.recommendations.edges) {
      expect(node.source.code).toBe('FLORENCE-2008');
      expect(node.level).toBe('NATIONAL');
      expect(node.themes.some((th: string) => th === 'PREVENTION' || th === 'PROTECTION')).toBe(true);
    }
  });

  it('filters commitments by country (the actor’s or its parent’s) and status', async () => {
    const res = await t.gql(`{ commitments(first: 100, filter: { countryCodes: ["IT"], statuses: [IMPLEMENTED] }) {
      totalCount edges { node { status actor { country parent { country } } } } } }`);
    expect(res.data.commitments.totalCount).toBeGreaterThan(0);
    for (const { node } of res.data.commitments.edges) {
      expect(node.status).toBe('IMPLEMENTED');
      expect(node.actor.country ?? node.actor.parent?.country).toBe('IT');
    }
  });

  it('filters recommendations by roll-up status and by whether they have commitments', async () => {
    const all = await t.gql(`{ recommendations { totalCount } }`);
    const without = await t.gql(`{ recommendations(filter: { hasCommitment: false }) { totalCount } }`);
    const withC = await t.gql(`{ recommendations(filter: { hasCommitment: true }) { totalCount } }`);
    const none = await t.gql(`{ recommendations(filter: { statuses: [NO_COMMITMENT] }) { totalCount } }`);
    expect(without.data.recommendations.totalCount + withC.data.recommendations.totalCount).toBe(all.data.recommendations.totalCount);
    expect(none.data.recommendations.totalCount).toBe(without.data.recommendations.totalCount);
  });

  it('orders commitments by due date and derives isOverdue from the injected clock', async () => {
    const res = await t.gql(`{ commitments(first: 100, orderBy: { field: DUE_DATE, direction: ASC }) {
      edges { node { code dueDate status isOverdue } } } }`);
    const nodes = res.data.commitments.edges.map((e: any) => e.node);
    const dated = nodes.filter((n: any) => n.dueDate);
    const ends = dated.map((n: any) => lastDayOf(n.dueDate));
    expect(ends).toEqual([...ends].sort());
    const overdue = await t.gql(`{ commitments(first: 100, filter: { overdue: true }) { edges { node { isOverdue status } } } }`);
    for (const { node } of overdue.data.commitments.edges) expect(node).toMatchObject({ isOverdue: true });
    const open = nodes.filter((n: any) => n.dueDate && !['IMPLEMENTED', 'WITHDRAWN'].includes(n.status));
    expect(open.every((n: any) => n.isOverdue)).toBe(true); // every dated seeded commitment is due before 2026
  });

  it('finds actors by kind and country, with their parent', async () => {
    const res = await t.gql(
      `{ actors(first: 100, filter: { countryCodes: ["IT"], kinds: [GOVERNMENT_BODY] }) { edges { node { code kind country parent { code } } } } }`,
    );
    expect(res.data.actors.edges.length).toBeGreaterThan(0);
    expect(res.data.actors.edges.every((e: any) => e.node.kind === 'GOVERNMENT_BODY')).toBe(true);
  });
});
