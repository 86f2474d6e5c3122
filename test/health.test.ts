/**
 * /healthz answers from background checks (run on the injected clock): ok, degraded with the
 * reason (writes failing for a storage reason, disk nearly full, a damaged file), unavailable
 * (503) when reads fail.
 */
import { openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { freshDatabase, startTestServer, type TestServer } from './support/server';
import { writeQueueOf } from '../src/db/write-queue';

const healthOf = async (t: TestServer) => {
  const res = await fetch(t.url.replace('/graphql', '/healthz'));
  return { status: res.status, body: (await res.json()) as { status: string; reasons: string[]; checkedAt: string } };
};

/** Waits for the round of checks the clock just started (they run on the database, not on the clock). */
async function nextRound(t: TestServer, interval: number) {
  const before = (await healthOf(t)).body.checkedAt;
  t.clock.advance(interval);
  for (let i = 0; i < 200 && (await healthOf(t)).body.checkedAt === before; i++) await new Promise((r) => setImmediate(r));
}

const INTERVAL = 5_000;

describe('/healthz', () => {
  let t: TestServer;
  afterEach(() => t?.stop());

  it('says ok, then degraded while writes fail for a storage reason, then ok after a write succeeds', async () => {
    t = await startTestServer({ config: { healthCheckIntervalMs: INTERVAL } });
    expect(await healthOf(t)).toEqual({ status: 200, body: { status: 'ok', reasons: [], checkedAt: expect.any(String) } });

    const full = Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL' });
    await expect(writeQueueOf(t.services.orm).run(() => Promise.reject(full))).rejects.toThrow('SQLITE_FULL');
    expect(await healthOf(t)).toMatchObject({
      status: 200,
      body: { status: 'degraded', reasons: ['writes are failing: SQLITE_FULL: database or disk is full'] },
    });

    // A write refused for its content is not a storage failure; a successful write clears it.
    await writeQueueOf(t.services.orm).run(async () => undefined);
    expect((await healthOf(t)).body.status).toBe('ok');
  });

  it('says degraded when free disk space falls under HEALTH_MIN_FREE_BYTES', async () => {
    t = await startTestServer({ config: { healthCheckIntervalMs: INTERVAL, healthMinFreeBytes: Number.MAX_SAFE_INTEGER } });
    const { status, body } = await healthOf(t);
    expect(status).toBe(200);
    expect(body.status).toBe('degraded');
    expect(body.reasons).toEqual([
      expect.stringMatching(/^the disk of the database is nearly full: \d+ MB free, under HEALTH_MIN_FREE_BYTES/),
    ]);
  });

  it('reports a damaged file as degraded and failing reads as unavailable (503), checked in the background', async () => {
    const databasePath = freshDatabase();
    t = await startTestServer({ databasePath, config: { healthCheckIntervalMs: INTERVAL, healthIntegrityIntervalMs: INTERVAL } });
    expect((await healthOf(t)).body.status).toBe('ok');
    const knex = t.services.orm.em.fork().getKnex();
    await knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    const pageSize = Number((await knex.raw('PRAGMA page_size'))[0].page_size);
    const rootOf = async (table: string) =>
      Number((await knex.raw(`select rootpage from sqlite_schema where name = ?`, [table]))[0].rootpage);

    // Damage a table the read check does not touch: the structure check finds it.
    const file = openSync(databasePath, 'r+');
    const garbage = Buffer.alloc(pageSize, 0x5a);
    writeSync(file, garbage, 0, pageSize, ((await rootOf('recommendation')) - 1) * pageSize);
    await nextRound(t, INTERVAL);
    const damaged = await healthOf(t);
    expect(damaged.status).toBe(200);
    expect(damaged.body.status).toBe('degraded');
    expect(damaged.body.reasons.join(' ')).toMatch(/the database file is damaged/);

    // Damage the table the read check reads: reads fail, the server is unavailable.
    writeSync(file, garbage, 0, pageSize, ((await rootOf('event_counter')) - 1) * pageSize);
    closeSync(file);
    // Any commit makes the read connections drop their page caches and read the file again.
    await knex.raw('create table health_probe (x integer)');
    await nextRound(t, INTERVAL);
    const down = await healthOf(t);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'unavailable', reasons: [expect.stringMatching(/^reads are failing: /), expect.anything()] });
    expect(readFileSync(databasePath).length).toBeGreaterThan(0);
  });
});
