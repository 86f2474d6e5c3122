/**
 * What every benchmark needs: real API processes (`node dist/main.js`) on free ports, CPU and
 * memory read from /proc, percentiles, and its own section of bench/RESULTS.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const CLOCK_TICKS = 100;

/** Milliseconds since the epoch, with sub-millisecond precision (comparable across processes). */
export const now = () => performance.timeOrigin + performance.now();

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const percentile = (values: number[], p: number) =>
  values.length ? [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] : NaN;

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** utime + stime of a process, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export function memoryMB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Waits until the process uses (almost) no CPU: start-up work (migrations check, health checks) is over. */
export async function settle(pid: number): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const before = cpuSeconds(pid);
    await sleep(500);
    if (cpuSeconds(pid) - before <= 0.02) return;
  }
}

export interface ApiProcess {
  process: ChildProcess;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  wsUrl: string;
  origin: string;
}

/**
 * Starts `node dist/main.js` on a free port over `databasePath` (no Redis, no rate limit unless
 * `env` says otherwise) and resolves once /healthz answers. `nodeArgs` go before the script.
 */
export async function startApiProcess(databasePath: string, env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: databasePath,
      LOG_LEVEL: 'warn',
      REDIS_URL: '',
      RATE_LIMIT: '0',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1200; i++) {
    try {
      if ((await fetch(`${origin}/healthz`)).status < 500) {
        return { process: child, url: `${origin}/graphql`, wsUrl: `ws://127.0.0.1:${port}/graphql`, origin };
      }
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error('the API exited at start');
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error('the API did not start within 2 minutes');
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** Replaces the section of bench/RESULTS.md that starts with `heading` (or appends it). */
export function writeResultsSection(heading: string, section: string): void {
  const dir = join(ROOT, 'bench');
  if (!existsSync(dir)) mkdirSync(dir);
  const file = join(dir, 'RESULTS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const start = current.indexOf(heading);
  let next = start >= 0 ? current.indexOf('\n## ', start + 1) : -1;
  if (next < 0) next = current.length;
  const updated = start >= 0 ? current.slice(0, start) + section + current.slice(next) : `${current.trimEnd()}\n\n${section}`;
  writeFileSync(file, updated.trimEnd() + '\n');
}

/**
 * Toggles one commitment between IN_PROGRESS and STALLED with a SECRETARIAT token, spreading the
 * writes over `urls` (several instances); an ECONNRESET is counted and the write retried.
 */
export class StatusWriter {
  version = 0;
  status = 'IN_PROGRESS';
  connectionResets = 0;
  constructor(
    private readonly urls: string[],
    private readonly token: string,
    private readonly commitmentId: string,
  ) {}

  private async post(url: string, query: string, variables: object): Promise<any> {
    for (;;) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await res.json()) as { data?: any; errors?: unknown[] };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
        return body.data;
      } catch (err: any) {
        if (err?.cause?.code !== 'ECONNRESET') throw err;
        this.connectionResets += 1; // counted, then retried
      }
    }
  }

  async load(): Promise<void> {
    const data = await this.post(this.urls[0], `query($id: ID!) { node(id: $id) { ... on Commitment { version status } } }`, {
      id: this.commitmentId,
    });
    this.version = data.node.version;
    this.status = data.node.status;
  }

  /** One status change; returns the time of the response and the latency of the write. */
  async toggle(i: number, reason?: string): Promise<{ respondedAt: number; latency: number }> {
    const next = this.status === 'IN_PROGRESS' ? 'STALLED' : 'IN_PROGRESS';
    const started = now();
    const data = await this.post(
      this.urls[i % this.urls.length],
      `mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { version status } } }`,
      { i: { id: this.commitmentId, expectedVersion: this.version, status: next, reason } },
    );
    const respondedAt = now();
    this.version = data.updateCommitment.commitment.version;
    this.status = data.updateCommitment.commitment.status;
    return { respondedAt, latency: respondedAt - started };
  }
}
