/**
 * What the dashboard needs from the API: `themes` in the commitment filter and the event filter
 * (through the recommendations a commitment addresses), and `statusChanges` across commitments,
 * newest first, paged by keyset, in a fixed number of statements.
 */
import type { EntityManager } from '@mikro-orm/knex';
import type { Client } from 'graphql-ws';
import { startTestServer, type TestServer } from './support/server';
import { collect, connected, wsClient } from './support/graphql-ws';
import { idOf, tokenFor } from './support/users';
import { countStatements } from './support/sql-counter';
import { Role } from '../src/domain/enums';
import { currentSequence as currentSequenceOf } from '../src/services/sequence';

let t: TestServer;
let secretariat: string;
let client: Client;

beforeAll(async () => {
  t = await startTestServer();
  secretariat = await tokenFor(t, Role.SECRETARIAT);
  client = wsClient(t.wsUrl);
  await connected(client);
});
afterAll(async () => {
  await client.dispose();
  await t.stop();
});

function ok(res: { data?: any; errors?: unknown[] }): any {
  expect(res.errors).toBeUndefined();
  return res.data;
}

/** A recommendation of the seeds with exactly the given themes' first theme, and one without it. */
async function recommendationsByTheme(theme: string): Promise<{ with: string; without: string }> {
  const data = ok(await t.gql(`{ recommendations(first: 100) { edges { node { code themes } } } }`));
  const all = data.recommendations.edges.map((e: any) => e.node);
  return {
    with: all.find((r: any) => r.themes.includes(theme)).code,
    without: all.find((r: any) => r.themes.length && !r.themes.includes(theme)).code,
  };
}

async function createCommitment(actorCode: string, recommendationCode: string, title: string) {
  const data = ok(
    await t.gql(
      `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { id code version } } }`,
      {
        i: {
          actorId: await idOf(t, 'actor', actorCode),
          recommendationIds: [await idOf(t, 'recommendation', recommendationCode)],
          title,
        },
      },
      secretariat,
    ),
  );
  return data.createCommitment.commitment as { id: string; code: string; version: number };
}

async function setStatus(c: { id: string; version: number }, status: string, reason?: string) {
  const data = ok(
    await t.gql(
      `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { version } } }`,
      { i: { id: c.id, expectedVersion: c.version, status, reason } },
      secretariat,
    ),
  );
  c.version = data.updateCommitment.commitment.version;
}

