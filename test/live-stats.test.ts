/** Live totals: recomputed buckets after status changes, coalesced on the injected clock. */
import { startTestServer, type TestServer } from './support/server';
import { collect, connected, wsClient } from './support/graphql-ws';
import { idOf, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';
import { STATS_PUSH_INTERVAL_MS } from '../src/resolvers/stats.resolver';
import type { Client } from 'graphql-ws';

let t: TestServer;
let token: string;
let client: Client;

beforeAll(async () => {
  t = await startTestServer();
  token = await tokenFor(t, Role.SECRETARIAT);
  client = wsClient(t.wsUrl);
  await connected(client);
});
afterAll(async () => {
  await client.dispose();
  await t.stop();
});

/** Lets queued I/O callbacks run until `condition` holds (bounded; no timers involved). */
async function settle(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  expect(condition()).toBe(true);
}

const LIVE = `subscription { commitmentStatsChanged(groupBy: [STATUS], filter: { countryCodes: ["BR"] }) { total buckets { count keys { value } } } }`;
const countOf = (stats: any, status: string) => stats.buckets.find((b: any) => b.keys[0].value === status)?.count ?? 0;

async function createForBrazil(): Promise<void> {
  const res = await t.gql(
    `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { id } } }`,
    {
      i: {
        actorId: await idOf(t, 'actor', 'BR'),
        recommendationIds: [await idOf(t, 'recommendation', 'RIO-2008-CALL-01')],
        title: 'Brazilian follow-up',
      },
    },
    token,
  );
  expect(res.errors).toBeUndefined();
}

describe('commitmentStatsChanged', () => {
  it('pushes the current buckets, then one coalesced push per interval after a burst of changes', async () => {
    const sub = collect(client, LIVE);
    const [initial] = await sub.until(1);
    const before = countOf(initial, 'NOT_STARTED');
    // Timers of others on the clock (the /healthz background checks).
    const otherTimers = t.clock.pendingTimers;

    t.clock.advance(STATS_PUSH_INTERVAL_MS); // a quiet interval has passed since the initial push
    await createForBrazil(); // pushes at once
    const [, first] = await sub.until(2);
    expect(countOf(first, 'NOT_STARTED')).toBe(before + 1);

    await createForBrazil(); // a burst inside the interval: held back
    await createForBrazil();
    await settle(() => t.clock.pendingTimers === otherTimers + 1);
    expect(sub.events).toHaveLength(2);
    t.clock.advance(STATS_PUSH_INTERVAL_MS);
    const [, , burst] = await sub.until(3);
    expect(countOf(burst, 'NOT_STARTED')).toBe(before + 3);
    expect(burst.total).toBe(initial.total + 3);
    sub.stop();
  });

  it('does not push when a change leaves the buckets as they were', async () => {
    const sub = collect(client, LIVE);
    await sub.until(1);
    t.clock.advance(STATS_PUSH_INTERVAL_MS);
    // A change outside the filter (an Italian commitment) recomputes the same buckets: no push.
    const res = await t.gql(
      `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { id } } }`,
      {
        i: {
          actorId: await idOf(t, 'actor', 'IT-DEO'),
          recommendationIds: [await idOf(t, 'recommendation', 'RIO-2008-CALL-01')],
          title: 'Italian follow-up',
        },
      },
      token,
    );
    expect(res.errors).toBeUndefined();
    t.clock.advance(STATS_PUSH_INTERVAL_MS);
    await createForBrazil();
    const events = await sub.until(2);
    expect(events[1].total).toBe(events[0].total + 1);
    sub.stop();
  });
});
