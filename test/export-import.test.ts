/**
 * Export (GET /export/*.csv|json over real HTTP) and import (importCsv, and the built CLI in a
 * child process) over copies of the seeded database.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { EntityManager } from '@mikro-orm/knex';
import { freshDatabase, startTestServer, type TestServer } from './support/server';
import { REPO } from './support/paths';
import { databaseEnv, sqlDatetime } from './support/database';
import { createUser } from '../src/services/users';
import { Role } from '../src/domain/enums';
import { importCsv } from '../src/import/import';
import { formatReport } from '../src/import/report';
import { exportRows, recommendationExport } from '../src/export/rows';
import type { AppServices } from '../src/server/context';

const run = promisify(execFile);

async function download(t: TestServer, path: string, token?: string) {
  const res = await fetch(new URL(path, t.url).toString(), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

const rowsOf = (csv: Buffer): Record<string, string>[] => parse(csv, { columns: true });

async function tokenFor(t: TestServer, role = Role.SECRETARIAT): Promise<string> {
  const em = t.services.orm.em.fork() as EntityManager;
  return (await createUser(em, { email: `${role.toLowerCase()}-${Date.now()}@example.org`, role }, t.clock.now())).token;
}

async function count(services: AppServices, table: string): Promise<number> {
  const [{ n }] = await services.orm.em.fork().getKnex()(table).count({ n: '*' });
  return Number(n);
}

const csv = (...lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n');

describe('export', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('serves recommendations as RFC 4180 CSV: a header row, CRLF line ends, UTF-8, an attachment', async () => {
    const { res, body } = await download(t, '/export/recommendations.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="recommendations-2026-11-24.csv"');
    const text = body.toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      'code,source_code,title,text,section,level,themes,addressees,deadline,is_summary,document,status,responsible_actor_codes',
    );
    const rows = rowsOf(body);
    // No seeded text holds a line break: every line end is a record's CRLF.
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text.split('\r\n')).toHaveLength(rows.length + 2);
    expect(text.endsWith('\r\n')).toBe(true);
    const total = await t.gql('{ recommendations { totalCount } }');
    expect(rows).toHaveLength(total.data.recommendations.totalCount);
    // A seeded text with a curly apostrophe comes out byte for byte as GraphQL serves it.
    const gql = await t.gql('{ recommendation(code: "CRC-COMMITTEE-CO-02") { text themes status source { code } } }');
    const row = rows.find((r) => r.code === 'CRC-COMMITTEE-CO-02')!;
    expect(gql.data.recommendation.text).toContain('’');
    expect(row.text).toBe(gql.data.recommendation.text);
    expect(row).toMatchObject({
      source_code: gql.data.recommendation.source.code,
      themes: gql.data.recommendation.themes.join(';'),
      status: gql.data.recommendation.status,
    });
  });

  it('quotes fields with commas, quotes and line breaks as RFC 4180 says', async () => {
    const code = 'CHILDREN-SUPPORT-CENTER-PROTECT-AND-RESPECT-ME';
    // The seeded title and description hold double quotes and commas; a line break is added here.
    const knex = t.services.orm.em.fork().getKnex();
    await knex('commitment').where({ code }).update({ evidence: 'First line, "quoted"\nsecond line' });
    const { body } = await download(t, `/export/commitments.csv?search=${encodeURIComponent('protect respect')}`);
    const gql = await t.gql(`{ commitment(code: "${code}") { title description evidence } }`);
    const { title, description, evidence } = gql.data.commitment;
    expect(title).toMatch(/"/);
    expect(description).toMatch(/[",]/);
    const quoted = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const text = body.toString('utf8');
    expect(text).toContain(`,${quoted(title)},${quoted(description)},`);
    expect(text).toContain(`${quoted('First line, "quoted"\nsecond line')}\r\n`);
    expect(rowsOf(body).find((r) => r.code === code)).toMatchObject({ title, description, evidence });
  });

  it('exports exactly the rows the GraphQL filter selects, lists comma-separated or repeated', async () => {
    const filter = { sourceCodes: ['ROME-2012', 'FLORENCE-2008'], statuses: ['IN_PROGRESS', 'NO_COMMITMENT'], themes: ['PROTECTION'] };
    const gql = await t.gql('query($f: RecommendationFilter) { recommendations(filter: $f) { totalCount } }', { f: filter });
    const expected = gql.data.recommendations.totalCount;
    expect(expected).toBeGreaterThan(0);
    const commaSeparated = await download(
      t,
      '/export/recommendations.csv?sourceCodes=ROME-2012,FLORENCE-2008&statuses=IN_PROGRESS,NO_COMMITMENT&themes=PROTECTION',
    );
    const repeated = await download(
      t,
      '/export/recommendations.json?sourceCodes=ROME-2012&sourceCodes=FLORENCE-2008&statuses=IN_PROGRESS&statuses=NO_COMMITMENT&themes=PROTECTION',
    );
    expect(rowsOf(commaSeparated.body)).toHaveLength(expected);
    const json = JSON.parse(repeated.body.toString('utf8'));
    expect(repeated.res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(json).toHaveLength(expected);
    expect(json[0]).toMatchObject({
      code: expect.any(String),
      themes: expect.arrayContaining(['PROTECTION']),
      is_summary: expect.any(Boolean),
    });

    const commitments = await t.gql(
      '{ commitments(filter: { countryCodes: ["IT"], overdue: false, dueAfter: "2000-01-01" }) { totalCount } }',
    );
    const exported = await download(t, '/export/commitments.json?countryCodes=IT&overdue=false&dueAfter=2000-01-01');
    const rows = JSON.parse(exported.body.toString('utf8'));
    expect(rows).toHaveLength(commitments.data.commitments.totalCount);
    expect(rows.every((r: any) => r.is_overdue === false && typeof r.version === 'number')).toBe(true);
  });

  it('leaves archived rows out unless includeArchived=true', async () => {
    const knex = t.services.orm.em.fork().getKnex();
    const [{ code }] = await knex('recommendation').select('code').orderBy('code').limit(1);
    await knex('recommendation')
      .where({ code })
      .update({ archived_at: sqlDatetime(knex, t.clock.now()) });
    const live = rowsOf((await download(t, '/export/recommendations.csv')).body).map((r) => r.code);
    const all = rowsOf((await download(t, '/export/recommendations.csv?includeArchived=true')).body).map((r) => r.code);
    expect(live).not.toContain(code);
    expect(all).toContain(code);
    expect(all).toHaveLength(live.length + 1);
    await knex('recommendation').where({ code }).update({ archived_at: null });
  });

  it('refuses bad parameters with 400 BAD_USER_INPUT naming the parameter', async () => {
    for (const [query, field] of [
      ['levels=NATIONAL,NOPE', 'levels'],
      ['hasCommitment=yes', 'hasCommitment'],
      ['dueBefore=2020-02-30', 'dueBefore'],
      ['actorIds=not-an-id', 'actorIds'],
      ['colour=red', 'colour'],
    ] as const) {
      const path = field === 'dueBefore' ? `/export/commitments.csv?${query}` : `/export/recommendations.csv?${query}`;
      const { res, body } = await download(t, path);
      expect([query, res.status]).toEqual([query, 400]);
      const json = JSON.parse(body.toString('utf8'));
      expect(json.errors[0]).toMatchObject({ message: expect.any(String), extensions: { code: 'BAD_USER_INPUT', field } });
    }
  });

  it('refuses a bad token with 401 UNAUTHENTICATED', async () => {
    const { res, body } = await download(t, '/export/commitments.csv', 'not-a-token');
    expect(res.status).toBe(401);
    expect(JSON.parse(body.toString('utf8')).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('reads in keyset batches: any batch size yields the same rows, once each, in code order', async () => {
    const knex = t.services.orm.em.fork().getKnex();
    const codes = async (batchSize: number) => {
      const out: string[] = [];
      for await (const row of exportRows(knex, recommendationExport, {}, t.clock.now(), batchSize)) out.push(row.code as string);
      return out;
    };
    const small = await codes(7);
    expect(small).toEqual(await codes(10_000));
    expect(small).toEqual([...small].sort());
    expect(new Set(small).size).toBe(small.length);
  });
});

describe('export when public read is off', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { publicRead: false } });
  });
  afterAll(() => t.stop());

  it('refuses anonymous callers with 401 and serves callers with a token', async () => {
    const anonymous = await download(t, '/export/recommendations.csv');
    expect(anonymous.res.status).toBe(401);
    expect(JSON.parse(anonymous.body.toString('utf8')).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const viewer = await download(t, '/export/recommendations.csv', await tokenFor(t, Role.VIEWER));
    expect(viewer.res.status).toBe(200);
    expect(rowsOf(viewer.body).length).toBeGreaterThan(100);
  });
});

/** Rewrites a CSV export with `change` applied to its rows (CRLF, as the export writes). */
function edit(file: Buffer, change: (rows: Record<string, string>[]) => Record<string, string>[]): Buffer {
  const rows = change(rowsOf(file));
  return Buffer.from(stringify(rows, { header: true, columns: Object.keys(rowsOf(file)[0]), record_delimiter: '\r\n' }));
}