describe('themes in the commitment filter', () => {
  it('keeps the commitments addressing a recommendation of the theme, as the THEME buckets count them', async () => {
    const data = ok(
      await t.gql(`{
        commitmentStats(groupBy: [THEME]) { buckets { count keys { value } } }
        prevention: commitments(first: 100, filter: { themes: [PREVENTION] }) {
          totalCount edges { node { code recommendations(first: 100) { edges { node { themes } } } } }
        }
        either: commitments(filter: { themes: [PREVENTION, PROSECUTION] }) { totalCount }
        prosecution: commitments(filter: { themes: [PROSECUTION] }) { totalCount }
        all: commitments { totalCount }
      }`),
    );
    const bucket = (theme: string) => data.commitmentStats.buckets.find((b: any) => b.keys[0].value === theme)?.count ?? 0;
    expect(data.prevention.totalCount).toBeGreaterThan(0);
    expect(data.prevention.totalCount).toBe(bucket('PREVENTION'));
    expect(data.prosecution.totalCount).toBe(bucket('PROSECUTION'));
    expect(data.prevention.totalCount).toBeLessThan(data.all.totalCount);
    for (const edge of data.prevention.edges) {
      expect(edge.node.recommendations.edges.some((r: any) => r.node.themes.includes('PREVENTION'))).toBe(true);
    }
    // A list matches any of its values.
    expect(data.either.totalCount).toBeGreaterThanOrEqual(Math.max(data.prevention.totalCount, data.prosecution.totalCount));
    expect(data.either.totalCount).toBeLessThanOrEqual(data.prevention.totalCount + data.prosecution.totalCount);
  });

  it('refuses a value that is not a theme', async () => {
    const res = await t.gql(`{ commitments(filter: { themes: [HAPPINESS] }) { totalCount } }`);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('themes in the event filter', () => {
  it('pushes the status changes of commitments addressing a recommendation of the theme, live and replayed', async () => {
    const recs = await recommendationsByTheme('PROTECTION');
    const after = await currentSequenceOf(t.services.orm.em.fork() as EntityManager);
    const STATUS = `subscription($filter: EventFilter, $after: Int) { commitmentStatusChanged(filter: $filter, after: $after) {
      commitment { code } statusChange { toStatus } } }`;
    const live = collect(client, STATUS, { filter: { themes: ['PROTECTION'] }, after });
    const outside = await createCommitment('COE', recs.without, 'Outside the theme');
    const inside = await createCommitment('COE', recs.with, 'Inside the theme');
    await setStatus(outside, 'IN_PROGRESS');
    await setStatus(inside, 'IN_PROGRESS');
    const events = await live.until(2);
    expect(events.map((e) => [e.commitment.code, e.statusChange.toStatus])).toEqual([
      [inside.code, 'NOT_STARTED'],
      [inside.code, 'IN_PROGRESS'],
    ]);
    // The same events replayed from the database by a late subscriber (the SQL form of the filter).
    const replayed = collect(client, STATUS, { filter: { themes: ['PROTECTION'] }, after });
    const again = await replayed.until(2);
    expect(again).toEqual(events);
    // A third change of the one outside the theme, then of the one inside: only the latter arrives.
    await setStatus(outside, 'STALLED', 'Waiting for funds');
    await setStatus(inside, 'IMPLEMENTED');
    const [, , third] = await live.until(3);
    expect([third.commitment.code, third.statusChange.toStatus]).toEqual([inside.code, 'IMPLEMENTED']);
    expect(live.events.every((e) => e.commitment.code === inside.code)).toBe(true);
    live.stop();
    replayed.stop();
  });

  it('is saved with a watch and shown back', async () => {
    const data = ok(
      await t.gql(
        `mutation { watch(input: { name: "Prosecution", filter: { themes: [PROSECUTION] } }) { filter { themes sourceCodes } } }`,
        undefined,
        secretariat,
      ),
    );
    expect(data.watch.filter).toEqual({ themes: ['PROSECUTION'], sourceCodes: null });
  });
});

const CHANGES = `query($filter: CommitmentFilter, $first: Int, $after: String) {
  statusChanges(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id at sequence fromStatus toStatus reason commitment { code actor { code } } } }
  }
}`;

describe('statusChanges', () => {
  it('lists every status change across commitments, newest first, page after page', async () => {
    const whole = ok(await t.gql(CHANGES, { first: 100 })).statusChanges;
    expect(whole.totalCount).toBeGreaterThan(3);
    const nodes = whole.edges.map((e: any) => e.node);
    const times = nodes.map((n: any) => n.at);
    expect([...times].sort().reverse()).toEqual(times);

    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const page: any = ok(await t.gql(CHANGES, { first: 3, after })).statusChanges;
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(nodes.slice(0, seen.length).map((n: any) => n.id));
    expect(new Set(seen).size).toBe(Math.min(whole.totalCount, 100));
  });

  it('takes the commitment filter, and shows a new change first with its reason', async () => {
    const recs = await recommendationsByTheme('PREVENTION');
    const c = await createCommitment('IT-DEO', recs.with, 'Shown first');
    await setStatus(c, 'STALLED', 'The ministry paused the programme');
    t.clock.advance(1000);
    const data = ok(await t.gql(CHANGES, { first: 2 }));
    expect(data.statusChanges.edges.map((e: any) => [e.node.commitment.code, e.node.toStatus, e.node.reason])).toEqual([
      [c.code, 'STALLED', 'The ministry paused the programme'],
      [c.code, 'NOT_STARTED', null],
    ]);

    const one = ok(
      await t.gql(
        `query($code: String!) {
          statusChanges(filter: { commitmentCodes: [$code] }) { totalCount edges { node { sequence } } }
          commitment(code: $code) { history(orderBy: { direction: DESC }) { edges { node { sequence } } } }
        }`,
        { code: c.code },
      ),
    );
    expect(one.statusChanges.totalCount).toBe(2);
    expect(one.statusChanges.edges).toEqual(one.commitment.history.edges);

    const italy = ok(await t.gql(CHANGES, { first: 100, filter: { countryCodes: ['IT'], themes: ['PREVENTION'] } })).statusChanges;
    expect(italy.edges.map((e: any) => e.node.commitment.code)).toContain(c.code);
    const brazil = ok(await t.gql(CHANGES, { first: 100, filter: { countryCodes: ['BR'] } })).statusChanges;
    expect(brazil.edges.map((e: any) => e.node.commitment.code)).not.toContain(c.code);
  });

  it('refuses an unknown code and a malformed cursor', async () => {
    const unknown = await t.gql(CHANGES, { filter: { commitmentCodes: ['NO-SUCH-COMMITMENT'] } });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'commitmentCodes' });
    const cursor = await t.gql(CHANGES, { after: 'nonsense' });
    expect(cursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('reads a page of 5 and a page of 50 with their nested fields in the same number of statements', async () => {
    const query = (first: number) =>
      t.gql(
        `{ statusChanges(first: ${first}) { edges { node { toStatus by { name } commitment { code actor { code }
          recommendations(first: 5) { edges { node { code } } } } } } } }`,
      );
    ok(await query(5)); // the pool's first use is not counted against the smaller page
    const small = await countStatements(t.services.orm, async () => ok(await query(5)));
    const large = await countStatements(t.services.orm, async () => ok(await query(50)));
    expect(large.count).toBe(small.count);
  });
});
