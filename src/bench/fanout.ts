/**
 * `npm run bench -- fanout`: subscription fan-out measured from outside. The API runs as real
 * server processes (`node dist/main.js`) on a seeded temporary database; the subscribers are
 * opened by child processes (src/bench/fanout-client.ts, at most 2,500 sockets each); this process
 * makes the writes: 20 status changes, 200 ms apart, at 0 (the baseline), 100, 1,000 and 10,000
 * subscribers on one instance, then on three instances sharing the SQLite file through Redis.
 * Latency is from the mutation's response (the commit precedes it) to each client's receipt.
 * Writes the table to bench/RESULTS.md (section "## Fan-out") and exits 1 on a missed target.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg, tmpdir } from 'node:os';
import pino from 'pino';
import type { EntityManager } from '@mikro-orm/knex';
import { loadConfig } from '../config';
import { createServices, closeServices } from '../app';
import { createUser } from '../services/users';
import { Role } from '../domain/enums';
import {
  cpuSeconds,
  freePort,
  memoryMB,
  now,
  percentile,
  sleep,
  startApiProcess,
  stopProcess,
  StatusWriter as Writer,
  writeResultsSection,
} from './support';

/** What makes the events: the API's status changes, or the floor's trigger. */
interface Trigger {
  toggle(i: number): Promise<{ respondedAt: number; latency: number }>;
  connectionResets: number;
}

/** FANOUT_LEVELS=100,1000 runs fewer levels while developing; FANOUT_REDIS=0 skips the three instances. */
const LEVELS = (process.env.FANOUT_LEVELS ?? '100,1000,10000').split(',').map(Number);
const WRITES = 20;
const WRITE_INTERVAL_MS = 200;
const SOCKETS_PER_CLIENT_PROCESS = 2_500;
/** How long the bench waits for the last deliveries after the last write, and for progress meanwhile. */
const COMPLETION_WAIT_MS = 120_000;
const STALL_MS = 15_000;
const SUBSCRIPTION = `subscription($after: Int) { commitmentStatusChanged(after: $after) {
  sequence commitment { code status actor { name } } statusChange { fromStatus toStatus at } } }`;

const targets = {
  p99At1000: 20,
  p99At10000: 100,
  writeRatio: 1.5,
  memoryPerSubscriberKB: 30,
};

/** Math.max(...values) overflows the call stack past ~100k arguments (10k subscribers × 20 events). */
const maxOf = (values: number[]) => values.reduce((max, v) => (v > max ? v : max), -Infinity);
const rssKB = (pid: number) => memoryMB(pid, 'VmRSS') * 1024;

interface Instance {
  process: ChildProcess;
  url: string;
  wsUrl: string;
}

