/**
 * Three API instances on one database (PostgreSQL in the postgresql project, one SQLite file in
 * the sqlite one) with Redis pub/sub on this test's own channels. Writes spread over the three
 * and run concurrently; the global sequence stays gap-free and in commit order, so every
 * subscriber, on every instance, gets every event exactly once in sequence order, and one that
 * reconnects to another instance with `after` misses nothing.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/knex';
import { freshDatabase, startTestServer, type TestServer } from './support/server';
import { collect, connected, wsClient } from './support/graphql-ws';
import { idOf, tokenFor } from './support/users';
import { REPO } from './support/paths';
import { Role } from '../src/domain/enums';
import { createRedisEvents } from '../src/pubsub/redis';
import { currentSequence } from '../src/services/sequence';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** This run's channels: other test runs may share the Redis server. */
const CHANNELS = `fut-scale-out-${process.pid}-${Date.now()}:`;
const WRITES_PER_INSTANCE = 4;
/** Writers queue on the counter row: on a loaded machine a write may wait longer than the default limit. */
const config = { redisUrl: REDIS_URL, operationTimeoutMs: 120_000, databaseBusyTimeoutMs: 120_000 };
jest.setTimeout(180_000);

let instances: TestServer[];
let token: string;

beforeAll(async () => {
  execFileSync('bash', [join(REPO, 'scripts', 'services.sh')], { stdio: 'ignore' }); // starts Redis and PostgreSQL if down
  const databasePath = freshDatabase(true);
  instances = [];
  for (let i = 0; i < 3; i++) {
    instances.push(await startTestServer({ databasePath, config, events: createRedisEvents(REDIS_URL, CHANNELS) }));
  }
  token = await tokenFor(instances[0], Role.SECRETARIAT);
});
afterAll(async () => {
  for (const t of instances) await t.stop();
});

const STATUS = `subscription($after: Int) { commitmentStatusChanged(after: $after) { sequence commitment { code } } }`;
const CREATE = `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { code } } }`;

/** `count` commitments created at once on each instance: concurrent writers on one database. */
async function writeEverywhere(count: number, label: string): Promise<string[]> {
  const actorId = await idOf(instances[0], 'actor', 'BR');
  const recommendationId = await idOf(instances[0], 'recommendation', 'RIO-2008-CALL-01');
  const results = await Promise.all(
    instances.flatMap((t, i) =>
      Array.from({ length: count }, (_, n) =>
        t.gql(CREATE, { i: { actorId, recommendationIds: [recommendationId], title: `${label} ${i}.${n}` } }, token),
      ),
    ),
  );
  for (const res of results) expect(res.errors).toBeUndefined();
  return results.map((res) => res.data.createCommitment.commitment.code);
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i + 1);

describe('three API instances on one database', () => {
  it('number concurrent writes without gaps, and every subscriber on every instance gets each once, in order', async () => {
    const start = await currentSequence(instances[0].services.orm.em.fork() as EntityManager);
    const total = 3 * WRITES_PER_INSTANCE;
    const clients = instances.map((t) => wsClient(t.wsUrl));
    try {
      await Promise.all(clients.map(connected));
      const subs = clients.map((client) => collect(client, STATUS, { after: start }));
      const codes = await writeEverywhere(WRITES_PER_INSTANCE, 'Spread');
      for (const sub of subs) {
        const events = await sub.until(total);
        expect(events.map((e) => e.sequence)).toEqual(range(start, total));
        expect(new Set(events.map((e) => e.commitment.code))).toEqual(new Set(codes));
      }
      // Exactly once: nothing arrives beyond the writes (one more write is the next event everywhere).
      await writeEverywhere(1, 'Marker');
      for (const sub of subs) {
        const events = await sub.until(total + 3);
        expect(events.map((e) => e.sequence)).toEqual(range(start, total + 3));
      }
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });

  it('lets a subscriber that reconnects to another instance with `after` miss nothing', async () => {
    const start = await currentSequence(instances[0].services.orm.em.fork() as EntityManager);
    const total = 3 * WRITES_PER_INSTANCE;
    const first = wsClient(instances[0].wsUrl);
    let second: ReturnType<typeof wsClient> | undefined;
    try {
      await connected(first);
      const before = collect(first, STATUS, { after: start });
      const writes = writeEverywhere(WRITES_PER_INSTANCE, 'Reconnect');
      const seen = await before.until(5);
      await first.dispose(); // drops while writes go on
      second = wsClient(instances[2].wsUrl); // connects now: `connected` waits for this connection's acknowledgement
      await connected(second);
      const last = seen[seen.length - 1].sequence;
      const after = collect(second, STATUS, { after: last });
      await writes;
      const rest = await after.until(start + total - last);
      expect([...seen, ...rest].map((e) => e.sequence)).toEqual(range(start, total));
    } finally {
      await first.dispose();
      await second?.dispose();
    }
  });

  it('leaves the stored sequence gap-free: every number from the start to the counter is stamped once', async () => {
    const em = instances[1].services.orm.em.fork() as EntityManager;
    const start = await currentSequence(em);
    await writeEverywhere(WRITES_PER_INSTANCE, 'Stored');
    const rows: { sequence: number | string }[] = await em
      .getConnection()
      .execute(
        `select sequence from status_change where sequence > ? union all select sequence from progress_update where sequence > ? order by sequence`,
        [start, start],
      );
    expect(rows.map((r) => Number(r.sequence))).toEqual(range(start, 3 * WRITES_PER_INSTANCE));
    expect(await currentSequence(em)).toBe(start + 3 * WRITES_PER_INSTANCE);
  });
});