describe('import', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('imports nothing from a file with one bad row, and reports that row’s line and reason', async () => {
    const before = { commitments: await count(t.services, 'commitment'), history: await count(t.services, 'status_change') };
    const file = csv(
      'code,actor_code,recommendation_codes,title,description,status',
      'IMPORT-C1,IT,ROME-2012-AFR-01;FLORENCE-2008-NAT-09,A valid commitment,,IN_PROGRESS',
      'IMPORT-C2,IT,ROME-2012-AFR-01,Another valid one,"Spans two lines,',
      'as a quoted field may",NOT_STARTED',
      'IMPORT-C3,NO-SUCH-ACTOR,ROME-2012-AFR-01,Its actor is unknown,,IN_PROGRESS',
    );
    const report = await importCsv(t.services, 'commitments', file);
    expect(report).toMatchObject({ imported: false, rows: 3, created: 0 });
    expect(report.problems).toEqual([{ line: 5, field: 'actor_code', message: 'Unknown actor "NO-SUCH-ACTOR"' }]);
    expect(formatReport(report, 'c.csv')).toBe(
      'c.csv: 3 rows, 1 problem; nothing imported\n  line 5, actor_code: Unknown actor "NO-SUCH-ACTOR"',
    );
    expect({ commitments: await count(t.services, 'commitment'), history: await count(t.services, 'status_change') }).toEqual(before);
  });

  it('reads and writes link kinds (link_kinds, parallel to recommendation_codes) and applies the time rule', async () => {
    const exported = rowsOf((await download(t, '/export/commitments.csv?recommendationCodes=RIO-2008-CALL-01')).body);
    const theCode = exported.find((r) => r.code === 'THE-CODE-TRAVEL-AND-TOURISM')!;
    expect(theCode.recommendation_codes.split(';')).toContain('RIO-2008-CALL-01');
    expect(theCode.link_kinds.split(';')).toEqual(theCode.recommendation_codes.split(';').map(() => 'CONTRIBUTES_TO'));

    const file = csv(
      'code,actor_code,recommendation_codes,link_kinds,title,start_date',
      'IMPORT-L1,IT,RIO-2008-CALL-01;ROME-2012-AFR-01,RESPONDS_TO;CONTRIBUTES_TO,Answers Rio,2009',
      'IMPORT-L2,IT,RIO-2008-CALL-01,RESPONDS_TO,Began before Rio,1998',
      'IMPORT-L3,IT,RIO-2008-CALL-01;ROME-2012-AFR-01,RESPONDS_TO,One kind for two links,2013',
    );
    const refused = await importCsv(t.services, 'commitments', file);
    expect(refused.problems).toEqual([
      { line: 3, field: 'link_kinds', message: expect.stringMatching(/^RIO-2008-CALL-01: a commitment that began 1998 cannot respond/) },
      { line: 4, field: 'link_kinds', message: 'link_kinds gives 1 kinds for 2 recommendation codes' },
    ]);
    const report = await importCsv(
      t.services,
      'commitments',
      csv(
        'code,actor_code,recommendation_codes,link_kinds,title,start_date',
        'IMPORT-L1,IT,RIO-2008-CALL-01;ROME-2012-AFR-01,RESPONDS_TO;CONTRIBUTES_TO,Answers Rio,2009',
      ),
    );
    expect(report).toMatchObject({ imported: true, created: 1 });
    const res = await t.gql(`{ commitment(code: "IMPORT-L1") { recommendations { edges { kind node { code } } } } }`);
    expect(res.data.commitment.recommendations.edges).toEqual([
      { kind: 'RESPONDS_TO', node: { code: 'RIO-2008-CALL-01' } },
      { kind: 'CONTRIBUTES_TO', node: { code: 'ROME-2012-AFR-01' } },
    ]);
  });

  it('reports every bad cell of every bad row: enums, dates, lists, references, duplicates, columns', async () => {
    const report = await importCsv(
      t.services,
      'recommendations',
      csv(
        'code,source_code,title,text,level,themes,deadline,is_summary',
        'IMPORT-R1,NO-SOURCE,Title,Text,NATIONAL,PROTECTION,2020,false',
        'IMPORT-R2,ROME-2012,Title,Text,PLANETARY,PROTECTION;SPORT,2020-13,maybe',
        'IMPORT-R1,ROME-2012,,Text,NATIONAL,,,',
      ),
    );
    expect(report.problems.map((p) => [p.line, p.field])).toEqual([
      [2, 'source_code'],
      [3, 'level'],
      [3, 'themes'],
      [3, 'deadline'],
      [3, 'is_summary'],
      [4, 'code'],
      [4, 'title'],
      [4, 'themes'],
    ]);
    expect(report.problems[5].message).toBe('IMPORT-R1 is also on line 2');
    const malformed = await importCsv(t.services, 'actors', csv('code,name,kind', 'IMPORT-A,"A name"x,STATE'));
    expect(malformed.problems).toEqual([{ line: 2, message: expect.stringMatching(/^Malformed CSV: Invalid Closing Quote/) }]);
    const header = await importCsv(t.services, 'recommendations', csv('code,title,colour', 'X,Y,red'));
    expect(header.problems.map((p) => [p.line, p.field])).toEqual([
      [1, 'colour'],
      [1, 'source_code'],
      [1, 'text'],
      [1, 'level'],
      [1, 'themes'],
    ]);
  });

  it('writes nothing on a dry run, yet counts what the import would do', async () => {
    const before = { recommendations: await count(t.services, 'recommendation'), events: await count(t.services, 'status_change') };
    const file = csv(
      'code,source_code,title,text,level,themes',
      'IMPORT-DRY-1,ROME-2012,A new one,Its text,NATIONAL,PROTECTION',
      'ROME-2012-AFR-01,ROME-2012,A changed title,Changed text,NATIONAL,PROTECTION',
    );
    const report = await importCsv(t.services, 'recommendations', file, { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, imported: false, problems: [], created: 1, updated: 1, unchanged: 0 });
    expect(formatReport(report, 'r.csv')).toBe(
      'r.csv: 2 rows valid; dry run, nothing written (would be: 1 created, 1 updated, 0 unchanged)',
    );
    expect({ recommendations: await count(t.services, 'recommendation'), events: await count(t.services, 'status_change') }).toEqual(
      before,
    );
    const res = await t.gql(
      '{ recommendation(code: "ROME-2012-AFR-01") { title } imported: recommendation(code: "IMPORT-DRY-1") { code } }',
    );
    expect(res.data.recommendation.title).not.toBe('A changed title');
    expect(res.data.imported).toBeNull();
  });

  it('changes a commitment’s status through the transition rules: exactly one StatusChange, the next sequence, one new version', async () => {
    const exported = (await download(t, '/export/commitments.csv')).body;
    const target = rowsOf(exported).find((r) => r.status === 'IN_PROGRESS')!;
    const history = await count(t.services, 'status_change');
    const [{ last }] = await t.services.orm.em.fork().getKnex()('event_counter').select({ last: 'value' });

    const report = await importCsv(
      t.services,
      'commitments',
      edit(exported, (rows) => rows.map((r) => (r.code === target.code ? { ...r, status: 'PARTIALLY_IMPLEMENTED' } : r))),
    );
    expect(report).toMatchObject({ imported: true, problems: [], created: 0, updated: 1, unchanged: report.rows - 1 });
    expect(await count(t.services, 'status_change')).toBe(history + 1);
    const res = await t.gql(
      `{ commitment(code: "${target.code}") { status version history(first: 100) { edges { node { fromStatus toStatus sequence by { name } } } } } }`,
    );
    const { status, version, history: h } = res.data.commitment;
    expect({ status, version }).toEqual({ status: 'PARTIALLY_IMPLEMENTED', version: Number(target.version) + 1 });
    expect(h.edges[h.edges.length - 1].node).toEqual({
      fromStatus: 'IN_PROGRESS',
      toStatus: 'PARTIALLY_IMPLEMENTED',
      sequence: Number(last) + 1,
      by: { name: 'system' },
    });

    const refused = await importCsv(
      t.services,
      'commitments',
      edit(exported, (rows) => rows.filter((r) => r.code === target.code).map((r) => ({ ...r, status: 'WITHDRAWN' }))),
    );
    expect(refused.problems).toEqual([
      { line: 2, field: 'status_reason', message: 'Going from PARTIALLY_IMPLEMENTED to WITHDRAWN needs a reason' },
    ]);
    const invalid = await importCsv(
      t.services,
      'commitments',
      csv(
        'code,actor_code,recommendation_codes,title,status',
        `${target.code},${target.actor_code},${target.recommendation_codes},${target.title.includes(',') ? 'T' : target.title},NOT_STARTED`,
      ),
    );
    expect(invalid.problems).toEqual([
      { line: 2, field: 'status', message: 'A commitment cannot go from PARTIALLY_IMPLEMENTED to NOT_STARTED' },
    ]);
    expect(await count(t.services, 'status_change')).toBe(history + 1);
  });

  it('publishes new progress updates with the next sequence and applies their new status once', async () => {
    const commitment = rowsOf((await download(t, '/export/commitments.csv?statuses=NOT_STARTED')).body)[0];
    const file = csv(
      'code,commitment_code,summary,reported_at,period_start,period_end,new_status,evidence_links',
      `IMPORT-P1,${commitment.code},"Work began, as planned.",2026-11-01,2026-10,2026-10,IN_PROGRESS,https://example.org/a;https://example.org/b`,
    );
    const history = await count(t.services, 'status_change');
    const first = await importCsv(t.services, 'progress-updates', file);
    expect(first).toMatchObject({ imported: true, created: 1, problems: [] });
    const res = await t.gql(`{ commitment(code: "${commitment.code}") { status
      progressUpdates(first: 100) { edges { node { code state summary sequence reportedAt evidenceLinks newStatus } } }
      history(first: 100) { edges { node { toStatus sequence } } } } }`);
    const update = res.data.commitment.progressUpdates.edges.map((e: any) => e.node).find((n: any) => n.code === 'IMPORT-P1');
    expect(update).toMatchObject({
      state: 'PUBLISHED',
      summary: 'Work began, as planned.',
      reportedAt: '2026-11-01T00:00:00.000Z',
      newStatus: 'IN_PROGRESS',
      evidenceLinks: ['https://example.org/a', 'https://example.org/b'],
    });
    expect(res.data.commitment.status).toBe('IN_PROGRESS');
    const last = res.data.commitment.history.edges[res.data.commitment.history.edges.length - 1].node;
    expect(last).toEqual({ toStatus: 'IN_PROGRESS', sequence: update.sequence + 1 });

    const again = await importCsv(t.services, 'progress-updates', file);
    expect(again).toMatchObject({ imported: true, created: 0, updated: 0, unchanged: 1 });
    expect(await count(t.services, 'status_change')).toBe(history + 1);
  });

  it('imports actors whose parent comes later in the same file', async () => {
    const report = await importCsv(
      t.services,
      'actors',
      csv(
        'code,name,kind,country,parent_code',
        'IMPORT-CHILD,A ministry department,GOVERNMENT_BODY,,IMPORT-PARENT',
        'IMPORT-PARENT,A ministry,GOVERNMENT_BODY,it,IT',
      ),
    );
    expect(report).toMatchObject({ imported: true, created: 2, problems: [] });
    const res = await t.gql('{ actor(code: "IMPORT-CHILD") { parent { code country parent { code } } } }');
    expect(res.data.actor.parent).toEqual({ code: 'IMPORT-PARENT', country: 'IT', parent: { code: 'IT' } });
    const bad = await importCsv(t.services, 'actors', csv('code,name,kind,country,parent_code', 'IMPORT-X,X,STATE,XX,IMPORT-X'));
    expect(bad.problems.map((p) => p.field)).toEqual(['country', 'parent_code']);
  });

  it('names a wrong enum value with its article (an ActorKind)', async () => {
    const report = await importCsv(t.services, 'actors', csv('code,name,kind', 'IMPORT-Z,Z,PLANET'));
    expect(report.problems).toEqual([
      expect.objectContaining({ field: 'kind', message: expect.stringMatching(/^"PLANET" is not an ActorKind \(/) }),
    ]);
  });

  it('refuses to import as a user who may not edit reference data', async () => {
    const em = t.services.orm.em.fork() as EntityManager;
    const { user } = await createUser(em, { email: 'viewer-import@example.org', role: Role.VIEWER }, t.clock.now());
    await expect(importCsv(t.services, 'actors', csv('code,name,kind', 'IMPORT-Y,Y,STATE'), { as: user.email })).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });
});

