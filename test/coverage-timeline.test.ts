/** Recommendation coverage, the status timeline and progress reports due, over the seeded data. */
import { startTestServer, type TestServer } from './support/server';
import { sqlDatetime } from './support/database';
import { countStatements, fewestStatements } from './support/sql-counter';

let t: TestServer;
/** A second instance whose database copy the tests change directly, to set up reporting and statuses. */
let w: TestServer;
beforeAll(async () => {
  [t, w] = await Promise.all([startTestServer(), startTestServer()]);
});
afterAll(() => Promise.all([t.stop(), w.stop()]));
const db = () => w.services.orm.em.getKnex();

function ok(res: { data?: any; errors?: unknown[] }): any {
  expect(res.errors).toBeUndefined();
  return res.data;
}

describe('recommendationCoverage', () => {
  const COVERAGE = `query($filter: RecommendationFilter) { recommendationCoverage(filter: $filter) {
    source { code startDate } total withoutResponsibleActor withoutCommitment onlyStalledOrOverdue } }`;
  const LIST_COUNTS = `query($all: RecommendationFilter, $noActor: RecommendationFilter, $noCommitment: RecommendationFilter, $stalled: RecommendationFilter) {
    all: recommendations(filter: $all) { totalCount }
    noActor: recommendations(filter: $noActor) { totalCount }
    noCommitment: recommendations(filter: $noCommitment) { totalCount }
    stalled: recommendations(filter: $stalled) { totalCount } }`;

  async function expectAgreesWithLists(filter: Record<string, unknown>) {
    const coverage = ok(await t.gql(COVERAGE, { filter })).recommendationCoverage;
    expect(coverage.length).toBeGreaterThan(0);
    for (const row of coverage) {
      const base = { ...filter, sourceCodes: [row.source.code] };
      const lists = ok(
        await t.gql(LIST_COUNTS, {
          all: base,
          noActor: { ...base, hasResponsibleActor: false },
          noCommitment: { ...base, hasCommitment: false },
          stalled: { ...base, onlyStalledOrOverdue: true },
        }),
      );
      expect([row.source.code, row.total, row.withoutResponsibleActor, row.withoutCommitment, row.onlyStalledOrOverdue]).toEqual([
        row.source.code,
        lists.all.totalCount,
        lists.noActor.totalCount,
        lists.noCommitment.totalCount,
        lists.stalled.totalCount,
      ]);
    }
    const overall = ok(await t.gql(`query($filter: RecommendationFilter) { recommendations(filter: $filter) { totalCount } }`, { filter }));
    expect(coverage.reduce((sum: number, row: any) => sum + row.total, 0)).toBe(overall.recommendations.totalCount);
    return coverage;
  }

  it('agrees per source with recommendations filtered by source and hasCommitment, hasResponsibleActor, onlyStalledOrOverdue', async () => {
    const coverage = await expectAgreesWithLists({});
    expect(coverage.map((r: any) => r.source.code)).toEqual(expect.arrayContaining(['FLORENCE-2008', 'ROME-2012', 'STRASBOURG-2019']));
    const dates = coverage.map((r: any) => r.source.startDate).filter(Boolean);
    expect(dates).toEqual([...dates].sort());
  });

  it('honours its filter', async () => {
    const coverage = await expectAgreesWithLists({ levels: ['NATIONAL'], themes: ['PROTECTION'] });
    const all = ok(await t.gql(COVERAGE, {})).recommendationCoverage;
    const total = (rows: any[]) => rows.reduce((sum, r) => sum + r.total, 0);
    expect(total(coverage)).toBeLessThan(total(all));
  });
});

