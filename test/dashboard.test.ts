/**
 * The dashboard in a real browser (Debian's Chromium driven by playwright-core): its numbers are
 * the API's, a status change written over HTTP shows up on the open page without a reload, a
 * bookmarked filter URL opens the same view, and the record pages show text and history. No
 * page logs a console error. Screenshots go to the git-ignored screenshots/ folder.
 */
import { mkdirSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from './support/server';
import { tokenFor } from './support/users';
import { REPO } from './support/paths';
import { BROWSER_TEST_TIMEOUT_MS, expectNoProblems, openPage, screenshot, useBrowser, type PageProblems } from './support/browser';
import { Role } from '../src/domain/enums';

// The functions given to page.evaluate and waitForFunction run in the page, where these exist
// (declared here, not with the DOM library, which would change the types of every test).
declare const document: any;
declare const window: any;

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

/** `npm run screenshots` also refreshes the README's images (the first screen of each page). */
const README_IMAGES = process.env.README_SCREENSHOTS ? join(REPO, 'docs') : null;
/** Events reach the page within a second on an idle machine; the test machine is not idle. */
const GENEROUS = 20_000;

const browser = useBrowser();
let t: TestServer;
/** Every WebSocket the pages opened, to drop them in the reconnection test. */
const openSockets = new Set<Socket>();
/** What went wrong on each page opened (console errors, failed or off-site requests), checked at the end. */
const problemsByPage: { path: string; problems: PageProblems }[] = [];

beforeAll(async () => {
  t = await startTestServer();
  t.server.httpServer.on('upgrade', (_req, socket) => openSockets.add(socket as Socket));
  if (README_IMAGES) mkdirSync(README_IMAGES, { recursive: true });
}, BROWSER_TEST_TIMEOUT_MS);

afterAll(async () => {
  await t?.stop();
});

/** Opens a page in a fresh context (its own sessionStorage) and waits until its first view is drawn. */
async function open(path: string, viewport?: { width: number; height: number }): Promise<Page> {
  const { page, problems } = await openPage(browser(), t, path, { viewport });
  problemsByPage.push({ path, problems });
  await page.waitForSelector('main[data-ready="true"]', { timeout: GENEROUS });
  return page;
}

const close = (page: Page) => page.context().close();

async function totalsOn(page: Page): Promise<Record<string, number>> {
  return page.$$eval('[data-total]', (cells) =>
    Object.fromEntries(cells.map((cell) => [(cell as any).dataset.total, Number(cell.textContent)])),
  );
}

/** The same totals, from the API directly. */
async function totalsFromApi(filter: Record<string, unknown> | null): Promise<Record<string, number>> {
  const res = await t.gql(
    `query($filter: CommitmentFilter, $overdue: CommitmentFilter, $reportDue: CommitmentFilter) {
      commitmentStats(filter: $filter, groupBy: [STATUS]) { total buckets { count keys { value } } }
      overdue: commitments(filter: $overdue) { totalCount }
      reportDue: commitments(filter: $reportDue) { totalCount }
    }`,
    { filter, overdue: { ...filter, overdue: true }, reportDue: { ...filter, reportDue: true } },
  );
  expect(res.errors).toBeUndefined();
  const totals: Record<string, number> = {
    ALL: res.data.commitmentStats.total,
    NOT_STARTED: 0,
    IN_PROGRESS: 0,
    PARTIALLY_IMPLEMENTED: 0,
    IMPLEMENTED: 0,
    STALLED: 0,
    WITHDRAWN: 0,
    OVERDUE: res.data.overdue.totalCount,
    REPORT_DUE: res.data.reportDue.totalCount,
  };
  for (const bucket of res.data.commitmentStats.buckets) totals[bucket.keys[0].value] = bucket.count;
  return totals;
}

describe('dashboard', () => {
  it("shows the API's totals, charts with tables, and the three lists", async () => {
    const page = await open('/');
    expect(await totalsOn(page)).toEqual(await totalsFromApi(null));
    // Every chart is an image with a title and comes with a table of the same numbers.
    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((figure) => ({
        labelled: !!figure.querySelector('svg[role="img"] title'),
        table: !!figure.querySelector('details table'),
      })),
    );
    expect(charts.length).toBe(4);
    expect(charts.every((chart) => chart.labelled && chart.table)).toBe(true);
    const overdueRows = await page.$$eval('#overdue-body tbody tr', (rows) => rows.length);
    const api = await totalsFromApi(null);
    expect(overdueRows).toBe(Math.min(api.OVERDUE, 25));
    const recent = await page.$$eval('#recent-body li', (items) => items.map((item) => item.textContent ?? ''));
    expect(recent.length).toBeGreaterThan(0);
    await screenshot(page, 'dashboard');
    if (README_IMAGES) await page.screenshot({ path: join(README_IMAGES, 'dashboard.png') });
    await close(page);
  });

  it('shows a status change made over HTTP on the open page, without a reload', async () => {
    const page = await open('/');
    await page.waitForSelector('#live[data-state="live"]', { timeout: GENEROUS });
    // The three stats subscriptions have pushed their first value; then a quiet interval passes
    // on the injected clock, so the change below is pushed at once, not at the interval's end.
    await page.waitForSelector('main[data-stats-pushes="3"]', { timeout: GENEROUS });
    t.clock.advance(60_000);
    const before = await totalsOn(page);
    const found = await t.gql(
      `{ commitments(filter: { statuses: [NOT_STARTED] }, first: 1) { edges { node { id code title version } } } }`,
    );
    const commitment = found.data.commitments.edges[0].node;
    const token = await tokenFor(t, Role.SECRETARIAT);
    const reason = 'Budget approved at the dashboard test';
    const write = await t.gql(
      `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { commitment { status } } }`,
      { input: { id: commitment.id, expectedVersion: commitment.version, status: 'IN_PROGRESS', reason } },
      token,
    );
    expect(write.errors).toBeUndefined();
    await page.waitForFunction(
      ([title, why]) =>
        ([...document.querySelectorAll('#recent-body li')] as any[]).some(
          (li) => li.textContent?.includes(title) && li.textContent.includes(why),
        ),
      [commitment.title, reason],
      { timeout: GENEROUS },
    );
    await page.waitForFunction(
      (count) => Number(document.querySelector('[data-total="IN_PROGRESS"]')?.textContent) === count,
      before.IN_PROGRESS + 1,
      { timeout: GENEROUS },
    );
    expect((await totalsOn(page)).NOT_STARTED).toBe(before.NOT_STARTED - 1);
    await close(page);
  });

  it('after a dropped connection, resumes from the last sequence seen: changes made meanwhile appear once each', async () => {
    const page = await open('/');
    await page.waitForSelector('#live[data-state="live"]', { timeout: GENEROUS });
    // Drop the page's socket and refuse new ones until the writes are done: what the page
    // shows of them can only come from the replay after `after`.
    const http = t.server.httpServer;
    const upgrades = http.listeners('upgrade') as ((...args: any[]) => void)[];
    http.removeAllListeners('upgrade');
    http.on('upgrade', (_req, socket) => socket.destroy());
    for (const socket of openSockets) socket.destroy();
    await page.waitForSelector('#live[data-state="reconnecting"]', { timeout: GENEROUS });

    const found = await t.gql(`{ commitments(filter: { statuses: [IN_PROGRESS] }, first: 2) { edges { node { id title version } } } }`);
    const token = await tokenFor(t, Role.SECRETARIAT);
    const reason = 'Funding paused while the page was offline';
    for (const { node } of found.data.commitments.edges) {
      const write = await t.gql(
        `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { commitment { status } } }`,
        { input: { id: node.id, expectedVersion: node.version, status: 'STALLED', reason } },
        token,
      );
      expect(write.errors).toBeUndefined();
    }
    http.removeAllListeners('upgrade');
    for (const listener of upgrades) http.on('upgrade', listener);

    await page.waitForFunction(
      (why) => ([...document.querySelectorAll('#recent-body li')] as any[]).filter((li) => li.textContent?.includes(why)).length === 2,
      reason,
      { timeout: GENEROUS * 2 },
    );
    await page.waitForSelector('#live[data-state="live"]', { timeout: GENEROUS });
    const titles = await page.$$eval(
      '#recent-body li',
      (items, why) => items.filter((item) => item.textContent?.includes(why)).map((item) => item.querySelector('a')?.textContent),
      reason,
    );
    expect(titles.sort()).toEqual(found.data.commitments.edges.map(({ node }: any) => node.title).sort());
    // Chromium logs each refused handshake itself: here that is the point, not a problem.
    const { problems } = problemsByPage[problemsByPage.length - 1];
    problems.consoleErrors = problems.consoleErrors.filter((message) => !/^WebSocket connection to .* failed/.test(message));
    await page.waitForFunction(
      (count) => Number(document.querySelector('[data-total="STALLED"]')?.textContent) === count,
      (await totalsFromApi(null)).STALLED,
      { timeout: GENEROUS },
    );
    await close(page);
  });

  it('reopens a bookmarked filter URL with the same view', async () => {
    const page = await open('/');
    await page.selectOption('#filter-country', 'IT');
    await page.selectOption('#filter-theme', 'PROTECTION');
    await Promise.all([page.waitForURL(/\?/), page.click('.filters button[type="submit"]')]);
    await page.waitForSelector('main[data-ready="true"]', { timeout: GENEROUS });
    const bookmark = new URL(page.url());
    expect(bookmark.search).toBe('?country=IT&theme=PROTECTION');
    const filtered = await totalsOn(page);
    await close(page);

    const reopened = await open(bookmark.pathname + bookmark.search);
    expect(await reopened.inputValue('#filter-country')).toBe('IT');
    expect(await reopened.inputValue('#filter-theme')).toBe('PROTECTION');
    expect(await totalsOn(reopened)).toEqual(filtered);
    expect(filtered).toEqual(await totalsFromApi({ countryCodes: ['IT'], themes: ['PROTECTION'] }));
    await close(reopened);
  });

  it('is usable at phone width: nothing wider than the screen', async () => {
    const page = await open('/', { width: 375, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await close(page);
  });
});

describe('record pages', () => {
  it('a commitment page shows its verbatim text, progress with evidence, assessments and full history', async () => {
    const res = await t.gql(`{ commitment(code: "IT-DGCS-TACRO-II") {
      title evidence document history { totalCount } progressUpdates { totalCount } } }`);
    const expected = res.data.commitment;
    const page = await open('/commitments/IT-DGCS-TACRO-II');
    expect(await page.textContent('h1')).toBe(expected.title);
    expect(await page.textContent('#text blockquote')).toBe(expected.evidence);
    expect(await page.textContent('#text figcaption')).toContain(expected.document);
    expect(await page.$$eval('#history tbody tr', (rows) => rows.length)).toBe(expected.history.totalCount);
    expect(await page.$$eval('#progress li.progress', (items) => items.length)).toBe(expected.progressUpdates.totalCount);
    expect(await page.textContent('#assessments')).toBeTruthy();
    await screenshot(page, 'commitment');
    if (README_IMAGES) await page.screenshot({ path: join(README_IMAGES, 'commitment.png') });
    await close(page);
  });

  it('a commitment page shows a postponed due date, with the one it replaced and the reason', async () => {
    const found = await t.gql(
      `{ commitments(filter: { statuses: [IN_PROGRESS] }, first: 1) { edges { node { id code version dueDate } } } }`,
    );
    const commitment = found.data.commitments.edges[0].node;
    const token = await tokenFor(t, Role.SECRETARIAT);
    const reason = 'Postponed by the dashboard test';
    const write = await t.gql(
      `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { commitment { dueDate } } }`,
      { input: { id: commitment.id, expectedVersion: commitment.version, dueDate: '2031-12', reason } },
      token,
    );
    expect(write.errors).toBeUndefined();
    const history = (await t.gql(`{ commitment(code: "${commitment.code}") { dueDateHistory { dueDate } } }`)).data.commitment
      .dueDateHistory;

    const page = await open(`/commitments/${commitment.code}`);
    const rows = await page.$$eval('#due-dates tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(rows).toHaveLength(history.length);
    const last = rows[rows.length - 1];
    expect(last[1]).toBe('2031-12');
    expect(last[2]).toBe(commitment.dueDate ?? '—');
    expect(last[3]).toBe(reason);
    await close(page);
  });

  it('a recommendation page shows its text with document and section, actors and commitments', async () => {
    const res = await t.gql(`{ recommendation(code: "STOCKHOLM-1996-AGENDA-01") {
      code text document commitments { totalCount } } }`);
    const expected = res.data.recommendation;
    const page = await open(`/recommendations/${expected.code}`);
    expect(await page.textContent('#text blockquote')).toBe(expected.text);
    expect(await page.textContent('#text figcaption')).toContain(expected.document);
    expect(await page.$$eval('#commitments tbody tr', (rows) => rows.length)).toBe(expected.commitments.totalCount);
    await close(page);
  });

  it("with a signed-in focal point's token, the commitment page shows their draft as a draft; the token stays out of the URL", async () => {
    const code = 'IT-DEO-NATIONAL-CARE-GUIDELINES';
    const found = await t.gql(`query($code: String!) { commitment(code: $code) { id } }`, { code });
    const token = await tokenFor(t, Role.FOCAL_POINT, { actorCode: 'IT-DEO' });
    const summary = 'Draft: the care guidelines reached three more regions';
    const draft = await t.gql(
      `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { state } } }`,
      { i: { commitmentId: found.data.commitment.id, summary } },
      token,
    );
    expect(draft.data.logProgress.progressUpdate.state).toBe('DRAFT');

    const page = await open(`/commitments/${code}`);
    expect(await page.textContent('#progress')).not.toContain(summary);
    await page.click('#session summary');
    await page.fill('#token', token);
    await Promise.all([page.waitForEvent('load'), page.click('.sign-in button[type="submit"]')]);
    await page.waitForSelector('main[data-ready="true"]', { timeout: GENEROUS });
    await page.waitForSelector('#session .session-note strong', { timeout: GENEROUS });
    const drafts = await page.$$eval('#progress li.draft', (items) => items.map((item) => item.textContent ?? ''));
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toContain('Draft');
    expect(drafts[0]).toContain(summary);
    expect(page.url()).not.toContain(token);
    expect(await page.evaluate(() => window.sessionStorage.getItem('followup.token'))).toBe(token);

    await page.click('#session button');
    await page.waitForEvent('load');
    await page.waitForSelector('main[data-ready="true"]', { timeout: GENEROUS });
    expect(await page.textContent('#progress')).not.toContain(summary);
    await close(page);
  });

  it('an unknown code says so', async () => {
    const page = await open('/commitments/NO-SUCH-COMMITMENT');
    expect(await page.textContent('h1')).toContain('NO-SUCH-COMMITMENT');
    await close(page);
  });
});

describe('the browser', () => {
  it('saw no console error, failed request or off-site request on any page above', () => {
    expect(problemsByPage.length).toBeGreaterThan(5);
    for (const { path, problems } of problemsByPage) {
      expect([path, problems.consoleErrors.length + problems.failedRequests.length + problems.offsiteRequests.length]).toEqual([path, 0]);
      expectNoProblems(problems);
    }
  });
});
