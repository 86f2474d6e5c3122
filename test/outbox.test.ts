/**
 * The transactional outbox and the worker: a committed write leaves its public events in the
 * outbox, a refused (rolled-back) one and a draft leave none; workers claim events with a lease
 * (each claimed once while the lease holds, again once it has run out); the worker runs its
 * tasks on the injected clock.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { startTestServer, type TestServer } from './support/server';
import { idOf, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';
import { writeQueueOf } from '../src/db/write-queue';
import { claimOutboxEvents, pendingOutboxCount } from '../src/queries/outbox';
import { createWorker } from '../src/worker/tasks';
import { OUTBOX_LEASE_MS } from '../src/worker/outbox';

let t: TestServer;
let secretariat: string;
let focalPoint: string;
let commitmentId: string;

interface OutboxRow {
  event_id: string;
  topic: string;
  sequence: number;
  commitment_id: number;
  dispatched_at: unknown;
}

const outboxRows = async (): Promise<OutboxRow[]> =>
  t.services.orm.em.getConnection().execute(`select event_id, topic, sequence, commitment_id, dispatched_at from outbox_event order by id`);

const em = () => t.services.orm.em.fork() as EntityManager;

async function setStatus(status: string, expectedVersion: number, reason?: string) {
  return t.gql(
    `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { version history(last: 1) { edges { node { sequence } } } } } }`,
    { i: { id: commitmentId, expectedVersion, status, reason } },
    secretariat,
  );
}

beforeAll(async () => {
  t = await startTestServer();
  secretariat = await tokenFor(t, Role.SECRETARIAT);
  focalPoint = await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'IT-DEO' });
  const res = await t.gql(
    `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id } } }`,
    {
      input: {
        actorId: await idOf(t, 'actor', 'IT-DEO'),
        recommendationIds: [await idOf(t, 'recommendation', 'FLORENCE-2008-NAT-03')],
        title: 'Outbox commitment',
      },
    },
    secretariat,
  );
  expect(res.errors).toBeUndefined();
  commitmentId = res.data.createCommitment.commitment.id;
});
afterAll(() => t.stop());

describe('the outbox', () => {
  it('holds one row per public event of a committed write, with its sequence and an event id', async () => {
    const before = (await outboxRows()).length;
    const res = await setStatus('IN_PROGRESS', 1);
    expect(res.errors).toBeUndefined();
    const rows = await outboxRows();
    expect(rows).toHaveLength(before + 1);
    const row = rows[rows.length - 1];
    expect(row).toMatchObject({ topic: 'STATUS_CHANGED', dispatched_at: null });
    expect(Number(row.sequence)).toBe(res.data.updateCommitment.commitment.history.edges[0].node.sequence);
    expect(row.event_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('holds nothing of a refused write (rolled back) nor of a draft', async () => {
    const before = (await outboxRows()).length;
    const refused = await setStatus('NOT_STARTED', 1); // stale version: CONFLICT, rolled back
    expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT');
    const draft = await t.gql(
      `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { state } } }`,
      { i: { commitmentId, summary: 'A draft nobody outside may see' } },
      focalPoint,
    );
    expect(draft.errors).toBeUndefined();
    expect(draft.data.logProgress.progressUpdate.state).toBe('DRAFT');
    expect(await outboxRows()).toHaveLength(before);
  });
});

describe('claims with a lease', () => {
  it('gives each event to one of two concurrent claimers, and again to another once the lease has run out', async () => {
    expect((await setStatus('IMPLEMENTED', 2)).errors).toBeUndefined();
    const now = t.clock.now();
    const until = new Date(now.getTime() + OUTBOX_LEASE_MS);
    const writes = writeQueueOf(t.services.orm);
    const [a, b] = await Promise.all(['worker-a', 'worker-b'].map((id) => writes.run(() => claimOutboxEvents(em(), id, now, until, 1000))));
    const pending = await pendingOutboxCount(em());
    expect(a.length + b.length).toBe(pending);
    expect(pending).toBeGreaterThan(0);
    const ids = [...a, ...b].map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    // Within the lease nobody else gets them; past it, another worker does.
    expect(await writes.run(() => claimOutboxEvents(em(), 'worker-c', now, until, 1000))).toEqual([]);
    const later = new Date(until.getTime() + 1);
    const again = await writes.run(() => claimOutboxEvents(em(), 'worker-c', later, new Date(later.getTime() + OUTBOX_LEASE_MS), 1000));
    expect(again.map((e) => e.eventId).sort()).toEqual([...ids].sort());
    expect(again[0].event).toMatchObject({ topic: expect.any(String), sequence: expect.any(Number), commitmentId: expect.any(Number) });
  });

  it('the worker runs its outbox task on the injected clock and marks what it dispatched', async () => {
    // The leases taken above (the last one two leases from now) run out on the manual clock.
    t.clock.advance(3 * OUTBOX_LEASE_MS);
    expect(await pendingOutboxCount(em())).toBeGreaterThan(0);
    const worker = createWorker(t.services, 'clock-worker');
    expect(worker.taskNames).toContain('outbox');
    worker.start();
    try {
      t.clock.advance(0); // start() schedules every task at once, on the clock
      await worker.settle();
      expect(await pendingOutboxCount(em())).toBe(0);
      // Later events wait for the next turn, every WORKER_POLL_MS on the clock.
      expect((await setStatus('IN_PROGRESS', 3, 'Reopened after review')).errors).toBeUndefined();
      await worker.settle();
      expect(await pendingOutboxCount(em())).toBe(1);
      t.clock.advance(t.services.config.workerPollMs);
      await worker.settle();
      expect(await pendingOutboxCount(em())).toBe(0);
    } finally {
      await worker.stop();
    }
  });
});