describe('recommendation filters for coverage', () => {
  interface Listed {
    responsibilities: { totalCount: number };
    commitments: { edges: { kind: string; node: { status: string; isOverdue: boolean } }[] };
  }

  async function allRecommendations(server = t): Promise<Listed[]> {
    const all: Listed[] = [];
    let after: string | null = null;
    for (;;) {
      const data: any = ok(
        await server.gql(
          `query($after: String) { recommendations(first: 50, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { node { responsibilities { totalCount } commitments(first: 20) { totalCount edges { kind node { status isOverdue } } } } } } }`,
          { after },
        ),
      );
      all.push(...data.recommendations.edges.map((e: any) => e.node));
      if (!data.recommendations.pageInfo.hasNextPage) return all;
      after = data.recommendations.pageInfo.endCursor;
    }
  }
  const count = async (filter: Record<string, unknown>, server = t) =>
    ok(await server.gql(`query($filter: RecommendationFilter) { recommendations(filter: $filter) { totalCount } }`, { filter }))
      .recommendations.totalCount;

  /** Counted here from the commitments that answer each recommendation (RESPONDS_TO). */
  const expectedStalledOrOverdue = async (server = t) =>
    (await allRecommendations(server)).filter((r) => {
      const live = r.commitments.edges
        .filter((e) => e.kind === 'RESPONDS_TO')
        .map((e) => e.node)
        .filter((c) => c.status !== 'WITHDRAWN');
      return live.length > 0 && live.every((c) => c.status === 'STALLED' || c.isOverdue);
    }).length;

  it('hasResponsibleActor selects the recommendations with a responsibility, and false the others', async () => {
    const recs = await allRecommendations();
    const responsible = recs.filter((r) => r.responsibilities.totalCount > 0).length;
    expect(responsible).toBeGreaterThan(0);
    expect(await count({ hasResponsibleActor: true })).toBe(responsible);
    expect(await count({ hasResponsibleActor: false })).toBe(recs.length - responsible);
  });

  it('onlyStalledOrOverdue selects the recommendations whose live commitments are all stalled or overdue, as of the clock', async () => {
    // The only commitment answering FLORENCE-2008-ITA-02 falls due in 2020.
    await db()('commitment').where('code', 'IT-EXPERTS-TRAFFICKING-OFFER').update({ due_date: '2020', due_date_end: '2020-12-31' });
    const now = await expectedStalledOrOverdue(w);
    expect(now).toBeGreaterThan(0);
    expect(await count({ onlyStalledOrOverdue: true }, w)).toBe(now);
    expect(await count({ onlyStalledOrOverdue: false }, w)).toBe((await allRecommendations(w)).length - now);

    w.clock.set('2019-06-01T12:00:00Z'); // before it fell due
    try {
      expect(await expectedStalledOrOverdue(w)).toBe(0);
      expect(await count({ onlyStalledOrOverdue: true }, w)).toBe(0);
    } finally {
      w.clock.set('2026-11-24T12:00:00Z');
    }
  });

  it('onlyStalledOrOverdue counts STALLED commitments and ignores withdrawn ones', async () => {
    const codes = async () =>
      ok(
        await w.gql(`{ recommendations(first: 100, filter: { onlyStalledOrOverdue: true }) {
      edges { node { code } } } }`),
      ).recommendations.edges.map((e: any) => e.node.code);
    // STOCKHOLM-1996-AGENDA-01 is answered by these two commitments only (IT-LAW-269-1998 only contributes to it).
    expect(await codes()).not.toContain('STOCKHOLM-1996-AGENDA-01');
    await db()('commitment').where('code', 'UNICEF-TACRO-I').update({ status: 'STALLED' });
    await db()('commitment').where('code', 'IT-DGCS-TACRO-II').update({ status: 'WITHDRAWN' });
    expect(await codes()).toContain('STOCKHOLM-1996-AGENDA-01');
    expect(await count({ onlyStalledOrOverdue: true }, w)).toBe(await expectedStalledOrOverdue(w));
  });
});