async function startInstance(databasePath: string, redisUrl?: string): Promise<Instance> {
  // FANOUT_NODE_ARGS="--cpu-prof" profiles the servers.
  const nodeArgs = (process.env.FANOUT_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // RATE_LIMIT as the environment gives it (the server's default limit otherwise), as before.
  const {
    process: child,
    url,
    wsUrl,
  } = await startApiProcess(
    databasePath,
    // Loopback is the proxy: each bench socket names its own client address (fanout-client.ts).
    { REDIS_URL: redisUrl ?? '', RATE_LIMIT: process.env.RATE_LIMIT, TRUST_PROXY: 'loopback' },
    nodeArgs,
  );
  return { process: child, url, wsUrl };
}

/**
 * The floor (src/bench/fanout-floor.ts): bare \`ws\` processes holding the same sockets, told to
 * send one pre-serialized frame to all (through Redis when there are several, as the API's are).
 */
async function startFloor(count: number, redisUrl?: string): Promise<{ instances: Instance[]; trigger: Trigger }> {
  const instances: Instance[] = [];
  const channel = `fanout-floor-${process.pid}-${Date.now()}`;
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const child = spawn(process.execPath, [join(__dirname, 'fanout-floor.js')], {
      env: { ...process.env, PORT: String(port), REDIS_URL: redisUrl ?? '', FLOOR_CHANNEL: channel },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const origin = `http://127.0.0.1:${port}`;
    for (let tries = 0; ; tries++) {
      try {
        if ((await fetch(`${origin}/healthz`)).ok) break;
      } catch {
        if (tries > 100) throw new Error('the floor server did not start');
        await sleep(100);
      }
    }
    instances.push({ process: child, url: `${origin}/send`, wsUrl: `ws://127.0.0.1:${port}/graphql` });
  }
  let sequence = 1_000_000;
  const trigger: Trigger = {
    connectionResets: 0,
    async toggle(i: number) {
      const started = now();
      const res = await fetch(instances[i % instances.length].url, { method: 'POST', body: String(++sequence) });
      await res.text();
      const respondedAt = now();
      return { respondedAt, latency: respondedAt - started };
    },
  };
  return { instances, trigger };
}

interface Level {
  label: string;
  subscribers: number;
  expected: number;
  delivered: number;
  p50: number;
  p99: number;
  max: number;
  /** Per event, the time until its last client had it: p99 over the events. */
  lastClientP99: number;
  writeP50: number;
  writeP99: number;
  memoryPerSubscriberKB: number;
  /** The servers' CPU (user + system, /proc) from the first write until the last delivery, in seconds. */
  cpuSeconds: number;
  /** Cores used over the same time: by the servers, by the load generators, by the whole machine (busy, of total). */
  cores: { servers: number; generators: number; busy: number; total: number };
  /** Per event, the time from the start of its write (or trigger) until its last client had it: p99 over the events. */
  lastClientFromRequestP99: number;
  failedSockets: number;
  /** Error frames the subscribers received (a subscription refused, e.g. RATE_LIMITED) or complete frames. */
  refused: number;
  firstRefusal: string | null;
  closes: Record<string, number>;
  connectionResets: number;
  /** The same subscribers on the floor (bare ws, one pre-serialized frame): what the machine takes. */
  floor?: Level;
}

interface ClientReport {
  arrivals: Record<string, number[]>;
  closes: Record<string, number>;
  errors: number;
  firstError: string | null;
}

function request<T>(child: ChildProcess, message: object, answer: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`load generator exited with ${code}`));
    const onMessage = (m: any) => {
      if (m.type === answer) {
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m as T);
      }
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message);
  });
}

async function reports(children: ChildProcess[]): Promise<ClientReport[]> {
  return Promise.all(children.map((c) => request<ClientReport>(c, { type: 'report' }, 'report')));
}

function arrivalsOf(all: ClientReport[], sequence: number): number[] {
  return all.flatMap((r) => r.arrivals[sequence] ?? []);
}

