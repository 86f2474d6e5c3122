/**
 * `npm run bench -- postgres`: the read bench's queries (measure.ts) against the API on SQLite
 * and on PostgreSQL, side by side, in one run (issue 13). For each size the SQLite dataset of the
 * read bench (dataset.ts) is moved into a new PostgreSQL database with `npm run db:copy`'s code
 * (src/db/copy.ts: every table, then ANALYZE), and two APIs (`node dist/main.js`) run at once,
 * one per database, each in its own process. Their answers are compared first (a difference is
 * a problem: exit 1); then each query is measured on one and then the other: p50/p99 with one
 * connection, throughput with a few, and requests per CPU-second, counting on PostgreSQL the CPU
 * of the API process and of its database backends (found in pg_stat_activity, read from
 * /proc/<pid>/stat: the server must run on this machine), since on SQLite the API process does
 * the database's work itself. Writes bench/RESULTS.md's "## PostgreSQL" section and drops the
 * databases it made. BENCH_PG_SERVER (default postgres://postgres@127.0.0.1:5432: a user that
 * may create databases and read pg_stat_activity), PG_SIZES (default 1000,10000; add 100000 for the largest),
 * READ_BUDGET_MS and READ_DATASET_DIR as for the read bench.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Orm } from '../db/orm';
import { copyDatabase } from '../db/copy';
import { buildDatasets, datasetLine } from './dataset';
import {
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
import { cpuSeconds, memoryMB, stopProcess, writeResultsSection } from './support';

/** 100k is left out by default: moving it into PostgreSQL took 8.5 minutes on the shared two-core machine (load 12). */
const SIZES = (process.env.PG_SIZES ?? '1000,10000').split(',').map(Number);
const PG_SERVER = (process.env.BENCH_PG_SERVER ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');

interface SizeResult {
  size: number;
  copySeconds: number;
  cells: Map<string, Partial<Record<ServerKind, Cell>>>;
  rss: Partial<Record<ServerKind, { idle: number; peak: number }>>;
}

/** The server's maintenance database: creates and drops the bench's databases, finds their backends. */
async function maintenance(): Promise<Orm> {
  return openDatabase({ databasePath: '', databaseUrl: `${PG_SERVER}/postgres`, readConnections: 1 });
}

const run = (orm: Orm, sql: string, params: unknown[] = []) => orm.em.getConnection().execute(sql, params, 'all');

/**
 * CPU seconds used by the backends serving `database`, as a running total: each backend's
 * latest reading is kept, so one that exits (an idle pool connection closed) keeps what it used.
 */
function backendCpu(orm: Orm, database: string): () => Promise<number> {
  const seen = new Map<number, number>();
  return async () => {
    const rows = (await run(orm, `select pid from pg_stat_activity where datname = ?`, [database])) as { pid: number }[];
    for (const { pid } of rows) {
      try {
        seen.set(Number(pid), cpuSeconds(Number(pid)));
      } catch {
        // ended since pg_stat_activity listed it: its last reading stands
      }
    }
    return [...seen.values()].reduce((a, b) => a + b, 0);
  };
}

async function dropDatabase(orm: Orm, name: string): Promise<void> {
  await run(orm, `drop database if exists "${name}" with (force)`);
}

async function measureSize(
  orm: Orm,
  size: number,
  sqlitePath: string,
  log: (line: string) => void,
): Promise<{ result: SizeResult; problems: string[] }> {
  const name = `bench_pg_${process.pid}_${size}`;
  const url = `${PG_SERVER}/${name}`;
  const problems: string[] = [];
  const servers: Server[] = [];
  await dropDatabase(orm, name);
  await run(orm, `create database "${name}"`);
  try {
    const started = performance.now();
    await copyDatabase(sqlitePath, url);
    const copySeconds = (performance.now() - started) / 1000;
    log(`${size.toLocaleString('en')} commitments copied into PostgreSQL in ${copySeconds.toFixed(1)} s`);
    const result: SizeResult = { size, copySeconds, cells: new Map(), rss: {} };
    servers.push(await startApi(sqlitePath), await startApi(url, { kind: 'apiPg', databaseCpuSeconds: backendCpu(orm, name) }));
    for (const query of QUERIES) {
      const cells = await measureQuery(servers, query, String(size), problems);
      result.cells.set(query.key, cells);
      log(`${size.toLocaleString('en')} ${query.key}: ${summary(servers, cells)}`);
    }
    for (const server of servers) result.rss[server.kind] = { idle: server.idleRssMB, peak: memoryMB(server.process.pid!, 'VmHWM') };
    return { result, problems };
  } finally {
    for (const server of servers) await stopProcess(server.process);
    await dropDatabase(orm, name);
  }
}

function report(results: SizeResult[], problems: string[], head: string): string {
  const lines = [
    '## PostgreSQL',
    '',
    head,
    '',
    `The read path's queries (section "Read path") against the API on SQLite and on PostgreSQL, side by side from the same run, both APIs up at once over the same dataset (moved into PostgreSQL by \`npm run db:copy\`'s code, then ANALYZEd), each with its defaults (SQLite: one writer and 4 read connections; PostgreSQL: a pool of 4). p50 / p99 with one connection; requests per CPU-second over both phases (${CONCURRENCY} connections in the second), on PostgreSQL counting the API process and its database backends (the database server runs on the same machine); "rps@${CONCURRENCY}": requests per second with ${CONCURRENCY} connections. The answers were checked identical before measuring (a difference is listed below).`,
    '',
    `| query | commitments | SQLite p50 / p99 | PostgreSQL p50 / p99 | PostgreSQL p50 ÷ SQLite | SQLite req/CPU-s | PostgreSQL req/CPU-s | SQLite rps@${CONCURRENCY} | PostgreSQL rps@${CONCURRENCY} |`,
    '|---|---:|---|---|---:|---:|---:|---:|---:|',
  ];
  const notes: string[] = [];
  for (const query of QUERIES) {
    for (const r of results) {
      const cells = r.cells.get(query.key);
      if (!cells) continue;
      const { api, apiPg } = cells;
      const pair = (c?: Cell) => (c ? `${fmtMs(c.p50)} / ${fmtMs(c.p99)}` : 'failed');
      const ratio = api && apiPg ? apiPg.p50 / api.p50 : NaN;
      lines.push(
        `| ${query.label} | ${r.size.toLocaleString('en')} | ${pair(api)} | ${pair(apiPg)} | ${fmtRatio(ratio)} | ${fmtRate(api?.perCpuSecond ?? NaN)} | ${fmtRate(apiPg?.perCpuSecond ?? NaN)} | ${fmtRate(api?.throughput ?? NaN)} | ${fmtRate(apiPg?.throughput ?? NaN)} |`,
      );
      for (const [kind, cell] of [
        ['SQLite', api],
        ['PostgreSQL', apiPg],
      ] as const)
        if (cell?.note) notes.push(`- ${query.key} at ${r.size.toLocaleString('en')} on ${kind}: ${cell.note}.`);
    }
  }
  if (notes.length) lines.push('', ...notes);
  lines.push(
    '',
    'Moving each dataset (`copyDatabase`: migrate, copy every table in one transaction, compare row counts, ANALYZE) and the APIs’ resident memory (MB, idle after start / peak at the end; the PostgreSQL backends’ own memory not included):',
    '',
    '| commitments | copy into PostgreSQL | API on SQLite | API on PostgreSQL |',
    '|---:|---:|---:|---:|',
  );
  for (const r of results) {
    const m = (k: ServerKind) => (r.rss[k] ? `${Math.round(r.rss[k]!.idle)} / ${Math.round(r.rss[k]!.peak)}` : '–');
    lines.push(`| ${r.size.toLocaleString('en')} | ${r.copySeconds.toFixed(1)} s | ${m('api')} | ${m('apiPg')} |`);
  }
  lines.push('', problems.length ? `Problems:\n${problems.map((p) => `- ${p}`).join('\n')}` : 'Every answer was the same on both.', '');
  return lines.join('\n');
}

export async function runPostgresBench(): Promise<number> {
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const log = (line: string) => console.log(`postgres: ${line}`);
  const dir = process.env.READ_DATASET_DIR ?? mkdtempSync(join(tmpdir(), 'tracker-pg-bench-'));
  const orm = await maintenance();
  try {
    const [{ version }] = (await run(orm, `select current_setting('server_version') as version`)) as { version: string }[];
    const datasets = await buildDatasets(dir, SIZES, log);
    const results: SizeResult[] = [];
    const problems: string[] = [];
    for (const size of SIZES) {
      const measured = await measureSize(orm, size, datasets.get(size)!, log);
      results.push(measured.result);
      problems.push(...measured.problems);
    }
    const head = `${machineLine(`${process.env.PG_SIZES ? `PG_SIZES=${SIZES.join(',')} ` : ''}npm run bench -- postgres`, startedAt, loadAtStart)} PostgreSQL ${version}. ${datasetLine(SIZES)}`;
    const section = report(results, problems, head);
    writeResultsSection('## PostgreSQL', section);
    console.log(section);
    for (const problem of problems) console.log(`PROBLEM ${problem}`);
    return problems.length ? 1 : 0;
  } finally {
    await orm.close(true);
    if (!process.env.READ_DATASET_DIR) rmSync(dir, { recursive: true, force: true });
  }
}
