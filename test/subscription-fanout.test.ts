/**
 * Grouped delivery: an event is executed once per group of alike subscribers (not once per
 * subscriber), yet each is shown only what it may see, and a revoked token still ends its stream.
 */
import { dialectOf } from '../src/queries/dialect';
import { startTestServer, type TestServer } from './support/server';
import { collect, connected, wsClient, type Collector } from './support/graphql-ws';
import { countStatements } from './support/sql-counter';
import { idOf, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';
import type { Client } from 'graphql-ws';
import type { EntityManager } from '@mikro-orm/knex';
import { currentSequence } from '../src/services/sequence';
import { CHANNEL, WRITES_CHANNEL, type WriteSignal } from '../src/pubsub/events';

let t: TestServer;
let secretariat: string;
let commitmentId: string;
const clients: Client[] = [];

const PROGRESS = `subscription($filter: EventFilter, $after: Int) { progressLogged(filter: $filter, after: $after) {
  sequence progressUpdate { summary state reportedBy { email } } commitment { code progressUpdates(first: 50) { totalCount } } } }`;

async function subscribe(token?: string, query = PROGRESS): Promise<Collector> {
  const client = wsClient(t.wsUrl, token ? { authorization: `Bearer ${token}` } : {});
  clients.push(client);
  await connected(client);
  // `after` makes the subscription replay, so it is surely registered once its first event arrives.
  return collect(client, query, { after: await currentSequence(t.services.orm.em.fork() as EntityManager) });
}

async function logProgress(summary: string, token = secretariat): Promise<string> {
  const res = await t.gql(
    `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { id state } } }`,
    { i: { commitmentId, summary } },
    token,
  );
  expect(res.errors).toBeUndefined();
  return res.data.logProgress.progressUpdate.id;
}

beforeAll(async () => {
  t = await startTestServer();
  secretariat = await tokenFor(t, Role.SECRETARIAT);
  const res = await t.gql(
    `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { id } } }`,
    {
      i: {
        actorId: await idOf(t, 'actor', 'IT-DEO'),
        recommendationIds: [await idOf(t, 'recommendation', 'ROME-2012-PREV-01')],
        title: 'Fan-out',
      },
    },
    secretariat,
  );
  commitmentId = res.data.createCommitment.commitment.id;
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});
afterAll(() => t.stop());

it('does the same database work for an event whether two or eight alike subscribers receive it', async () => {
  const viewer = await tokenFor(t, Role.VIEWER);
  const subscribers = [await subscribe(), await subscribe(viewer)];
  await logProgress('Warm-up 1');
  await Promise.all(subscribers.map((s) => s.until(1)));
  const withTwo = await countStatements(t.services.orm, async () => {
    await logProgress('Two subscribers');
    await Promise.all(subscribers.map((s) => s.until(2)));
  });

  for (let i = 0; i < 3; i++) subscribers.push(await subscribe(), await subscribe(viewer));
  await logProgress('Warm-up 2');
  await Promise.all(subscribers.map((s, i) => s.until(i < 2 ? 3 : 1)));
  const withEight = await countStatements(t.services.orm, async () => {
    await logProgress('Eight subscribers');
    await Promise.all(subscribers.map((s, i) => s.until(i < 2 ? 4 : 2)));
  });
  expect(withEight.count).toBe(withTwo.count);
  expect(subscribers.every((s) => s.events.at(-1).progressUpdate.summary === 'Eight subscribers')).toBe(true);
});

it('gives alike selections different payloads by visibility, and drafts only to those who may read them', async () => {
  const focalPoint = await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'IT-DEO' });
  const otherFocalPoint = await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'BR' });
  const anonymous = await subscribe();
  const own = await subscribe(focalPoint);
  const other = await subscribe(otherFocalPoint);
  const staff = await subscribe(secretariat);
  await logProgress('Registered');
  await Promise.all([anonymous, own, other, staff].map((s) => s.until(1)));

  await logProgress('Draft from the ministry', focalPoint);
  await logProgress('Published by the secretariat');
  const [, ownDraft, ownPublished] = await own.until(3);
  const [, staffDraft, staffPublished] = await staff.until(3);
  const [, anonymousPublished] = await anonymous.until(2);
  const [, otherPublished] = await other.until(2);

  expect(ownDraft.progressUpdate).toMatchObject({ state: 'DRAFT', reportedBy: { email: expect.stringContaining('focal_point') } });
  expect(staffDraft.progressUpdate.state).toBe('DRAFT');
  for (const published of [ownPublished, staffPublished, anonymousPublished, otherPublished])
    expect(published.progressUpdate).toMatchObject({ summary: 'Published by the secretariat', state: 'PUBLISHED' });
  // The same event, different payloads: drafts are counted for those who may read them, e-mails shown to staff only.
  const total = (e: any) => e.commitment.progressUpdates.totalCount;
  expect(total(ownPublished)).toBe(total(anonymousPublished) + 1);
  expect(total(staffPublished)).toBe(total(ownPublished));
  expect(total(otherPublished)).toBe(total(anonymousPublished));
  expect(staffPublished.progressUpdate.reportedBy.email).toEqual(expect.stringContaining('@'));
  expect([anonymousPublished, ownPublished, otherPublished].map((e) => e.progressUpdate.reportedBy.email)).toEqual([null, null, null]);
  // Neither the anonymous subscriber nor another actor's focal point ever saw the draft.
  expect(anonymous.events.concat(other.events).some((e) => e.progressUpdate.state === 'DRAFT')).toBe(false);
});

