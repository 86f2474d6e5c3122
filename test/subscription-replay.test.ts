/** Replay with `after` over more than one page (a small REPLAY_PAGE_SIZE), with a filter, then live without gap or duplicate. */
import { startTestServer, type TestServer } from './support/server';
import { collect, connected, wsClient } from './support/graphql-ws';
import { idOf, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';
import type { Client } from 'graphql-ws';
import type { EntityManager } from '@mikro-orm/knex';
import { currentSequence } from '../src/services/sequence';

const PAGE = 3;
jest.setTimeout(120_000); // a few dozen writes on a shared, loaded machine
let t: TestServer;
let secretariat: string;
const ids: Record<string, string> = {};
const clients: Client[] = [];

const STATUS = `subscription($filter: EventFilter, $after: Int) { commitmentStatusChanged(filter: $filter, after: $after) {
  sequence commitment { actor { code } } statusChange { toStatus } } }`;

async function open(): Promise<Client> {
  const client = wsClient(t.wsUrl);
  clients.push(client);
  await connected(client);
  return client;
}

async function createFor(actorCode: string): Promise<void> {
  const res = await t.gql(
    `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { id } } }`,
    { i: { actorId: ids[actorCode], recommendationIds: [ids.rec], title: `Replay ${actorCode}` } },
    secretariat,
  );
  expect(res.errors).toBeUndefined();
}

/** Sequences of the status changes of one actor's commitments after `after`, read straight from the database. */
async function sequencesInDatabase(actorCode: string, after: number): Promise<number[]> {
  const rows = await t.services.orm.em.getConnection().execute(
    `select sc.sequence from status_change sc join commitment c on c.id = sc.commitment_id join actor a on a.id = c.actor_id
       where a.code = ? and sc.sequence > ? order by sc.sequence`,
    [actorCode, after],
  );
  return rows.map((r: any) => Number(r.sequence));
}

beforeAll(async () => {
  t = await startTestServer({ config: { replayPageSize: PAGE } });
  secretariat = await tokenFor(t, Role.SECRETARIAT);
  for (const code of ['COE', 'BR']) ids[code] = await idOf(t, 'actor', code);
  ids.rec = await idOf(t, 'recommendation', 'ROME-2012-PREV-01');
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});
afterAll(() => t.stop());

it('replays every matching event across several pages, even when non-matching events fill whole pages first', async () => {
  const start = await currentSequence(t.services.orm.em.fork() as EntityManager);
  // Three pages of events that the filter rejects, then matching and rejected ones interleaved.
  await Promise.all(Array.from({ length: 3 * PAGE }, () => createFor('COE')));
  await Promise.all(Array.from({ length: 2 * PAGE + 1 }, () => Promise.all([createFor('BR'), createFor('COE')])));
  const expected = await sequencesInDatabase('BR', start);
  expect(expected).toHaveLength(2 * PAGE + 1);

  const sub = collect(await open(), STATUS, { filter: { actorIds: [ids.BR] }, after: start });
  const replayed = await sub.until(expected.length);
  expect(replayed.map((e) => e.sequence)).toEqual(expected);
  expect(replayed.every((e) => e.commitment.actor.code === 'BR')).toBe(true);

  // Then live, with nothing skipped or repeated.
  await createFor('COE');
  await createFor('BR');
  const all = await sub.until(expected.length + 1);
  expect(all.map((e) => e.sequence)).toEqual(await sequencesInDatabase('BR', start));
});

it('replays more than a page without a filter, then goes live', async () => {
  const start = await currentSequence(t.services.orm.em.fork() as EntityManager);
  await Promise.all(Array.from({ length: 2 * PAGE + 2 }, (_, i) => createFor(i % 2 ? 'BR' : 'COE')));
  const sub = collect(await open(), STATUS, { after: start });
  const replayed = await sub.until(2 * PAGE + 2);
  expect(replayed.map((e) => e.sequence)).toEqual(Array.from({ length: 2 * PAGE + 2 }, (_, i) => start + 1 + i));
  await createFor('BR');
  const all = await sub.until(2 * PAGE + 3);
  expect(all[2 * PAGE + 2].sequence).toBe(start + 2 * PAGE + 3);
  expect(sub.events).toHaveLength(2 * PAGE + 3);
});
