/**
 * What the read benches share (read.ts: the API beside raw SQL and bare Apollo; postgres.ts: the
 * API on SQLite beside the API on PostgreSQL): the queries, starting and stopping the API in a
 * process of its own, asking, and measuring one query on one server (p50/p99 with one
 * connection, throughput with a few, requests per CPU-second of the server's processes).
 */
import type { ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { TIMELINE_FROM, TIMELINE_TO } from './dataset';
import { cpuSeconds, memoryMB, percentile, settle, startApiProcess } from './support';

/** Wall time spent per query and server on each of the two phases (one connection, then CONCURRENCY). */
export const BUDGET_MS = Number(process.env.READ_BUDGET_MS ?? 2_500);
export const CONCURRENCY = 4;
const MAX_RUNS = 300;
/** A query slower than this (its warm-up) is timed once more and not loaded concurrently. */
const SLOW_MS = 5_000;
/** A query slower than this is not asked again: its warm-up is its one measure. */
const VERY_SLOW_MS = 30_000;

/** Who answers: the API (on SQLite, or `apiPg` on PostgreSQL), the raw-SQL server, the bare Apollo server. */
export type ServerKind = 'api' | 'apiPg' | 'raw' | 'apollo';

export interface Query {
  key: string;
  label: string;
  graphql: string;
  first?: number;
  /** The bare Apollo server answers it too. */
  apollo?: boolean;
  /** The raw-SQL server has no answer for it (a GraphQL-only baseline). */
  noRaw?: boolean;
  /** Held to the growth goal (keyset pages, nested pages, selective filters). */
  growth?: boolean;
  /** Held to the "under 50 ms at 100k" goal. */
  aggregate?: boolean;
}

export const QUERIES: Query[] = [
  {
    // What a request costs before any resolver reads the database: HTTP, the middleware, parsing,
    // validation and the limits. The small query's ratio to bare Apollo is read beside it.
    key: 'typename',
    label: '`{ __typename }` (no resolver: the HTTP and GraphQL stack alone)',
    graphql: `{ __typename }`,
    apollo: true,
    noRaw: true,
  },
  {
    key: 'sources',
    label: '`sources { code name }` (small query)',
    graphql: `query($first: Int) { sources(first: $first) { edges { node { code name } } } }`,
    first: 20,
    apollo: true,
  },
  {
    key: 'commitmentsPage',
    label: '`commitments(first: 100)` with actor and recommendation codes',
    graphql: `query($first: Int) { commitments(first: $first) { edges { node { code actor { code } recommendations { edges { node { code } } } } } } }`,
    first: 100,
    growth: true,
  },
  {
    key: 'stats',
    label: '`commitmentStats(groupBy: [SOURCE, STATUS])`',
    graphql: `{ commitmentStats(groupBy: [SOURCE, STATUS]) { total buckets { count keys { value } } } }`,
    aggregate: true,
  },
  {
    key: 'overdue',
    label: '`commitments(filter: { overdue: true })`',
    graphql: `query($first: Int) { commitments(first: $first, filter: { overdue: true }) { edges { node { code } } } }`,
    first: 20,
    growth: true,
  },
  {
    key: 'recommendationsNested',
    label: '`recommendations(first: 20) { commitments(first: 5) }`',
    graphql: `query($first: Int) { recommendations(first: $first) { edges { node { code commitments(first: 5) { edges { node { code } } } } } } }`,
    first: 20,
    growth: true,
  },
  {
    key: 'commitmentsNested',
    label: '`commitments(first: 20) { progressUpdates(first: 5) history(first: 5) }`',
    graphql: `query($first: Int) { commitments(first: $first) { edges { node { code progressUpdates(first: 5) { edges { node { code } } } history(first: 5) { edges { node { sequence } } } } } } }`,
    first: 20,
    growth: true,
  },
  {
    key: 'timeline',
    label: '`statusTimeline` (120 months)',
    graphql: `{ statusTimeline(from: "${TIMELINE_FROM}", to: "${TIMELINE_TO}") { month total counts { status count } } }`,
    aggregate: true,
  },
];

export interface Server {
  kind: ServerKind;
  process: ChildProcess;
  url: string;
  idleRssMB: number;
  /** CPU seconds used so far by the processes that do the server's work (the API's database server's too). */
  cpuSeconds(): Promise<number>;
}

export interface Cell {
  runs: number;
  p50: number;
  p99: number;
  /** Requests per CPU-second of the server's processes, over both phases. */
  perCpuSecond: number;
  /** Requests per second with CONCURRENCY connections (NaN when not loaded). */
  throughput: number;
  note?: string;
}

/**
 * The API (`node dist/main.js`) over `database` in a process of its own: a SQLite file, or a
 * postgres:// URL (then `databaseCpuSeconds` adds the CPU of its database server's backends).
 */
export async function startApi(
  database: string,
  options: { kind?: ServerKind; databaseCpuSeconds?: () => Promise<number> } = {},
): Promise<Server> {
  const onPostgres = /^postgres(ql)?:\/\//.test(database);
  const api = await startApiProcess(onPostgres ? '' : database, {
    // Only the database asked for, whatever the environment names.
    DATABASE_URL: onPostgres ? database : '',
    // The worker's polls would add their statements to the measured CPU.
    WORKER: 'false',
    // The timeline at 100k may take a minute: measured, not cut off.
    OPERATION_TIMEOUT_MS: '300000',
  });
  const pid = api.process.pid!;
  await settle(pid);
  const databaseCpu = options.databaseCpuSeconds ?? (async () => 0);
  return {
    kind: options.kind ?? 'api',
    process: api.process,
    url: api.url,
    idleRssMB: memoryMB(pid, 'VmRSS'),
    cpuSeconds: async () => cpuSeconds(pid) + (await databaseCpu()),
  };
}

/** One request; returns the response's `data` (throws on errors). */
export async function ask(server: Pick<Server, 'kind' | 'url'>, query: Query, first = query.first): Promise<unknown> {
  const body =
    server.kind === 'raw' ? { query: query.key, first } : { query: query.graphql, variables: first === undefined ? {} : { first } };
  const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${server.kind} ${query.key}: HTTP ${res.status} ${text.slice(0, 300)}`);
  const json = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
  if (json.errors) throw new Error(`${server.kind} ${query.key}: ${JSON.stringify(json.errors).slice(0, 300)}`);
  return json.data;
}

async function timedAsk(server: Server, query: Query): Promise<number> {
  const started = performance.now();
  await ask(server, query);
  return performance.now() - started;
}

/**
 * One query on each of `servers`, side by side. Their answers first (this is also the warm-up):
 * the same data, codes in the same order, as the first server's. A server that fails (the API's
 * TIMEOUT, say) or answers differently is listed in `problems` (as `label: query: …`) and a
 * failed one is not measured. Then each is measured in turn; returns the cells by server kind.
 */
export async function measureQuery(
  servers: Server[],
  query: Query,
  label: string,
  problems: string[],
): Promise<Partial<Record<ServerKind, Cell>>> {
  const answers: (string | null)[] = [];
  const warmUps: number[] = [];
  const warmUpCpu: number[] = [];
  for (const server of servers) {
    const started = performance.now();
    const cpu = await server.cpuSeconds();
    try {
      answers.push(JSON.stringify(await ask(server, query)));
    } catch (err) {
      answers.push(null);
      problems.push(`${label}: ${query.key}: ${server.kind} failed: ${(err as Error).message}`);
    }
    warmUps.push(performance.now() - started);
    warmUpCpu.push((await server.cpuSeconds()) - cpu);
  }
  servers.forEach((server, i) => {
    if (answers[i] !== null && answers[0] !== null && answers[i] !== answers[0])
      problems.push(`${label}: ${query.key}: ${server.kind} answers differently from ${servers[0].kind}`);
  });
  const cells: Partial<Record<ServerKind, Cell>> = {};
  for (const [i, server] of servers.entries())
    if (answers[i] !== null) cells[server.kind] = await measure(server, query, warmUps[i], warmUpCpu[i]);
  return cells;
}

/** A progress line: each server's p50 and requests per CPU-second. */
export function summary(servers: Server[], cells: Partial<Record<ServerKind, Cell>>): string {
  return servers
    .map((s) => {
      const cell = cells[s.kind];
      return cell ? `${s.kind} p50 ${fmtMs(cell.p50)}, ${fmtRate(cell.perCpuSecond)}/CPU-s` : `${s.kind} failed`;
    })
    .join('; ');
}

/** Latency with one connection, then throughput with CONCURRENCY; requests per CPU-second over both. */
export async function measure(server: Server, query: Query, warmUpMs: number, warmUpCpu: number): Promise<Cell> {
  if (warmUpMs > VERY_SLOW_MS)
    return {
      runs: 1,
      p50: warmUpMs,
      p99: warmUpMs,
      perCpuSecond: warmUpCpu > 0 ? 1 / warmUpCpu : NaN,
      throughput: NaN,
      note: `${(warmUpMs / 1000).toFixed(1)} s: the first answer is the only measure`,
    };
  const slow = warmUpMs > SLOW_MS;
  const cpuStart = await server.cpuSeconds();
  const latencies: number[] = [];
  const started = performance.now();
  while (latencies.length < MAX_RUNS && (latencies.length < 3 || performance.now() - started < BUDGET_MS)) {
    latencies.push(await timedAsk(server, query));
    if (slow) break;
  }
  let requests = latencies.length;
  let throughput = NaN;
  if (!slow && percentile(latencies, 50) < 500) {
    let done = 0;
    const loadStart = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() - loadStart < BUDGET_MS) {
          await ask(server, query);
          done += 1;
        }
      }),
    );
    throughput = done / ((performance.now() - loadStart) / 1000);
    requests += done;
  }
  const cpu = (await server.cpuSeconds()) - cpuStart;
  return {
    runs: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perCpuSecond: cpu > 0 ? requests / cpu : NaN,
    throughput,
    note: slow ? `warm-up ${(warmUpMs / 1000).toFixed(1)} s: timed once, no concurrent load` : undefined,
  };
}

export const fmtMs = (v: number) =>
  Number.isFinite(v) ? (v < 10 ? `${v.toFixed(1)} ms` : `${Math.round(v).toLocaleString('en')} ms`) : '–';
export const fmtRate = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : Math.round(v).toLocaleString('en')) : '–');
export const fmtRatio = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 2 : 0)}×` : '–');
export const fmtLoad = (load: number[]) => load.map((l) => l.toFixed(2)).join(' / ');

/** The run's command, date, length, machine and load averages, for the head of a section. */
export function machineLine(command: string, startedAt: Date, loadAtStart: number[]): string {
  const cores = cpus();
  return [
    `\`${command}\`, ${startedAt.toISOString().slice(0, 16)}Z, ${Math.round((Date.now() - startedAt.getTime()) / 60_000)} min.`,
    `Machine: ${cores.length} × ${cores[0]?.model ?? 'unknown CPU'}, Node ${process.version};`,
    `load average at start ${fmtLoad(loadAtStart)}, at end ${fmtLoad(loadavg())} (the machine is shared: compare each figure with its baseline from the same run).`,
  ].join(' ');
}