describe('statusTimeline', () => {
  const TIMELINE = `query($from: Date!, $to: Date!, $filter: CommitmentFilter) {
    statusTimeline(from: $from, to: $to, filter: $filter) { month total counts { status count } } }`;

  interface Change {
    toStatus: string;
    at: string;
    sequence: number;
  }

  /** Each listed commitment's status history, fetched through the commitments list. */
  async function histories(filter: Record<string, unknown>): Promise<Change[][]> {
    const data = ok(
      await t.gql(
        `query($filter: CommitmentFilter) { commitments(first: 100, filter: $filter) {
      pageInfo { hasNextPage } edges { node { history(first: 20) { edges { node { toStatus at sequence } } } } } } }`,
        { filter },
      ),
    );
    expect(data.commitments.pageInfo.hasNextPage).toBe(false);
    return data.commitments.edges.map((e: any) => e.node.history.edges.map((h: any) => h.node));
  }

  /** The timeline rebuilt here: per month, the status of the last change before the next month begins. */
  function rebuild(all: Change[][], months: string[]) {
    return months.map((month) => {
      const [y, m] = month.split('-').map(Number);
      const end = Date.UTC(y, m, 1);
      const counts = new Map<string, number>();
      for (const history of all) {
        const before = history
          .filter((c) => Date.parse(c.at) < end)
          .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.sequence - b.sequence);
        const last = before[before.length - 1];
        if (last) counts.set(last.toStatus, (counts.get(last.toStatus) ?? 0) + 1);
      }
      return { month, total: [...counts.values()].reduce((a, b) => a + b, 0), nonZero: Object.fromEntries(counts) };
    });
  }

  const shape = (timeline: any[]) =>
    timeline.map((m) => ({
      month: m.month,
      total: m.total,
      nonZero: Object.fromEntries(m.counts.filter((c: any) => c.count > 0).map((c: any) => [c.status, c.count])),
    }));

  function monthsBetween(from: string, to: string): string[] {
    const months: string[] = [];
    for (
      let d = new Date(`${from.slice(0, 7)}-01T00:00:00Z`);
      d.toISOString().slice(0, 7) <= to.slice(0, 7);
      d.setUTCMonth(d.getUTCMonth() + 1)
    ) {
      months.push(d.toISOString().slice(0, 7));
    }
    return months;
  }

  it.each([
    ['1990-01-01', '1990-12-31', {}],
    ['2007-06-15', '2011-02-01', {}],
    ['2017-01-01', '2026-11-24', {}],
    ['1998-01-01', '2007-12-31', { countryCodes: ['IT'] }],
  ])('matches the status history from %s to %s with filter %j, month by month', async (from, to, filter) => {
    const timeline = ok(await t.gql(TIMELINE, { from, to, filter })).statusTimeline;
    expect(timeline.map((m: any) => m.month)).toEqual(monthsBetween(from, to));
    expect(shape(timeline)).toEqual(rebuild(await histories(filter), monthsBetween(from, to)));
    for (const m of timeline) {
      expect(m.counts.map((c: any) => c.status)).toEqual([
        'NOT_STARTED',
        'IN_PROGRESS',
        'PARTIALLY_IMPLEMENTED',
        'IMPLEMENTED',
        'STALLED',
        'WITHDRAWN',
      ]);
      expect(m.counts.reduce((sum: number, c: any) => sum + c.count, 0)).toBe(m.total);
    }
  });

  it('counts nothing in the months before the first recorded change', async () => {
    const timeline = ok(await t.gql(TIMELINE, { from: '1990-01-01', to: '1990-12-31' })).statusTimeline;
    // The earliest seeded change is dated 5 October 1990.
    expect(timeline.slice(0, 9).map((m: any) => m.total)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(timeline[9].total).toBeGreaterThan(0);
  });

  it('shows a commitment in its earlier status until the month of its next change', async () => {
    // IT-DGCS-NIGERIA-ITALY-TRAFFICKING: IN_PROGRESS on 1 March 2008, IMPLEMENTED on 1 May 2010.
    const filter = { search: 'IT-DGCS-NIGERIA-ITALY-TRAFFICKING' };
    const timeline = ok(await t.gql(TIMELINE, { from: '2008-02-01', to: '2010-05-01', filter })).statusTimeline;
    const statusIn = (month: string) => {
      const m = timeline.find((x: any) => x.month === month);
      return m.counts.filter((c: any) => c.count > 0).map((c: any) => c.status);
    };
    expect(statusIn('2008-02')).toEqual([]);
    expect(statusIn('2008-03')).toEqual(['IN_PROGRESS']);
    expect(statusIn('2010-04')).toEqual(['IN_PROGRESS']);
    expect(statusIn('2010-05')).toEqual(['IMPLEMENTED']);
  });

  it('ends, in the current month, with the current status counts', async () => {
    for (const filter of [{}, { countryCodes: ['IT'] }]) {
      const timeline = ok(await t.gql(TIMELINE, { from: '2026-01-01', to: '2026-11-24', filter })).statusTimeline;
      const stats = ok(
        await t.gql(
          `query($filter: CommitmentFilter) { commitmentStats(groupBy: [STATUS], filter: $filter) {
        total buckets { count keys { value } } } }`,
          { filter },
        ),
      ).commitmentStats;
      const last = timeline[timeline.length - 1];
      expect(last.month).toBe('2026-11');
      expect(last.total).toBe(stats.total);
      expect(Object.fromEntries(last.counts.filter((c: any) => c.count > 0).map((c: any) => [c.status, c.count]))).toEqual(
        Object.fromEntries(stats.buckets.map((b: any) => [b.keys[0].value, b.count])),
      );
    }
  });

  it('runs as one statement (beside the check of its filter codes)', async () => {
    const { count, statements } = await countStatements(t.services.orm, async () => {
      ok(await t.gql(TIMELINE, { from: '2000-01-01', to: '2009-12-31', filter: { sourceCodes: ['FLORENCE-2008'] } }));
    });
    // The filter's source codes are checked first (src/domain/filters.ts): one lookup.
    expect(statements[0]).toMatch(/^select .?code.? from .?source.? where/);
    expect(count).toBe(2);
  });

  it('covers at most 120 months and refuses a range that ends before it starts, with BAD_USER_INPUT', async () => {
    const longest = ok(await t.gql(TIMELINE, { from: '2000-01-31', to: '2009-12-01' })).statusTimeline;
    expect(longest).toHaveLength(120);
    for (const [from, to] of [
      ['2000-01-01', '2010-01-01'],
      ['2010-01-01', '2009-12-31'],
    ]) {
      const res = await t.gql(TIMELINE, { from, to });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    }
  });
});

