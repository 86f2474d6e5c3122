/**
 * `npm run bench -- read`: the read path at 1k, 10k and 100k commitments (issue 11), measured from
 * outside. For each size, three servers run over the same database file, each in its own process:
 * the API (`node dist/main.js`), a raw-SQL server (raw-sql-server.ts: node:http, sqlite3,
 * hand-written SQL and JSON) and a bare Apollo 5 server (bare-apollo-server.ts, small query only).
 * Their answers are compared first; then, query by query and side by side: latency with one
 * connection (p50/p99), throughput with a few connections, and requests per CPU-second of the
 * server process (utime + stime from /proc/<pid>/stat). Also: growth of p50 from 1k to 100k, SQL
 * statements per query at `first` 10 and 100 (counted in process), idle and peak RSS.
 * Writes the tables to bench/RESULTS.md (section "## Read path"), prints every missed goal and
 * exits 1 when one is missed. READ_SIZES=1000,10000 and READ_BUDGET_MS shorten a run.
 */
import { fork } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../config';
import { createServices, closeServices } from '../app';
import { startServer } from '../server/http';
import { buildDatasets, datasetLine } from './dataset';
import {
  ask,
  CONCURRENCY,
  fmtMs,
  fmtRate,
  fmtRatio,
  machineLine,
  measureQuery,
  QUERIES,
  startApi,
  summary,
  type Cell,
  type Server,
  type ServerKind,
} from './measure';
import { cpuSeconds, freePort, memoryMB, settle, stopProcess, writeResultsSection } from './support';

const SIZES = (process.env.READ_SIZES ?? '1000,10000,100000').split(',').map(Number);
const goals = {
  smallCpuVsApollo: 1.2,
  pageCpuVsRaw: 3,
  aggregateCpuVsRaw: 1.5,
  growth: 2,
  aggregateMsAt100k: 50,
  peakRssMB: 250,
};

interface SizeResult {
  size: number;
  cells: Map<string, Partial<Record<ServerKind, Cell>>>;
  mismatches: string[];
  rss: Record<ServerKind, { idle: number; peak: number }>;
}

