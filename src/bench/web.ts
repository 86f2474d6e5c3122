/**
 * `npm run bench -- web`: the dashboard (issue 17) in Debian's Chromium against a real server
 * (`node dist/main.js`) on a freshly seeded database, measured from outside:
 * - first view: navigation to the dashboard's `performance.mark('first-view')` (every section
 *   drawn from the seeded data), in a fresh browser context each time (nothing cached), beside
 *   two baselines from the same run: the same server's smallest page (/healthz) loaded the same
 *   way, and the dashboard's own GraphQL request sent from Node;
 * - live update: from a status change's HTTP response to the moment the open page shows it in
 *   its recent changes and in its totals, beside a Node graphql-ws subscriber's receipt of the
 *   same event.
 * Goals: first view under 1 s (p50), live update within 1 s (p99). Writes bench/RESULTS.md
 * (section "## Web") and exits 1 on a miss. WEB_RUNS sets the number of runs of each (default 20).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import type { EntityManager } from '@mikro-orm/knex';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../config';
import { createServices, closeServices } from '../app';
import { createUser } from '../services/users';
import { Role } from '../domain/enums';
import { now, percentile, startApiProcess, StatusWriter, stopProcess, writeResultsSection, type ApiProcess } from './support';

const RUNS = Number(process.env.WEB_RUNS ?? 20);
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const goals = { firstViewP50Ms: 1_000, liveP99Ms: 1_000 };

// Functions given to page.evaluate run in the page, where these exist.
declare const document: any;
declare const window: any;
declare const MutationObserver: any;

interface Series {
  label: string;
  values: number[];
}

const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : '–');
const row = ({ label, values }: Series) =>
  `| ${label} | ${values.length} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 99))} | ${ms(Math.max(...values))} |`;

/** Milliseconds from navigation start to `mark` (or to the load event when no mark is named). */
async function timeToOpen(browser: Browser, url: string, mark?: string): Promise<{ ms: number; graphqlBodies: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const graphqlBodies: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/graphql') graphqlBodies.push(request.postData() ?? '');
  });
  await page.goto(url, { waitUntil: 'load' });
  let elapsed: number;
  if (mark) {
    await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, mark, { timeout: 60_000 });
    elapsed = await page.evaluate((name) => performance.getEntriesByName(name)[0].startTime, mark);
  } else {
    elapsed = await page.evaluate(() => (window.performance.getEntriesByType('navigation')[0] as { loadEventEnd: number }).loadEventEnd);
  }
  await context.close();
  return { ms: elapsed, graphqlBodies };
}

/** Records in the page, by epoch milliseconds, when a text first appears in the recent changes and when the totals change. */
async function watchPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Record<string, number> = {};
    window.__benchSeen = seen;
    window.__benchTotals = [];
    const stamp = () => performance.timeOrigin + performance.now();
    new MutationObserver(() => {
      for (const li of document.querySelectorAll('#recent-body li')) {
        const match = /bench-live-\d+/.exec(li.textContent ?? '');
        if (match && !seen[match[0]]) seen[match[0]] = stamp();
      }
    }).observe(document.getElementById('recent-body'), { childList: true, subtree: true, characterData: true });
    const totals = () => document.querySelector('[data-total="STALLED"]')?.textContent;
    let last = totals();
    new MutationObserver(() => {
      const current = totals();
      if (current !== last) {
        last = current;
        window.__benchTotals.push(stamp());
      }
    }).observe(document.getElementById('main') ?? document.body, { childList: true, subtree: true, characterData: true });
  });
}

async function measureFirstView(browser: Browser, api: ApiProcess): Promise<{ series: Series[]; queries: number }> {
  const dashboard: number[] = [];
  const smallest: number[] = [];
  const graphqlOnly: number[] = [];
  let bodies: string[] = [];
  await timeToOpen(browser, `${api.origin}/`, 'first-view'); // warm-up (the server's first request compiles)
  for (let i = 0; i < RUNS; i++) {
    const opened = await timeToOpen(browser, `${api.origin}/`, 'first-view');
    dashboard.push(opened.ms);
    bodies = opened.graphqlBodies;
    smallest.push((await timeToOpen(browser, `${api.origin}/healthz`)).ms);
    const started = now();
    await Promise.all(
      bodies.map((body) => fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.json())),
    );
    graphqlOnly.push(now() - started);
  }
  return {
    series: [
      { label: 'dashboard `/`, first view drawn', values: dashboard },
      { label: 'baseline: `/healthz` loaded in a fresh context', values: smallest },
      {
        label: `baseline: the dashboard's GraphQL request${bodies.length === 1 ? '' : 's'} (${bodies.length}) from Node`,
        values: graphqlOnly,
      },
    ],
    queries: bodies.length,
  };
}