describe('export → import round trip', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    [a, b] = await Promise.all([startTestServer(), startTestServer({ databasePath: freshDatabase() })]);
  });
  afterAll(() => Promise.all([a.stop(), b.stop()]));

  it('imports an export into a fresh copy so that exporting again gives the same bytes', async () => {
    // Make the first database differ from the seeds: a new recommendation with awkward text, a new commitment, a status change.
    const recommendations = await importCsv(
      a.services,
      'recommendations',
      csv(
        'code,source_code,title,text,section,level,themes,addressees,deadline,is_summary,document,responsible_actor_codes',
        'ROME-2012-IMPORTED-1,ROME-2012,"Commas, ""quotes"" and ’curly’ ones","Line one, ""quoted"",',
        'line two ’",A > B,NATIONAL,PROTECTION;PREVENTION,STATE;MEDIA,2030-06,true,import.csv,IT;COE',
      ),
    );
    expect(recommendations.problems).toEqual([]);
    const commitments = await importCsv(
      a.services,
      'commitments',
      csv(
        'code,actor_code,recommendation_codes,title,due_date,status,reporting_frequency',
        'IMPORTED-C1,IT,ROME-2012-IMPORTED-1;ROME-2012-AFR-01,A new commitment,2027-03,IN_PROGRESS,QUARTERLY',
      ),
    );
    expect(commitments.problems).toEqual([]);
    const exported = (await download(a, '/export/commitments.csv')).body;
    const moved = rowsOf(exported).find((r) => r.status === 'NOT_STARTED')!;
    const changed = await importCsv(
      a.services,
      'commitments',
      edit(exported, (rows) =>
        rows.filter((r) => r.code === moved.code).map((r) => ({ ...r, status: 'STALLED', title: `${r.title} (renamed)` })),
      ),
    );
    expect(changed).toMatchObject({ updated: 1, problems: [] });

    const fromA = {
      recommendations: (await download(a, '/export/recommendations.csv?includeArchived=true')).body,
      commitments: (await download(a, '/export/commitments.csv?includeArchived=true')).body,
    };
    expect((await download(b, '/export/commitments.csv?includeArchived=true')).body.equals(fromA.commitments)).toBe(false);

    expect(await importCsv(b.services, 'recommendations', fromA.recommendations)).toMatchObject({
      imported: true,
      created: 1,
      updated: 0,
      problems: [],
    });
    expect(await importCsv(b.services, 'commitments', fromA.commitments)).toMatchObject({
      imported: true,
      created: 1,
      updated: 1,
      problems: [],
    });
    const fromB = {
      recommendations: (await download(b, '/export/recommendations.csv?includeArchived=true')).body,
      commitments: (await download(b, '/export/commitments.csv?includeArchived=true')).body,
    };
    expect(fromB.recommendations.toString('utf8')).toBe(fromA.recommendations.toString('utf8'));
    expect(fromB.commitments.toString('utf8')).toBe(fromA.commitments.toString('utf8'));
    expect(fromB.recommendations.equals(fromA.recommendations) && fromB.commitments.equals(fromA.commitments)).toBe(true);
  });
});