async function measureLevel(
  label: string,
  subscribers: number,
  instances: Instance[],
  writer: Trigger,
  tokens: (string | null)[],
): Promise<Level> {
  const server = instances.map((i) => i.process.pid!);
  const rssBefore = server.reduce((sum, pid) => sum + rssKB(pid), 0);
  const children: ChildProcess[] = [];
  let failedSockets = 0;
  const resetsBefore = writer.connectionResets;
  try {
    if (subscribers > 0) {
      const processes = Math.ceil(subscribers / SOCKETS_PER_CLIENT_PROCESS);
      for (let p = 0; p < processes; p++) children.push(fork(join(__dirname, 'fanout-client.js'), [], { stdio: 'inherit' }));
      const opened = await Promise.all(
        children.map((child, p) =>
          request<{ failed: number }>(
            child,
            {
              type: 'open',
              urls: instances.map((i) => i.wsUrl),
              count: Math.min(SOCKETS_PER_CLIENT_PROCESS, subscribers - p * SOCKETS_PER_CLIENT_PROCESS),
              query: SUBSCRIPTION,
              variables: { after: null },
              tokens,
              process: p,
            },
            'opened',
          ),
        ),
      );
      failedSockets = opened.reduce((sum, o) => sum + o.failed, 0);
      // Warm-up: one event that every subscriber must receive before the measure starts (so all are
      // registered); a subscription refused (an error frame) will never receive it.
      await writer.toggle(0);
      for (let i = 0; i < 600; i++) {
        const all = await reports(children);
        const sequences = Object.keys(all[0]?.arrivals ?? {});
        const refused = all.reduce((sum, r) => sum + r.errors, 0);
        if (sequences.length && arrivalsOf(all, Number(sequences[0])).length >= subscribers - failedSockets - refused) break;
        await sleep(500);
      }
    }
    await sleep(1_000);
    const memoryPerSubscriberKB = subscribers ? (server.reduce((sum, pid) => sum + rssKB(pid), 0) - rssBefore) / subscribers : NaN;

    const cpuBefore = server.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    const generators = children.map((c) => c.pid!);
    const generatorsBefore = generators.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    const machineBefore = machineCpu();
    const measureStarted = now();
    const warmUp = subscribers ? maxOf(Object.keys((await reports(children))[0].arrivals).map(Number)) : 0;
    const writes: { respondedAt: number; latency: number }[] = [];
    for (let i = 0; i < WRITES; i++) {
      const started = now();
      writes.push(await writer.toggle(i + 1));
      await sleep(Math.max(0, WRITE_INTERVAL_MS - (now() - started)));
    }

    // Waits for every event to reach every subscriber (late is not lost: the latencies show how
    // late), bounded: at most COMPLETION_WAIT_MS, and no longer than STALL_MS without progress.
    const latencies: number[] = [];
    const lastClient: number[] = [];
    const lastClientFromRequest: number[] = [];
    let delivered = 0;
    let all: ClientReport[] = [];
    const waitStarted = now();
    let progressAt = now();
    while (subscribers && now() - waitStarted < COMPLETION_WAIT_MS && now() - progressAt < STALL_MS) {
      all = await reports(children);
      let count = 0;
      for (let i = 0; i < WRITES; i++) count += arrivalsOf(all, warmUp + 1 + i).length;
      if (count > delivered) progressAt = now();
      delivered = count;
      if (delivered >= WRITES * subscribers) break;
      await sleep(500);
    }
    const cpu = server.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - cpuBefore;
    const seconds = (now() - measureStarted) / 1000;
    const machine = machineCpu();
    const cores = {
      servers: cpu / seconds,
      generators: (generators.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - generatorsBefore) / seconds,
      busy: (machine.busy - machineBefore.busy) / seconds,
      total: (machine.total - machineBefore.total) / seconds,
    };
    for (let i = 0; i < WRITES; i++) {
      const times = arrivalsOf(all, warmUp + 1 + i).map((t) => Math.max(0, t - writes[i].respondedAt));
      for (const t of times) latencies.push(t);
      if (times.length) lastClient.push(maxOf(times));
      if (times.length) lastClientFromRequest.push(maxOf(times) + writes[i].latency);
    }
    const closes: Record<string, number> = {};
    for (const r of all) for (const [code, n] of Object.entries(r.closes)) closes[code] = (closes[code] ?? 0) + n;
    return {
      label,
      subscribers,
      expected: WRITES * subscribers,
      delivered,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.length ? maxOf(latencies) : NaN,
      lastClientP99: percentile(lastClient, 99),
      writeP50: percentile(
        writes.map((w) => w.latency),
        50,
      ),
      writeP99: percentile(
        writes.map((w) => w.latency),
        99,
      ),
      memoryPerSubscriberKB,
      cpuSeconds: cpu,
      cores,
      lastClientFromRequestP99: percentile(lastClientFromRequest, 99),
      failedSockets,
      refused: all.reduce((sum, r) => sum + r.errors, 0),
      firstRefusal: all.find((r) => r.firstError)?.firstError ?? null,
      closes,
      connectionResets: writer.connectionResets - resetsBefore,
    };
  } finally {
    for (const child of children) {
      if (child.connected) child.send({ type: 'close' });
      await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(5_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }
}

async function startRedis(): Promise<{ url: string; process: ChildProcess } | null> {
  if (process.env.BENCH_REDIS_URL) return { url: process.env.BENCH_REDIS_URL, process: spawn('true') };
  const port = await freePort();
  const child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const started = await new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(false));
    setTimeout(() => resolve(child.exitCode === null), 500);
  });
  return started ? { url: `redis://127.0.0.1:${port}`, process: child } : null;
}

