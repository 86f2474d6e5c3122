/**
 * PostgreSQL's own settings (README "Configuration"): OPERATION_TIMEOUT_MS is each session's
 * `statement_timeout`, so the server itself cancels a statement that runs past it, even one no
 * operation's budget watches, while maintenance (migrations, ANALYZE) runs free of it; DATABASE_POOL_SIZE bounds the pool; DATABASE_SSL asks for TLS;
 * `/healthz` reads through the pool, answers 503 while the database refuses it and ok again once
 * it is back. PostgreSQL only (jest.config.js): SQLite has no server session, pool or TLS, and
 * test/operation-timeout.test.ts and test/health.test.ts hold the same contract there.
 */
import { createServices } from '../src/app';
import { migrate } from '../src/db/orm';
import { refreshStatistics } from '../src/queries/statistics';
import { loadConfig } from '../src/config';
import { freshDatabase, startTestServer, type TestServer } from './support/server';
import { psql } from './support/database';

/** A statement that only ends when something interrupts it. */
const ENDLESS = `with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) as n from c`;
const INTERVAL = 5_000;

const healthOf = async (t: TestServer) => {
  const res = await fetch(t.url.replace('/graphql', '/healthz'));
  return { status: res.status, body: (await res.json()) as { status: string; reasons: string[]; checkedAt: string } };
};

/** Starts a round of background checks on the injected clock and waits for its report. */
async function nextRound(t: TestServer): Promise<{ status: number; body: { status: string; reasons: string[] } }> {
  const before = (await healthOf(t)).body.checkedAt;
  t.clock.advance(INTERVAL);
  for (let i = 0; i < 2000; i++) {
    const health = await healthOf(t);
    if (health.body.checkedAt !== before) return health;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('no round of health checks ran');
}

const nameOf = (url: string) => new URL(url).pathname.slice(1);

describe('PostgreSQL settings', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('OPERATION_TIMEOUT_MS is statement_timeout: the server cancels a statement past it, and the connection stays usable', async () => {
    t = await startTestServer({ config: { operationTimeoutMs: 300, databasePoolSize: 1 } });
    const knex = t.services.orm.em.getKnex('read');
    expect((await knex.raw('show statement_timeout')).rows).toEqual([{ statement_timeout: '300ms' }]);
    // No operation budget around it: only the session's statement_timeout can end it.
    await expect(knex.raw(ENDLESS)).rejects.toMatchObject({ code: '57014' });
    expect((await knex.raw('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('holds no maintenance to it: migrations and ANALYZE run free of statement_timeout', async () => {
    t = await startTestServer({ config: { operationTimeoutMs: 300 } });
    const { orm } = t.services;
    const knex = orm.em.getKnex();
    const statements: string[] = [];
    const listener = (q: { sql: string }) => statements.push(q.sql.trim().toLowerCase());
    knex.on('query', listener);
    try {
      await migrate(orm);
      await refreshStatistics(orm, true);
    } finally {
      knex.removeListener('query', listener);
    }
    const lift = 'set local statement_timeout = 0';
    expect(statements.filter((s) => s === lift)).toHaveLength(2);
    expect(statements.indexOf('analyze')).toBeGreaterThan(statements.lastIndexOf(lift));
    // What the lift does: no limit inside that transaction, the operations' limit outside it.
    await knex.transaction(async (trx) => {
      await trx.raw(lift);
      expect((await trx.raw('show statement_timeout')).rows).toEqual([{ statement_timeout: '0' }]);
    });
    expect((await knex.raw('show statement_timeout')).rows).toEqual([{ statement_timeout: '300ms' }]);
  });

  it('OPERATION_TIMEOUT_MS=0 sets no statement_timeout', async () => {
    t = await startTestServer({ config: { operationTimeoutMs: 0 } });
    expect((await t.services.orm.em.getKnex('read').raw('show statement_timeout')).rows).toEqual([{ statement_timeout: '0' }]);
  });

  it('DATABASE_POOL_SIZE bounds the pool: concurrent reads share that many sessions', async () => {
    t = await startTestServer({ config: { databasePoolSize: 2 } });
    const knex = t.services.orm.em.getKnex('read');
    expect((knex.client as { pool: { max: number } }).pool.max).toBe(2);
    const pids = await Promise.all(Array.from({ length: 8 }, () => knex.raw('select pg_backend_pid() as pid')));
    expect(new Set(pids.map((r) => r.rows[0].pid)).size).toBeLessThanOrEqual(2);
  });

  it('DATABASE_SSL asks the server for TLS: a server without it is refused at start, with the setting named', async () => {
    // The test server has ssl = off (scripts/services.sh): a TLS connection cannot be made.
    expect(psql('show ssl').trim()).toBe('off');
    const databaseUrl = freshDatabase(false);
    const config = { ...loadConfig({}), databaseUrl, databaseSsl: true, logLevel: 'silent' };
    await expect(createServices(config)).rejects.toThrow(
      /^DATABASE_URL=postgres:\/\/postgres@127\.0\.0\.1:\d+\/\S+: cannot connect: .*SSL/,
    );
  });

  it('/healthz reads through the pool: 503 while the database refuses connections, ok once it takes them again', async () => {
    t = await startTestServer({ config: { healthCheckIntervalMs: INTERVAL } });
    const name = nameOf(t.databasePath);
    expect(await healthOf(t)).toMatchObject({ status: 200, body: { status: 'ok', reasons: [] } });
    psql(`alter database "${name}" allow_connections false`);
    try {
      psql(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`);
      const down = await nextRound(t);
      expect(down).toMatchObject({
        status: 503,
        body: { status: 'unavailable', reasons: [expect.stringMatching(/^reads are failing: /)] },
      });
    } finally {
      psql(`alter database "${name}" allow_connections true`);
    }
    // The pool drops the dead sessions and opens new ones.
    let up = await nextRound(t);
    for (let i = 0; i < 3 && up.status !== 200; i++) up = await nextRound(t);
    expect(up).toMatchObject({ status: 200, body: { status: 'ok', reasons: [] } });
  });
});
