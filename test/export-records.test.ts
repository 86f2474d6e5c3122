/**
 * Exports of progress updates, status history and assessments (GET /export/*.csv|json over real
 * HTTP): the commitments' filter, the same auth and errors as the other exports, published
 * updates only, keyset batches, and a progress-updates export that imports back as it is.
 */
import { parse } from 'csv-parse/sync';
import { startTestServer, type TestServer } from './support/server';
import { idOf, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';
import { exportRows, progressUpdateExport, statusHistoryExport } from '../src/export/rows';
import { importCsv } from '../src/import/import';

let t: TestServer;
let secretariat: string;

async function download(path: string, token?: string) {
  const res = await fetch(new URL(path, t.url).toString(), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}
const rowsOf = (csv: Buffer): Record<string, string>[] => parse(csv, { columns: true });

beforeAll(async () => {
  t = await startTestServer();
  secretariat = await tokenFor(t, Role.SECRETARIAT);
});
afterAll(() => t.stop());

describe('progress updates export', () => {
  it('serves published updates of the filtered commitments as CSV and JSON, never drafts', async () => {
    const commitmentId = await idOf(t, 'commitment', 'IT-DEO-NATIONAL-CARE-GUIDELINES');
    const focalPoint = await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'IT-DEO' });
    const LOG = `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { code } } }`;
    const published = await t.gql(
      LOG,
      { i: { commitmentId, summary: 'Exported, published', evidenceLinks: ['https://example.org/a'] } },
      secretariat,
    );
    const draft = await t.gql(LOG, { i: { commitmentId, summary: 'Not exported, a draft' } }, focalPoint);
    const publishedCode = published.data.logProgress.progressUpdate.code;

    const csv = await download('/export/progress-updates.csv?commitmentCodes=IT-DEO-NATIONAL-CARE-GUIDELINES');
    expect(csv.res.status).toBe(200);
    expect(csv.res.headers.get('content-disposition')).toBe('attachment; filename="progress-updates-2026-11-24.csv"');
    expect(csv.body.toString('utf8').split('\r\n')[0]).toBe(
      'code,commitment_code,summary,reported_at,period_start,period_end,new_status,status_reason,evidence_links,actor_code,published_at,sequence,corrects_code',
    );
    const rows = rowsOf(csv.body);
    expect(rows.map((r) => r.code)).toContain(publishedCode);
    expect(rows.map((r) => r.code)).not.toContain(draft.data.logProgress.progressUpdate.code);
    expect(rows.every((r) => r.commitment_code === 'IT-DEO-NATIONAL-CARE-GUIDELINES' && r.actor_code === 'IT-DEO')).toBe(true);
    expect(rows.find((r) => r.code === publishedCode)).toMatchObject({
      summary: 'Exported, published',
      reported_at: t.clock.now().toISOString(),
      evidence_links: 'https://example.org/a',
    });

    const json = await download('/export/progress-updates.json?commitmentCodes=IT-DEO-NATIONAL-CARE-GUIDELINES');
    expect(json.res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const objects = JSON.parse(json.body.toString('utf8'));
    expect(objects.map((r: any) => r.code)).toEqual(rows.map((r) => r.code));
    const mine = objects.find((r: any) => r.code === publishedCode);
    expect(mine).toMatchObject({ evidence_links: ['https://example.org/a'], corrects_code: null });
    expect(typeof mine.sequence).toBe('number');

    // Filtered like the commitments: another country's has none of them.
    const elsewhere = rowsOf((await download('/export/progress-updates.csv?countryCodes=BR')).body);
    expect(elsewhere.map((r) => r.code)).not.toContain(publishedCode);
  });

  it('imports back as it is (its derived columns ignored), changing nothing', async () => {
    const exported = (await download('/export/progress-updates.csv')).body;
    expect(rowsOf(exported).length).toBeGreaterThan(0);
    const report = await importCsv(t.services, 'progress-updates', exported, { dryRun: true });
    expect(report.problems).toEqual([]);
    expect(report.created).toBe(0);
    expect(report.updated).toBe(0);
  });

  it('reads in keyset batches: any batch size yields the same rows, once each', async () => {
    const knex = t.services.orm.em.fork().getKnex();
    for (const kind of [progressUpdateExport, statusHistoryExport]) {
      const keys = async (size: number) => {
        const out: string[] = [];
        for await (const row of exportRows(knex, kind, {}, t.clock.now(), size)) out.push(String(row.code ?? row.sequence));
        return out;
      };
      const small = await keys(3);
      expect(small).toEqual(await keys(10_000));
      expect(new Set(small).size).toBe(small.length);
    }
  });
});

describe('status history export', () => {
  it('lists the status changes of the filtered commitments in sequence order', async () => {
    const { body } = await download('/export/status-history.csv?countryCodes=IT');
    expect(body.toString('utf8').split('\r\n')[0]).toBe(
      'sequence,commitment_code,actor_code,from_status,to_status,at,reason,progress_update_code',
    );
    const rows = rowsOf(body);
    expect(rows.length).toBeGreaterThan(0);
    const sequences = rows.map((r) => Number(r.sequence));
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    const json = JSON.parse((await download('/export/status-history.json?countryCodes=IT&statuses=IMPLEMENTED')).body.toString('utf8'));
    expect(json.every((r: any) => typeof r.sequence === 'number' && typeof r.to_status === 'string')).toBe(true);
  });
});

describe('assessments export', () => {
  it('lists live assessments of the filtered commitments', async () => {
    const ombudsperson = await tokenFor(t, Role.OMBUDSPERSON, { country: 'IT' });
    const commitmentId = await idOf(t, 'commitment', 'IT-DEO-NATIONAL-CARE-GUIDELINES');
    const added = await t.gql(
      `mutation($i: AddAssessmentInput!) { addAssessment(input: $i) { assessment { id } } }`,
      {
        i: {
          commitmentId,
          rating: 'PARTIALLY_IMPLEMENTED',
          summary: 'Only half the regions',
          evidenceLinks: ['https://example.org/shadow'],
        },
      },
      ombudsperson,
    );
    expect(added.errors).toBeUndefined();
    const { res, body } = await download('/export/assessments.json?actorCodes=IT-DEO');
    expect(res.status).toBe(200);
    const rows = JSON.parse(body.toString('utf8'));
    expect(rows).toContainEqual(
      expect.objectContaining({
        commitment_code: 'IT-DEO-NATIONAL-CARE-GUIDELINES',
        actor_code: 'IT-DEO',
        rating: 'PARTIALLY_IMPLEMENTED',
        summary: 'Only half the regions',
        evidence_links: ['https://example.org/shadow'],
        assessed_at: t.clock.now().toISOString(),
      }),
    );
    const csv = await download('/export/assessments.csv?actorCodes=COE');
    expect(rowsOf(csv.body).map((r) => r.commitment_code)).not.toContain('IT-DEO-NATIONAL-CARE-GUIDELINES');
  });
});

describe('auth and errors, as the other exports', () => {
  it('refuses a bad parameter with 400 BAD_USER_INPUT naming it, and a bad token with 401', async () => {
    for (const kind of ['progress-updates', 'status-history', 'assessments']) {
      const bad = await download(`/export/${kind}.csv?countryCodes=Italy`);
      expect(bad.res.status).toBe(400);
      expect(JSON.parse(bad.body.toString('utf8')).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'countryCodes' });
      const token = await download(`/export/${kind}.json`, 'not-a-token');
      expect(token.res.status).toBe(401);
      expect(JSON.parse(token.body.toString('utf8')).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses anonymous callers when public read is off', async () => {
    const closed = await startTestServer({ config: { publicRead: false } });
    try {
      const res = await fetch(new URL('/export/status-history.csv', closed.url).toString());
      expect(res.status).toBe(401);
      const viewer = await tokenFor(closed, Role.VIEWER);
      const ok = await fetch(new URL('/export/status-history.csv', closed.url).toString(), {
        headers: { authorization: `Bearer ${viewer}` },
      });
      expect(ok.status).toBe(200);
    } finally {
      await closed.stop();
    }
  });
});