/** The machine's CPU time (/proc/stat, all cores), busy and in all, in seconds. */
function machineCpu(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = fields[3] + fields[4];
  return { busy: (total - idle) / 100, total: total / 100 };
}

const us = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} µs` : '–');
const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : '–');

function table(levels: Level[], baseline: Level): string {
  const count = (n: number) => n.toLocaleString('en');
  // The fan-out's own CPU: the servers' CPU less the baseline's for the same writes, per delivery.
  const writeCpu = baseline.cpuSeconds;
  const fanOutCpu = (l: Level) => (l.delivered ? ((l.cpuSeconds - writeCpu) * 1e6) / l.delivered : NaN);
  const floorCpu = (f?: Level) => (f?.delivered ? (f.cpuSeconds * 1e6) / f.delivered : NaN);
  const rows = levels.map((l) => {
    const f = l.floor;
    const problems =
      l.failedSockets + l.refused + Object.entries(l.closes).reduce((s, [code, n]) => s + (code === '1005' || code === '1006' ? 0 : n), 0);
    return [
      l.label,
      count(l.subscribers),
      `${count(l.delivered)} / ${count(l.expected)}${f && f.delivered < f.expected ? ` (floor ${count(f.delivered)})` : ''}`,
      `${ms(l.p50)} / ${f ? ms(f.p50) : '–'}`,
      `${ms(l.p99)} / ${ms(l.max)}`,
      `**${ms(l.lastClientP99)}** / ${f ? ms(f.lastClientP99) : '–'}`,
      `${ms(l.lastClientFromRequestP99)} / ${f ? ms(f.lastClientFromRequestP99) : '–'}`,
      `${ms(l.writeP50)} / ${ms(l.writeP99)} (${(l.writeP50 / baseline.writeP50).toFixed(2)}×)`,
      f ? ms(f.writeP50) : '–',
      `${us(fanOutCpu(l))} / ${us(floorCpu(f))}`,
      Number.isFinite(l.memoryPerSubscriberKB) ? `${l.memoryPerSubscriberKB.toFixed(1)} KB` : '–',
      String(problems),
      String(l.connectionResets),
    ].join(' | ');
  });
  return [
    `| instances | subscribers | delivered / expected | p50 / floor | p99 / max | last client p99 / floor | the same from the write's start / from the floor trigger's | write p50 / p99 (vs ${ms(baseline.writeP50)} / ${ms(baseline.writeP99)} with none) | floor trigger p50 | fan-out CPU per delivery / floor's | RSS per subscriber | sockets failed, refused or closed | ECONNRESET |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
    '',
    ...[
      `| instances | subscribers | the servers | the load generators | the rest of the machine | idle | the floor's server(s) / load generators / rest |`,
      '|---|---|---|---|---|---|---|',
      ...levels.map((l) => {
        const c = l.cores;
        const f = l.floor?.cores;
        const cores = (v: number) => v.toFixed(2);
        return `| ${l.label} | ${count(l.subscribers)} | ${cores(c.servers)} | ${cores(c.generators)} | ${cores(c.busy - c.servers - c.generators)} | ${cores(c.total - c.busy)} | ${f ? `${cores(f.servers)} / ${cores(f.generators)} / ${cores(f.busy - f.servers - f.generators)}` : '–'} |`;
      }),
    ].map((line, i) =>
      i === 0
        ? `Cores in use from the first write until the last delivery (of ${Math.round(levels[0]?.cores.total ?? 2)}):\n\n${line}`
        : line,
    ),
  ].join('\n');
}