async function startChild(kind: 'raw' | 'apollo', databasePath: string): Promise<Server> {
  const port = await freePort();
  const script = kind === 'raw' ? 'raw-sql-server.js' : 'bare-apollo-server.js';
  const child = fork(join(__dirname, script), [databasePath, String(port)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  await settle(child.pid!);
  const url = kind === 'raw' ? `http://127.0.0.1:${port}/` : `http://127.0.0.1:${port}/graphql`;
  return { kind, process: child, url, idleRssMB: memoryMB(child.pid!, 'VmRSS'), cpuSeconds: async () => cpuSeconds(child.pid!) };
}

async function measureSize(size: number, databasePath: string, log: (line: string) => void): Promise<SizeResult> {
  const servers: Server[] = [];
  const result: SizeResult = { size, cells: new Map(), mismatches: [], rss: {} as SizeResult['rss'] };
  try {
    servers.push(await startApi(databasePath), await startChild('raw', databasePath), await startChild('apollo', databasePath));
    for (const query of QUERIES) {
      const targets = servers.filter((s) => (s.kind !== 'apollo' || query.apollo) && (s.kind !== 'raw' || !query.noRaw));
      const cells = await measureQuery(targets, query, String(size), result.mismatches);
      result.cells.set(query.key, cells);
      log(`${size.toLocaleString('en')} ${query.key}: ${summary(targets, cells)}`);
    }
    for (const server of servers) result.rss[server.kind] = { idle: server.idleRssMB, peak: memoryMB(server.process.pid!, 'VmHWM') };
  } finally {
    for (const server of servers) await stopProcess(server.process);
  }
  return result;
}

/** SQL statements per query at `first` 10 and 100, counted on the ORM's connections in this process. */
async function countStatements(databasePath: string): Promise<Map<string, [number, number]>> {
  const config = { ...loadConfig({}), databasePath, port: 0, logLevel: 'silent', rateLimit: 0 };
  const services = await createServices(config, { logger: pino({ level: 'silent' }) });
  const server = await startServer(services, 0, '127.0.0.1');
  const counts = new Map<string, [number, number]>();
  try {
    const knexes = [...new Set([services.orm.em.getKnex('write'), services.orm.em.getKnex('read')])];
    let statements = 0;
    const listener = () => (statements += 1);
    for (const knex of knexes) knex.on('query', listener);
    const api = { kind: 'api' as const, url: server.url };
    for (const query of QUERIES.filter((q) => q.first !== undefined)) {
      const pair: number[] = [];
      for (const first of [10, 100]) {
        await ask(api, query, first); // warm caches (schema, loaders) before counting
        statements = 0;
        await ask(api, query, first);
        pair.push(statements);
      }
      counts.set(query.key, pair as [number, number]);
    }
    for (const knex of knexes) knex.removeListener('query', listener);
  } finally {
    await server.stop();
    await closeServices(services);
  }
  return counts;
}

function report(results: SizeResult[], statements: Map<string, [number, number]>, machine: string): { section: string; misses: string[] } {
  const misses: string[] = [];
  const lines: string[] = [
    '## Read path',
    '',
    machine,
    '',
    `Per query and dataset size, side by side from the same run: p50 / p99 with one connection, requests per CPU-second of the server process (both phases; ${CONCURRENCY} connections in the second), and the API's CPU per request as a multiple of the baseline's (raw SQL; bare Apollo for the small query). "rps@${CONCURRENCY}": the API's requests per second with ${CONCURRENCY} connections. The raw-SQL server runs the API's own statement for \`commitmentStats\`, one window statement per nesting level as the API does, and for the timeline sums status intervals grouped by month (src/bench/raw-sql-server.ts); answers were checked identical before measuring (a difference is listed as a miss).`,
    '',
    `| query | commitments | API p50 / p99 | raw SQL p50 / p99 | bare Apollo p50 / p99 | API req/CPU-s | raw req/CPU-s | Apollo req/CPU-s | API CPU ÷ baseline | API rps@${CONCURRENCY} | API runs |`,
    '|---|---:|---|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  const cpuRatio = (cells: Partial<Record<ServerKind, Cell>>, base: ServerKind) =>
    cells.api && cells[base] ? cells[base]!.perCpuSecond / cells.api.perCpuSecond : NaN;
  const notes: string[] = [];
  for (const query of QUERIES) {
    for (const r of results) {
      const cells = r.cells.get(query.key);
      if (!cells) continue;
      const pair = (c?: Cell) => (c ? `${fmtMs(c.p50)} / ${fmtMs(c.p99)}` : '');
      const base: ServerKind = query.apollo ? 'apollo' : 'raw';
      const ratio = cpuRatio(cells, base);
      lines.push(
        `| ${query.label} | ${r.size.toLocaleString('en')} | ${pair(cells.api)} | ${pair(cells.raw)} | ${pair(cells.apollo)} | ${fmtRate(cells.api?.perCpuSecond ?? NaN)} | ${fmtRate(cells.raw?.perCpuSecond ?? NaN)} | ${cells.apollo ? fmtRate(cells.apollo.perCpuSecond) : ''} | ${fmtRatio(ratio)} vs ${base === 'apollo' ? 'Apollo' : 'raw'} | ${fmtRate(cells.api?.throughput ?? NaN)} | ${cells.api?.runs ?? ''} |`,
      );
      if (cells.api?.note) notes.push(`- ${query.key} at ${r.size.toLocaleString('en')}: ${cells.api.note}.`);
      if (query.key === 'sources' && ratio > goals.smallCpuVsApollo) {
        const floor = r.cells.get('typename');
        const stackRatio = floor?.api && cells.apollo ? cells.apollo.perCpuSecond / floor.api.perCpuSecond : NaN;
        misses.push(
          `${r.size}: small query CPU per request ${fmtRatio(ratio)} bare Apollo's (goal ≤ ${goals.smallCpuVsApollo}×; the API's \`{ __typename }\` alone costs ${fmtRatio(stackRatio)} bare Apollo's small query)`,
        );
      }
      if (query.key === 'commitmentsPage' && ratio > goals.pageCpuVsRaw)
        misses.push(`${r.size}: 100-row page CPU per request ${fmtRatio(ratio)} raw SQL's (goal ≤ ${goals.pageCpuVsRaw}×)`);
      if (query.key === 'stats' && ratio > goals.aggregateCpuVsRaw)
        misses.push(`${r.size}: commitmentStats CPU per request ${fmtRatio(ratio)} raw SQL's (goal ≤ ${goals.aggregateCpuVsRaw}×)`);
      if (query.aggregate && r.size >= 100_000 && cells.api && !(cells.api.p50 < goals.aggregateMsAt100k))
        misses.push(`${r.size}: ${query.key} p50 ${fmtMs(cells.api.p50)} (goal < ${goals.aggregateMsAt100k} ms at 100k)`);
    }
  }
  if (notes.length) lines.push('', ...notes);

  const smallest = results[0];
  const largest = results[results.length - 1];
  if (results.length > 1) {
    lines.push(
      '',
      `Growth of p50 from ${smallest.size.toLocaleString('en')} to ${largest.size.toLocaleString('en')} commitments (goal ≤ ${goals.growth}× for keyset pages, nested pages and selective filters; the aggregates are held to < ${goals.aggregateMsAt100k} ms instead):`,
      '',
      `| query | API ${smallest.size.toLocaleString('en')} | API ${largest.size.toLocaleString('en')} | API growth | raw SQL growth |`,
      '|---|---:|---:|---:|---:|',
    );
    for (const query of QUERIES) {
      const a = smallest.cells.get(query.key);
      const b = largest.cells.get(query.key);
      if (!a?.api || !b?.api) continue;
      const growth = b.api.p50 / a.api.p50;
      const rawGrowth = a.raw && b.raw ? b.raw.p50 / a.raw.p50 : NaN;
      lines.push(`| ${query.label} | ${fmtMs(a.api.p50)} | ${fmtMs(b.api.p50)} | ${fmtRatio(growth)} | ${fmtRatio(rawGrowth)} |`);
      if (query.growth && largest.size >= 100_000 && growth > goals.growth)
        misses.push(`${query.key}: p50 grows ${fmtRatio(growth)} from ${smallest.size} to ${largest.size} (goal ≤ ${goals.growth}×)`);
    }
  }

  lines.push(
    '',
    'SQL statements per request (the API, counted on its connections, 1k dataset):',
    '',
    '| query | `first: 10` | `first: 100` |',
    '|---|---:|---:|',
  );
  for (const [key, [ten, hundred]] of statements) lines.push(`| ${QUERIES.find((q) => q.key === key)!.label} | ${ten} | ${hundred} |`);

  lines.push(
    '',
    'Resident memory (MB), idle after start / peak (VmHWM) at the end of the size’s run:',
    '',
    '| commitments | API | raw SQL | bare Apollo |',
    '|---:|---:|---:|---:|',
  );
  for (const r of results) {
    const m = (k: ServerKind) => (r.rss[k] ? `${Math.round(r.rss[k].idle)} / ${Math.round(r.rss[k].peak)}` : '–');
    lines.push(`| ${r.size.toLocaleString('en')} | ${m('api')} | ${m('raw')} | ${m('apollo')} |`);
    if (r.rss.api && r.rss.api.peak > goals.peakRssMB)
      misses.push(`${r.size}: API peak RSS ${Math.round(r.rss.api.peak)} MB (goal < ${goals.peakRssMB} MB)`);
  }
  for (const r of results) misses.push(...r.mismatches);
  lines.push('', misses.length ? `Missed goals:\n${misses.map((m) => `- ${m}`).join('\n')}` : 'Every goal met.', '');
  return { section: lines.join('\n'), misses };
}

export async function runReadBench(): Promise<number> {
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const log = (line: string) => console.log(`read: ${line}`);
  const dir = process.env.READ_DATASET_DIR ?? mkdtempSync(join(tmpdir(), 'tracker-read-'));
  try {
    const datasets = await buildDatasets(dir, SIZES, log);
    const statementDb = join(dir, 'statements.sqlite');
    copyFileSync(datasets.get(SIZES[0])!, statementDb);
    const statements = await countStatements(statementDb);
    const results: SizeResult[] = [];
    for (const size of SIZES) results.push(await measureSize(size, datasets.get(size)!, log));
    const machine = `${machineLine('npm run bench -- read', startedAt, loadAtStart)} ${datasetLine(SIZES)}`;
    const { section, misses } = report(results, statements, machine);
    writeResultsSection('## Read path', section);
    console.log(section);
    for (const miss of misses) console.log(`MISS ${miss}`);
    return misses.length ? 1 : 0;
  } finally {
    if (!process.env.READ_DATASET_DIR) rmSync(dir, { recursive: true, force: true });
  }
}