describe('progress reports due', () => {
  const COMMITMENT = `query($code: String!) { commitment(code: $code) { createdAt reportingFrequency nextReportDue isReportOverdue } }`;
  const one = async (code: string) => ok(await w.gql(COMMITMENT, { code })).commitment;
  const dueCodes = async (reportDue: boolean) => {
    const data = ok(
      await w.gql(`query($f: CommitmentFilter) { commitments(first: 100, filter: $f) { edges { node { code } } } }`, { f: { reportDue } }),
    );
    return data.commitments.edges.map((e: any) => e.node.code).sort();
  };

  it('is due a year after its document’s date for an annual seeded commitment with no report or start date, never from the install date', async () => {
    // The European Day's text states no frequency; made annual here to exercise the rule.
    await db()('commitment').where('code', 'COE-EUROPEAN-DAY-2019').update({ reporting_frequency: 'ANNUAL' });
    const c = await one('COE-EUROPEAN-DAY-2019');
    expect(c.reportingFrequency).toBe('ANNUAL');
    // reportedOn is the Strasbourg report's date, 9 July 2019.
    const due = '2020-07-09';
    expect(c.nextReportDue).toBe(due);

    w.clock.set(`${due}T00:00:00Z`);
    expect((await one('COE-EUROPEAN-DAY-2019')).isReportOverdue).toBe(false);
    expect(await dueCodes(true)).toContain('COE-EUROPEAN-DAY-2019');

    w.clock.set(new Date(Date.parse(`${due}T00:00:00Z`) - 1));
    expect(await dueCodes(true)).not.toContain('COE-EUROPEAN-DAY-2019');
    expect(await dueCodes(false)).toContain('COE-EUROPEAN-DAY-2019');

    w.clock.set(new Date(Date.parse(`${due}T00:00:00Z`) + 86_400_000));
    expect((await one('COE-EUROPEAN-DAY-2019')).isReportOverdue).toBe(true);
  });

  it('expects no report for NONE and for closed commitments', async () => {
    expect(await one('IT-DGCS-NIGERIA-ITALY-TRAFFICKING')).toMatchObject({
      reportingFrequency: 'NONE',
      nextReportDue: null,
      isReportOverdue: false,
    });
    await db()('commitment').where('code', 'IT-DGCS-TACRO-II').update({ reporting_frequency: 'MONTHLY' }); // IMPLEMENTED
    w.clock.set('2099-01-01T00:00:00Z');
    expect(await one('IT-DGCS-TACRO-II')).toMatchObject({ reportingFrequency: 'MONTHLY', nextReportDue: null, isReportOverdue: false });
    expect(await dueCodes(true)).not.toContain('IT-DGCS-TACRO-II');
  });

  it('counts from the last published report, ignoring drafts and archived ones, then from the start date', async () => {
    const code = 'VIRTUAL-GLOBAL-TASKFORCE-PARTNERSHIP'; // starts 2003; published reports on 2008-10-01 and 2012-11-01
    await db()('commitment').where('code', code).update({ reporting_frequency: 'QUARTERLY' });
    expect((await one(code)).nextReportDue).toBe('2013-02-01');

    await db()('progress_update').where('code', `${code}-P2`).update({ state: 'DRAFT' });
    expect((await one(code)).nextReportDue).toBe('2009-01-01');

    await db()('progress_update')
      .where('code', `${code}-P1`)
      .update({ archived_at: sqlDatetime(db(), new Date('2020-01-01')) });
    expect((await one(code)).nextReportDue).toBe('2003-04-01');
  });

  it('keeps a report due at the end of a shorter month (31 January + 1 month = 29 February)', async () => {
    await db()('commitment')
      .where('code', 'IT-ODG-CARTA-DI-TREVISO-2006-COMMITMENTS')
      .update({ reporting_frequency: 'MONTHLY', start_date: '2024-01-31' });
    expect((await one('IT-ODG-CARTA-DI-TREVISO-2006-COMMITMENTS')).nextReportDue).toBe('2024-02-29');
    w.clock.set('2024-02-29T23:00:00Z');
    expect(await dueCodes(true)).toContain('IT-ODG-CARTA-DI-TREVISO-2006-COMMITMENTS');
    w.clock.set('2024-02-28T23:00:00Z');
    expect(await dueCodes(true)).not.toContain('IT-ODG-CARTA-DI-TREVISO-2006-COMMITMENTS');
  });

  it('filters with reportDue exactly the commitments whose nextReportDue is on or before today', async () => {
    await db()('commitment').where('code', 'COE-LANZAROTE-IMPLEMENTATION-SUPPORT').update({ reporting_frequency: 'SEMIANNUAL' }); // starts 2016
    await db()('commitment').where('code', 'UN-CRC-COMMITTEE-ART34-MONITORING').update({ reporting_frequency: 'ANNUAL' });
    const all = ok(await w.gql(`{ commitments(first: 100) { edges { node { code nextReportDue } } } }`)).commitments.edges.map(
      (e: any) => e.node,
    );
    const scheduled = all.filter((c: any) => c.nextReportDue !== null);
    expect(scheduled.length).toBeGreaterThanOrEqual(4);
    for (const today of ['2003-01-01', '2013-11-01', '2016-07-01', '2024-02-29', '2030-01-01']) {
      w.clock.set(`${today}T12:00:00Z`);
      const expected = scheduled
        .filter((c: any) => c.nextReportDue <= today)
        .map((c: any) => c.code)
        .sort();
      expect([today, await dueCodes(true)]).toEqual([today, expected]);
      expect((await dueCodes(false)).length).toBe(all.length - expected.length);
    }
  });

  it('loads the last report dates in one statement for a whole page', async () => {
    const query = `query($n: Int!) { commitments(first: $n) { edges { node { nextReportDue isReportOverdue } } } }`;
    const small = await fewestStatements(w.services.orm, () => w.gql(query, { n: 10 }));
    const large = await fewestStatements(w.services.orm, () => w.gql(query, { n: 50 }));
    expect(large.count).toBe(small.count);
  });
});