export async function runFanOutBench(): Promise<number> {
  const loadAverage = loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
  const databasePath = join(mkdtempSync(join(tmpdir(), 'tracker-fanout-')), 'bench.sqlite');
  const services = await createServices(
    { ...loadConfig({}), databasePath, port: 0, logLevel: 'silent' },
    { seed: true, logger: pino({ level: 'silent' }) },
  );
  const em = () => services.orm.em.fork() as EntityManager;
  const { token } = await createUser(em(), { email: 'fanout-writer@example.org', role: Role.SECRETARIAT }, new Date());
  // One subscriber in ten signs in, with one of ten VIEWER tokens: their credentials are re-checked per event.
  const viewers: (string | null)[] = [];
  for (let i = 0; i < 10; i++)
    viewers.push((await createUser(em(), { email: `fanout-viewer-${i}@example.org`, role: Role.VIEWER }, new Date())).token);
  const tokens = [...viewers, ...Array.from({ length: 90 }, () => null)];
  await closeServices(services);

  const levels: Level[] = [];
  let baseline!: Level;
  const commitmentOf = async (instance: Instance) => {
    const res = await fetch(instance.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ commitments(first: 1, filter: { statuses: [IN_PROGRESS] }) { edges { node { id } } } }` }),
    });
    return ((await res.json()) as any).data.commitments.edges[0].node.id as string;
  };

  const one = await startInstance(databasePath);
  const floor = await startFloor(1);
  try {
    const writer = new Writer([one.url], token, await commitmentOf(one));
    await writer.load();
    for (let i = 0; i < 5; i++) await writer.toggle(i); // warm the server up
    baseline = await measureLevel('1', 0, [one], writer, tokens);
    for (const n of LEVELS) {
      console.log(`fan-out: ${n} subscribers on one instance…`);
      const level = await measureLevel('1', n, [one], writer, tokens);
      console.log(`fan-out: ${n} subscribers on the floor (bare ws)…`);
      level.floor = await measureLevel('floor', n, floor.instances, floor.trigger, tokens);
      levels.push(level);
    }
  } finally {
    await stopProcess(one.process);
    await stopProcess(floor.instances[0].process);
  }

  const redis = process.env.FANOUT_REDIS === '0' ? null : await startRedis();
  let redisNote = '';
  if (redis) {
    // FANOUT_REDIS_LEVELS=100,1000 limits the three-instance run when time is short.
    const redisLevels = (process.env.FANOUT_REDIS_LEVELS ?? LEVELS.join(',')).split(',').map(Number);
    const three: Instance[] = [];
    const floors: Instance[] = [];
    try {
      for (let i = 0; i < 3; i++) three.push(await startInstance(databasePath, redis.url));
      const floor = await startFloor(3, redis.url);
      floors.push(...floor.instances);
      const writer = new Writer(
        three.map((i) => i.url),
        token,
        await commitmentOf(three[0]),
      );
      await writer.load();
      for (const n of redisLevels) {
        console.log(`fan-out: ${n} subscribers on three instances with Redis…`);
        const level = await measureLevel('3 + Redis', n, three, writer, tokens);
        console.log(`fan-out: ${n} subscribers on three floor processes with Redis…`);
        level.floor = await measureLevel('floor', n, floors, floor.trigger, tokens);
        levels.push(level);
      }
    } finally {
      for (const instance of [...three, ...floors]) await stopProcess(instance.process);
      await stopProcess(redis.process);
    }
  } else redisNote = '\nThree instances: skipped (FANOUT_REDIS=0, or no redis-server on this machine and no BENCH_REDIS_URL).\n';

  const misses: string[] = [];
  for (const l of levels) {
    if (l.delivered < l.expected) misses.push(`${l.label} × ${l.subscribers}: delivered ${l.delivered} of ${l.expected}`);
    if (l.refused) misses.push(`${l.label} × ${l.subscribers}: ${l.refused} subscriptions refused or ended (first: ${l.firstRefusal})`);
    const p99Target = l.subscribers >= 10_000 ? targets.p99At10000 : l.subscribers >= 1_000 ? targets.p99At1000 : null;
    if (p99Target !== null && !(l.lastClientP99 <= p99Target))
      misses.push(
        `${l.label} × ${l.subscribers}: last client p99 ${ms(l.lastClientP99)} (target ≤ ${p99Target} ms; the floor, bare ws, ${l.floor ? ms(l.floor.lastClientP99) : 'not measured'})`,
      );
    if (l.subscribers >= 10_000 && !(l.writeP50 <= targets.writeRatio * baseline.writeP50))
      misses.push(
        `${l.label} × ${l.subscribers}: write p50 ${ms(l.writeP50)}, ${(l.writeP50 / baseline.writeP50).toFixed(2)}× the baseline (target ≤ ${targets.writeRatio}×)`,
      );
    if (l.subscribers >= 10_000 && !(l.memoryPerSubscriberKB <= targets.memoryPerSubscriberKB))
      misses.push(
        `${l.label} × ${l.subscribers}: ${l.memoryPerSubscriberKB.toFixed(1)} KB per idle subscriber (target ≤ ${targets.memoryPerSubscriberKB} KB)`,
      );
    if (l.connectionResets)
      misses.push(`${l.label} × ${l.subscribers}: ${l.connectionResets} ECONNRESET on the writer's keep-alive connection`);
  }

  const section = [
    '## Fan-out',
    '',
    `\`npm run bench -- fanout\`, ${new Date().toISOString().slice(0, 16)}Z: ${WRITES} status changes ${WRITE_INTERVAL_MS} ms apart, one subscription per socket (\`commitmentStatusChanged\`, one socket in ten with one of ten VIEWER tokens), subscribers in child processes of at most ${SOCKETS_PER_CLIENT_PROCESS.toLocaleString('en')} sockets, each socket with its own client address (X-Forwarded-For, TRUST_PROXY=loopback) so the per-IP rate limit applies per simulated dashboard. Deliveries are awaited until complete (at most ${COMPLETION_WAIT_MS / 1000} s, or ${STALL_MS / 1000} s without progress). Load average at the start: ${loadAverage}. Latency from the mutation's response to each client's receipt; "last client p99": over the events, the time until the last subscriber had it. RSS per subscriber: the server's growth with the subscribers connected, divided by their number. Fan-out CPU per delivery: the server processes' user + system time (/proc) from the first of the ${WRITES} writes until the last delivery, less the same for the ${WRITES} writes with no subscriber (one instance), divided by the deliveries; the floor's is its processes' whole CPU. Floor: right after each row, the same number of sockets from fresh load generators on bare \`ws\` server processes (src/bench/fanout-floor.ts: no GraphQL, no keep-alive pings; one pre-serialized frame of the same size sent to every socket in a plain loop; through Redis on three processes), measured the same way: what this machine takes to push one frame to that many local sockets. The floor answers its trigger before sending, but its sends hold its event loop, so a trigger that comes during them waits (its p50 is shown): the floor's latency from its response leaves that wait out, where the API answers its writes first and the wait shows in the delivery; the column "from the write's start" adds the write's (the trigger's) own time to each event's last-client time, which compares the two without that difference. Targets: last client p99 ≤ ${targets.p99At1000} ms at 1,000 and ≤ ${targets.p99At10000} ms at 10,000; write p50 within ${targets.writeRatio}× of the baseline and ≤ ${targets.memoryPerSubscriberKB} KB per subscriber at 10,000.`,
    '',
    table(levels, baseline),
    redisNote,
    misses.length ? `Missed:\n${misses.map((m) => `- ${m}`).join('\n')}` : 'Every target met.',
    '',
  ].join('\n');
  writeResultsSection('## Fan-out', section);
  console.log(section);
  for (const miss of misses) console.log(`MISS ${miss}`);
  return misses.length ? 1 : 0;
}