it('ends the stream of a revoked token at the next event and keeps its group-mates going', async () => {
  const revoked = await tokenFor(t, Role.VIEWER);
  const kept = await tokenFor(t, Role.VIEWER);
  const [doomed, survivor] = [await subscribe(revoked), await subscribe(kept)];
  await logProgress('Before');
  await Promise.all([doomed.until(1), survivor.until(1)]);
  const now = dialectOf(t.services.orm.em).datetime(new Date());
  await t.services.orm.em
    .getConnection()
    .execute(`update api_token set revoked_at = ${now.sql} where prefix = ?`, [...now.bindings, revoked.slice(0, 'fut_'.length + 6)]);
  await logProgress('After');
  await doomed.done;
  expect(doomed.events.map((e) => e.progressUpdate.summary)).toEqual(['Before']);
  expect(JSON.stringify(doomed.errors)).toContain('UNAUTHENTICATED');
  const events = await survivor.until(2);
  expect(events.map((e) => e.progressUpdate.summary)).toEqual(['Before', 'After']);
});

it('delivers a live event that arrives after a later one, as Redis may pass two instances’ events on', async () => {
  const subscriber = await subscribe();
  await logProgress('Registered');
  await subscriber.until(1);
  // The bus passes the next write's events on only after those of the write that follows, as
  // Redis does when the later write's instance publishes first.
  const events = t.services.events as { publish: (...args: any[]) => void };
  const publish = events.publish;
  let held: any[] | null = null;
  let holding = true;
  events.publish = (...args: any[]) => {
    if (args[0] !== CHANNEL) return publish(...args);
    if (holding) {
      holding = false;
      held = args;
      return;
    }
    publish(...args);
    if (held) publish(...held);
    held = null;
  };
  try {
    await logProgress('Earlier');
    await logProgress('Later');
  } finally {
    events.publish = publish;
  }
  await logProgress('Last');
  const summaries = (await subscriber.until(3)).map((e) => e.progressUpdate.summary);
  expect(summaries).toEqual(['Registered', 'Later', 'Earlier']);
  const received = await subscriber.until(4);
  expect(received.map((e) => e.sequence)).toEqual([...new Set(received.map((e) => e.sequence))]);
  expect(received.at(-1).progressUpdate.summary).toBe('Last');
});

it('checks the variables of every subscribe, also of a text parsed and validated for an earlier one', async () => {
  const accepted = await subscribe();
  await logProgress('Accepted');
  await accepted.until(1);
  const client = wsClient(t.wsUrl);
  clients.push(client);
  await connected(client);
  const refused = collect(client, PROGRESS, { after: 'not a number' });
  await refused.done;
  expect(refused.events).toEqual([]);
  expect(JSON.stringify(refused.errors)).toContain('BAD_USER_INPUT');
  const invalid = collect(client, PROGRESS.replace('sequence', 'sequence noSuchField'), { after: 0 });
  await invalid.done;
  expect(JSON.stringify(invalid.errors)).toContain('noSuchField');
});

it('holds its slices of sends while a mutation of this instance is under way, from its resolution to its response', async () => {
  const fanOut = t.server.fanOut;
  const underWay: number[] = [];
  const arrived = jest.spyOn(fanOut, 'writeArrived');
  const original = fanOut.writeLeft.bind(fanOut);
  const left = jest.spyOn(fanOut, 'writeLeft').mockImplementation((key) => {
    underWay.push(fanOut.stats().mutationsUnderWay);
    original(key);
  });
  try {
    await logProgress('Under way');
    expect(arrived).toHaveBeenCalledTimes(1);
    expect(left).toHaveBeenCalledWith(arrived.mock.calls[0][0]);
    expect(underWay).toEqual([1]); // counted until its response
    expect(fanOut.stats().mutationsUnderWay).toBe(0);

    arrived.mockClear();
    expect((await t.gql('{ __typename }')).errors).toBeUndefined();
    expect(arrived).not.toHaveBeenCalled(); // a query does not hold the sends
    expect(fanOut.stats().mutationsUnderWay).toBe(0);
  } finally {
    arrived.mockRestore();
    left.mockRestore();
  }
});

it('holds its sends while another instance says a mutation is under way there, and tells the others of its own', async () => {
  const fanOut = t.server.fanOut;
  const told: WriteSignal[] = [];
  const signals = t.services.events.subscribe(WRITES_CHANNEL)[Symbol.asyncIterator]();
  const reading = (async () => {
    for (let next = await signals.next(); !next.done; next = await signals.next()) told.push(next.value);
  })();
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise((resolve) => setImmediate(resolve));
  };
  try {
    t.services.events.publish(WRITES_CHANNEL, { instance: 'elsewhere', write: 7, underWay: true });
    await until(() => fanOut.stats().writesElsewhere === 1);
    t.services.events.publish(WRITES_CHANNEL, { instance: 'elsewhere', write: 7, underWay: false });
    await until(() => fanOut.stats().writesElsewhere === 0);

    // Its own mutation is told to the others (start and end), and not counted as another's.
    told.length = 0;
    await logProgress('Told to the others');
    await until(() => told.filter((m) => m.instance !== 'elsewhere').length === 2);
    const own = told.filter((m) => m.instance !== 'elsewhere');
    expect(own.map((m) => m.underWay)).toEqual([true, false]);
    expect(own[0].write).toBe(own[1].write);
    expect(fanOut.stats().writesElsewhere).toBe(0);
  } finally {
    await signals.return?.();
    await reading;
  }
});
