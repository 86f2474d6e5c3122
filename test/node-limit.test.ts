/**
 * The node-count limit (issue 9): each connection multiplies by `first ?? last ?? 20` (literal or
 * variable), plain lists by a fixed factor; over MAX_NODES the operation is refused before it runs,
 * with the same rule over HTTP and WebSocket.
 */
import { startTestServer, type TestServer } from './support/server';
import { connected, wsClient, wsRequest } from './support/graphql-ws';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

/** A natural dashboard page: 100 commitments with 100 progress updates each (10,100 nodes). */
const DASHBOARD = `{ commitments(first: 100) { totalCount edges { node { code title status actor { name }
  progressUpdates(first: 100) { edges { node { summary reportedAt reportedBy { name } } } } } } } }`;

/** 100 × 100 × 100 through variables: 1,010,100 nodes. */
const CUBE = `query($a: Int, $b: Int, $c: Int) { recommendations(first: $a) { edges { node { code
  commitments(first: $b) { edges { node { code progressUpdates(first: $c) { edges { node { summary } } } } } } } } } }`;
const CUBE_VARIABLES = { a: 100, b: 100, c: 100 };

/** Four nested connections without `first`: 20 + 400 + 8,000 + 160,000 = 168,420 nodes. */
const FOUR_LEVELS = `{ sources { edges { node { recommendations { edges { node { commitments { edges { node {
  progressUpdates { edges { node { summary } } } } } } } } } } } } }`;

/** Three nested connections without `first`: 8,420 nodes. */
const threeLevels = (alias: string) =>
  `${alias}: sources { edges { node { recommendations { edges { node { commitments { edges { node { code } } } } } } } } }`;

describe('the node-count limit over HTTP', () => {
  it('admits 100 commitments × 100 progress updates', async () => {
    const res = await t.gql(DASHBOARD);
    expect(res.errors).toBeUndefined();
    expect(res.data.commitments.edges.length).toBeGreaterThan(50);
  });

  it('refuses 100 × 100 × 100 given as variables, naming the estimate, the limit and the field that multiplies most', async () => {
    const res = await t.gql(CUBE, CUBE_VARIABLES);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    const error = res.errors![0];
    expect(error.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      nodes: 1_010_100,
      limit: 100_000,
      field: 'recommendations.edges.node.commitments.edges.node.progressUpdates',
    });
    expect(error.message).toContain('1,010,100');
    expect(error.message).toContain('100,000');
    expect(error.message).toContain('recommendations.edges.node.commitments.edges.node.progressUpdates');
    // The same query with smaller pages passes.
    expect((await t.gql(CUBE, { a: 10, b: 10, c: 10 })).errors).toBeUndefined();
  });

  it('counts connections without first as 20 each', async () => {
    const res = await t.gql(FOUR_LEVELS);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', nodes: 168_420 });
  });

  it('sums aliases', async () => {
    expect((await t.gql(`{ ${threeLevels('a0')} }`)).errors).toBeUndefined();
    const twenty = Array.from({ length: 20 }, (_, i) => threeLevels(`a${i}`)).join(' ');
    expect((await t.gql(`{ ${twenty} }`)).errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', nodes: 20 * 8_420 });
  });

  it('follows fragments and inline fragments', async () => {
    const query = `{ commitments(first: 100) { ...C } }
      fragment C on CommitmentConnection { edges { node { ... on Commitment { recommendations(first: 100) { edges { node { ...R } } } } } } }
      fragment R on Recommendation { commitments(first: 100) { edges { node { code } } } }`;
    const res = await t.gql(query);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', nodes: 100 + 10_000 + 1_000_000 });
  });

  it('counts a plain list of objects as 10', async () => {
    const res = await t.gql('{ actors(first: 100) { edges { node { children { children { children { code } } } } } } }');
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      nodes: 100 + 1_000 + 10_000 + 100_000,
      field: 'actors.edges.node.children.children.children',
    });
  });

  it('follows MAX_NODES', async () => {
    const small = await startTestServer({ config: { maxNodes: 50 } });
    try {
      expect((await small.gql('{ sources(first: 50) { totalCount } }')).errors).toBeUndefined();
      expect((await small.gql('{ sources(first: 51) { totalCount } }')).errors?.[0].extensions).toMatchObject({
        code: 'QUERY_TOO_COMPLEX',
        nodes: 51,
        limit: 50,
        field: 'sources',
      });
    } finally {
      await small.stop();
    }
  });
});

describe('the node-count limit over WebSocket', () => {
  it('applies the same rule', async () => {
    const client = wsClient(t.wsUrl);
    try {
      await connected(client);
      const ok = await wsRequest(client, DASHBOARD);
      expect(ok.errors).toBeUndefined();
      const refused = await wsRequest(client, CUBE, CUBE_VARIABLES);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', nodes: 1_010_100, limit: 100_000 });
      expect(refused.errors?.[0].extensions?.http).toBeUndefined();
      const fourLevels = await wsRequest(client, FOUR_LEVELS);
      expect(fourLevels.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    } finally {
      await client.dispose();
    }
  });
});