async function measureLive(browser: Browser, api: ApiProcess, token: string): Promise<Series[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${api.origin}/`, { waitUntil: 'load' });
  await page.waitForSelector('#live[data-state="live"]', { timeout: 60_000 });
  await page.waitForSelector('main[data-stats-pushes="3"]', { timeout: 60_000 });
  await watchPage(page);

  const found = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ commitments(first: 1, filter: { statuses: [IN_PROGRESS] }) { edges { node { id } } } }` }),
  }).then((r) => r.json() as Promise<any>);
  const writer = new StatusWriter([api.url], token, found.data.commitments.edges[0].node.id);
  await writer.load();

  const received = new Map<string, number>();
  const client = createClient({ url: api.wsUrl, webSocketImpl: WebSocket, lazy: false });
  const subscribed = new Promise<void>((resolve) => {
    client.on('connected', () => setTimeout(resolve, 200));
  });
  client.subscribe(
    { query: `subscription { commitmentStatusChanged { statusChange { reason } } }` },
    {
      next: ({ data }: any) => {
        const reason = data?.commitmentStatusChanged?.statusChange?.reason as string | undefined;
        if (reason && !received.has(reason)) received.set(reason, now());
      },
      error: () => {},
      complete: () => {},
    },
  );
  await subscribed;

  const recent: number[] = [];
  const totals: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const reason = `bench-live-${i}`;
    const totalsBefore: number = await page.evaluate(() => window.__benchTotals.length);
    const { respondedAt } = await writer.toggle(i, reason);
    await page.waitForFunction((r) => Boolean(window.__benchSeen[r]), reason, { timeout: 30_000 });
    await page.waitForFunction((n) => window.__benchTotals.length > n, totalsBefore, { timeout: 30_000 });
    const [seenAt, totalsAt] = await page.evaluate(
      ([r, n]) => [window.__benchSeen[r as string], window.__benchTotals[n as number]],
      [reason, totalsBefore],
    );
    recent.push(seenAt - respondedAt);
    totals.push(totalsAt - respondedAt);
    for (let wait = 0; !received.has(reason) && wait < 300; wait++) await new Promise((r) => setTimeout(r, 100));
    node.push((received.get(reason) ?? NaN) - respondedAt);
    // A pause between writes, as a person would make them: each push is its own, not coalesced.
    await new Promise((r) => setTimeout(r, 400));
  }
  await client.dispose();
  await context.close();
  return [
    { label: 'status change shown in the page\'s "Latest status changes"', values: recent },
    { label: "the page's totals by status updated", values: totals },
    { label: 'baseline: a graphql-ws subscriber in Node receives it', values: node },
  ];
}

export async function runWebBench(): Promise<number> {
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'tracker-web-'));
  const databasePath = join(dir, 'bench.sqlite');
  const services = await createServices(
    { ...loadConfig({}), databasePath, port: 0, logLevel: 'silent' },
    { seed: true, logger: pino({ level: 'silent' }) },
  );
  const { token } = await createUser(
    services.orm.em.fork() as EntityManager,
    { email: 'web-bench@example.org', role: Role.SECRETARIAT },
    new Date(),
  );
  await closeServices(services);

  const api = await startApiProcess(databasePath);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  try {
    console.log('web: first view…');
    const firstView = await measureFirstView(browser, api);
    console.log('web: live updates…');
    const live = await measureLive(browser, api, token);
    const loadAtEnd = loadavg();
    const cores = cpus();
    const misses: string[] = [];
    const firstP50 = percentile(firstView.series[0].values, 50);
    if (!(firstP50 < goals.firstViewP50Ms)) misses.push(`first view p50 ${ms(firstP50)} (goal < ${goals.firstViewP50Ms} ms)`);
    for (const series of live.slice(0, 2)) {
      const p99 = percentile(series.values, 99);
      if (!(p99 <= goals.liveP99Ms)) misses.push(`${series.label}: p99 ${ms(p99)} (goal ≤ ${goals.liveP99Ms} ms)`);
    }
    const section = [
      '## Web',
      '',
      [
        `\`npm run bench -- web\`, ${startedAt.toISOString().slice(0, 16)}Z: Debian's Chromium (headless, playwright-core) against \`node dist/main.js\` on the seeded data, ${RUNS} runs of each.`,
        `Machine: ${cores.length} × ${cores[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(' / ')}, at end ${loadAtEnd.map((l) => l.toFixed(2)).join(' / ')} (compare each figure with its baseline from the same run).`,
        `First view: from navigation to the dashboard's \`first-view\` mark (all sections drawn; ${firstView.queries} GraphQL request${firstView.queries === 1 ? '' : 's'}), a fresh browser context each run (no cache).`,
        'Live: from the HTTP response of `updateCommitment` (a status change) to the moment the open page shows it; the totals come through `commitmentStatsChanged`, coalesced to one push per 250 ms. Goals: first view p50 < 1 s, live p99 ≤ 1 s.',
      ].join(' '),
      '',
      '| measure | runs | p50 | p99 | max |',
      '|---|---:|---:|---:|---:|',
      ...firstView.series.map(row),
      ...live.map(row),
      '',
      misses.length ? `Missed:\n${misses.map((m) => `- ${m}`).join('\n')}` : 'Every goal met.',
      '',
    ].join('\n');
    writeResultsSection('## Web', section);
    console.log(section);
    for (const miss of misses) console.log(`MISS ${miss}`);
    return misses.length ? 1 : 0;
  } finally {
    await browser.close();
    await stopProcess(api.process);
    rmSync(dir, { recursive: true, force: true });
  }
}
