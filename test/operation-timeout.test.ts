/**
 * OPERATION_TIMEOUT_MS: a running SQLite statement is interrupted when its operation's time is
 * up, and an operation over its limit answers TIMEOUT having written nothing. No sleeps: an
 * endless statement can only end by being interrupted, and the write is held by an explicit
 * lock until its budget has run out.
 */
import sqlite3 from 'sqlite3';
import { startTestServer, type TestServer } from './support/server';
import { tokenFor } from './support/users';
import { Role } from '../src/domain/enums';
import { OperationBudget, withOperationBudget } from '../src/db/operation-budget';
import { toGlobalId } from '../src/schema/global-id';

const ENDLESS = `with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) as n from c`;

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('the operation time limit', () => {
  let t: TestServer;
  afterEach(() => t?.stop());

  it('interrupts a running statement and leaves the connection usable', async () => {
    t = await startTestServer({ config: { databasePoolSize: 1 } });
    const knex = t.services.orm.em.getKnex('read');
    await expect(withOperationBudget(50, () => knex.raw(ENDLESS))).rejects.toMatchObject({ extensions: { code: 'TIMEOUT' } });
    // The one read connection answers the next statement.
    expect(await knex.raw('select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('answers TIMEOUT for a write still running past the limit, writing nothing', async () => {
    t = await startTestServer({ config: { operationTimeoutMs: 100, databaseBusyTimeoutMs: 60_000 } });
    const token = await tokenFor(t, Role.SECRETARIAT);
    const knex = t.services.orm.em.getKnex('read');
    const [{ id, version }] = await knex('commitment').select('id', 'version').orderBy('id').limit(1);
    const globalId = toGlobalId('Commitment', id);

    const holder = new sqlite3.Database(t.databasePath);
    await new Promise<void>((resolve, reject) => holder.exec('BEGIN IMMEDIATE', (err) => (err ? reject(err) : resolve())));
    const expiredBefore = OperationBudget.expiredCount;
    const answer = fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { commitment { version } } }`,
        variables: { input: { id: globalId, expectedVersion: version, title: 'Too late' } },
      }),
    });
    await until(() => OperationBudget.expiredCount > expiredBefore);
    await new Promise<void>((resolve) => holder.exec('COMMIT', () => holder.close(() => resolve())));

    const body = (await (await answer).json()) as any;
    expect(body.errors[0].extensions.code).toBe('TIMEOUT');
    expect(body.errors[0].message).toMatch(/OPERATION_TIMEOUT_MS/);
    const [after] = await knex('commitment').select('version', 'title').where({ id });
    expect(after.version).toBe(version);
    expect(after.title).not.toBe('Too late');
  });

  // Issue 11's defect: with one connection, two slow operations (a statusTimeline at 100k) made
  // a trivial query and /healthz wait until they failed. Readers now have connections of their
  // own: while two statements that never end hold two readers, the rest keeps answering.
  it('does not make a trivial query, a write or /healthz wait behind slow operations', async () => {
    t = await startTestServer({ config: { databasePoolSize: 3 } });
    const token = await tokenFor(t, Role.SECRETARIAT);
    const knex = t.services.orm.em.getKnex('read');
    const budgets: OperationBudget[] = [];
    const slow = [1, 2].map(() =>
      withOperationBudget(600_000, (budget) => {
        budgets.push(budget);
        return knex.raw(ENDLESS);
      }),
    );
    let slowSettled = false;
    void Promise.allSettled(slow).then(() => (slowSettled = true));
    try {
      // Both statements hold their reader: each budget has a statement to interrupt.
      await until(() => budgets.length === 2 && budgets.every((b) => (b as unknown as { running: Set<unknown> }).running.size === 1));
      for (let i = 0; i < 5; i++) {
        const answer = await t.gql('{ sources(first: 3) { edges { node { code } } } }');
        expect(answer.data.sources.edges).toHaveLength(3);
      }
      const [commitment] = (await t.gql('{ commitments(first: 1) { edges { node { id } } } }')).data.commitments.edges;
      const logged = await t.gql(
        'mutation($input: LogProgressInput!) { logProgress(input: $input) { progressUpdate { state } } }',
        { input: { commitmentId: commitment.node.id, summary: 'Logged while readers are busy' } },
        token,
      );
      expect(logged.errors).toBeUndefined();
      const health = await fetch(t.url.replace(/\/graphql$/, '/healthz'));
      expect(health.status).toBe(200);
      expect(slowSettled).toBe(false);
    } finally {
      // Whatever the outcome, end the endless statements: the server cannot stop while they run.
      budgets.forEach((budget) => budget.expire());
    }
    for (const statement of slow) await expect(statement).rejects.toMatchObject({ extensions: { code: 'TIMEOUT' } });
  });
});
