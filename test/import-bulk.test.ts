/**
 * A large commitments import: new rows are inserted in bulk (statements grow with the number of
 * 1,000-row chunks, not with the rows), and each new commitment still gets exactly what a single
 * create gives it: its links, one first StatusChange numbered in file order, one event.
 */
import { stringify } from 'csv-stringify/sync';
import { startTestServer, type TestServer } from './support/server';
import { countStatements } from './support/sql-counter';
import { importCsv } from '../src/import/import';
import { failureLine } from '../src/import/report';
import { CHANNEL, type TrackerEvent } from '../src/pubsub/events';
import { dialectOf } from '../src/queries/dialect';

const STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'PARTIALLY_IMPLEMENTED'];

function commitmentsCsv(prefix: string, n: number): Buffer {
  const rows = Array.from({ length: n }, (_, i) => ({
    code: `${prefix}-${String(i).padStart(5, '0')}`,
    actor_code: 'ACCOR',
    recommendation_codes: i % 2 ? 'STOCKHOLM-1996-AGENDA-01;STOCKHOLM-1996-AGENDA-02' : 'STOCKHOLM-1996-AGENDA-02',
    link_kinds: i % 2 ? 'RESPONDS_TO;CONTRIBUTES_TO' : '',
    title: `Bulk commitment ${i}`,
    start_date: '2000',
    status: STATUSES[i % STATUSES.length],
  }));
  return Buffer.from(stringify(rows, { header: true }));
}

describe('bulk commitments import', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('writes 2,500 new commitments with their links, first statuses in file order, and one event each', async () => {
    const knex = t.services.orm.em.fork().getKnex();
    const [{ value: before }] = await knex('event_counter').select('value');
    const events: TrackerEvent[] = [];
    const listen = (async () => {
      for await (const batch of t.services.events.subscribe(CHANNEL) as AsyncIterable<TrackerEvent[]>) {
        events.push(...batch);
        if (events.length >= 2500) break;
      }
    })();

    const report = await importCsv(t.services, 'commitments', commitmentsCsv('BULK', 2500));
    expect(report).toMatchObject({ imported: true, created: 2500, updated: 0, problems: [] });
    await listen;

    const rows = await knex('commitment as c')
      .join('status_change as s', 's.commitment_id', 'c.id')
      .where('c.code', 'like', 'BULK-%')
      .select('c.code', 'c.status', 'c.version', 'c.created_at', 's.from_status', 's.to_status', 's.sequence')
      .orderBy('c.code');
    expect(rows).toHaveLength(2500); // exactly one status change each
    rows.forEach((r, i) => {
      expect(r).toMatchObject({ status: STATUSES[i % 3], version: 1, from_status: null, to_status: STATUSES[i % 3] });
      expect(Number(r.sequence)).toBe(Number(before) + 1 + i);
      expect(dialectOf(knex).readDatetime(r.created_at).getTime()).toBe(t.clock.now().getTime());
    });
    const [{ value: after }] = await knex('event_counter').select('value');
    expect(Number(after)).toBe(Number(before) + 2500);

    const links = await knex('commitment_recommendations as cr')
      .join('commitment as c', 'c.id', 'cr.commitment_id')
      .join('recommendation as r', 'r.id', 'cr.recommendation_id')
      .whereIn('c.code', ['BULK-00000', 'BULK-00001'])
      .select('c.code', 'r.code as rec', 'cr.kind')
      .orderBy(['c.code', 'r.code']);
    expect(links).toEqual([
      { code: 'BULK-00000', rec: 'STOCKHOLM-1996-AGENDA-02', kind: 'RESPONDS_TO' },
      { code: 'BULK-00001', rec: 'STOCKHOLM-1996-AGENDA-01', kind: 'RESPONDS_TO' },
      { code: 'BULK-00001', rec: 'STOCKHOLM-1996-AGENDA-02', kind: 'CONTRIBUTES_TO' },
    ]);

    expect(events.map((e) => e.sequence)).toEqual(rows.map((r) => Number(r.sequence)));
    expect(events[1]).toMatchObject({ topic: 'STATUS_CHANGED', status: 'IN_PROGRESS', sourceCodes: ['STOCKHOLM-1996'], draft: false });

    // Read back through the API as any client would.
    const { data } = await t.gql(
      `{ commitment(code: "BULK-00001") { status version history(first: 5) { edges { node { fromStatus toStatus } } } } }`,
    );
    expect(data.commitment).toEqual({
      status: 'IN_PROGRESS',
      version: 1,
      history: { edges: [{ node: { fromStatus: null, toStatus: 'IN_PROGRESS' } }] },
    });
  });

  it('needs about the same number of statements for 3,000 rows as for 300', async () => {
    const small = await countStatements(t.services.orm, () => importCsv(t.services, 'commitments', commitmentsCsv('SMALL', 300)));
    const large = await countStatements(t.services.orm, () => importCsv(t.services, 'commitments', commitmentsCsv('LARGE', 3000)));
    // Lookups go 500 codes and inserts 1,000 rows per statement: ten times the rows adds
    // statements per chunk (about 30), never per row (2,700).
    expect(small.count).toBeGreaterThan(0);
    expect(large.count - small.count).toBeLessThanOrEqual(40);
  });

  it('reports a database failure in one line, without the statement', () => {
    const statement = `insert into commitment (code) values ${'(?), '.repeat(20000)}(?)`;
    const err = new Error(`${statement} - SQLITE_CONSTRAINT: NOT NULL constraint failed: commitment.title`);
    expect(failureLine(err)).toBe('SQLITE_CONSTRAINT: NOT NULL constraint failed: commitment.title');
    expect(failureLine(new Error(`first line\n${statement}`))).toBe('first line');
  });
});