describe('the import command', () => {
  const cli = join(REPO, 'dist', 'import', 'cli.js');
  let dir: string;
  beforeAll(async () => {
    if (!existsSync(cli))
      await run(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: REPO });
    dir = mkdtempSync(join(tmpdir(), 'tracker-import-'));
  });

  const importCommand = async (databasePath: string, ...args: string[]) => {
    try {
      const { stdout } = await run(process.execPath, [cli, ...args], {
        cwd: REPO,
        env: { ...process.env, ...databaseEnv(databasePath), LOG_LEVEL: 'silent' },
      });
      return { code: 0, stdout };
    } catch (err: any) {
      return { code: err.code as number, stdout: err.stdout as string, stderr: err.stderr as string };
    }
  };

  it('validates, dry-runs and imports a file into the database DATABASE_PATH names, exiting 1 on a bad row', async () => {
    const databasePath = freshDatabase();
    const good = join(dir, 'good.csv');
    writeFileSync(
      good,
      csv('code,actor_code,recommendation_codes,title,status', 'CLI-C1,IT,ROME-2012-AFR-01,From the command line,IN_PROGRESS'),
    );
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      csv(
        'code,actor_code,recommendation_codes,title,status',
        'CLI-C2,IT,ROME-2012-AFR-01,Fine,IN_PROGRESS',
        'CLI-C3,IT,NO-SUCH-REC,Not fine,DONE',
      ),
    );

    expect(await importCommand(databasePath, 'commitments', good, '--dry-run')).toEqual({
      code: 0,
      stdout: `${good}: 1 row valid; dry run, nothing written (would be: 1 created, 0 updated, 0 unchanged)\n`,
    });
    expect(await importCommand(databasePath, 'commitments', bad)).toMatchObject({
      code: 1,
      stdout: `${bad}: 2 rows, 2 problems; nothing imported\n  line 3, recommendation_codes: Unknown recommendation "NO-SUCH-REC"\n  line 3, status: "DONE" is not a CommitmentStatus (NOT_STARTED, IN_PROGRESS, PARTIALLY_IMPLEMENTED, IMPLEMENTED, STALLED, WITHDRAWN)\n`,
    });
    expect(await importCommand(databasePath, 'commitments', good)).toEqual({
      code: 0,
      stdout: `${good}: 1 row imported: 1 created, 0 updated, 0 unchanged\n`,
    });
    expect((await importCommand(databasePath, 'nonsense', good)).code).toBe(2);

    const t = await startTestServer({ databasePath });
    try {
      const res = await t.gql(
        '{ commitment(code: "CLI-C1") { status actor { code } history { totalCount } } c2: commitment(code: "CLI-C2") { code } }',
      );
      expect(res.data).toEqual({ commitment: { status: 'IN_PROGRESS', actor: { code: 'IT' }, history: { totalCount: 1 } }, c2: null });
    } finally {
      await t.stop();
    }
  }, 120_000); // several CLI processes, each loading the ORM
});
