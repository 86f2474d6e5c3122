/**
 * `npm run bench`: speed and memory targets, measured against a real server on a seeded
 * temporary database (never in the tests, which must not depend on timing).
 * Prints one line per measure with its target; exits 1 when a target is missed.
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import pino from 'pino';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import type { EntityManager } from '@mikro-orm/knex';
import { loadConfig } from '../config';
import { createServices, closeServices } from '../app';
import { startServer } from '../server/http';
import { createUser } from '../services/users';
import { Role } from '../domain/enums';
import { currentSequence } from '../services/sequence';
import { runFanOutBench } from './fanout';
import { runReadBench } from './read';
import { runWebBench } from './web';
import { runPostgresBench } from './postgres';
import { helpAndExitIfAsked } from '../cli/help';

interface Measure {
  name: string;
  value: number;
  unit: string;
  target: number;
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

async function main(): Promise<void> {
  helpAndExitIfAsked({
    usage: 'npm run bench [-- fanout|read|web|postgres]',
    summary:
      'Measures speed and memory against a real server on a seeded temporary database; prints one line per measure with its target and exits 1 when a target is missed.',
    commands: [
      ['fanout', 'only the subscription fan-out benchmark (thousands of WebSocket subscribers)'],
      ['read', 'only the read-path benchmark (1k/10k/100k datasets beside raw SQL and a bare Apollo server)'],
      ['web', "only the dashboard in Chromium: first view and live updates, beside the API's own times"],
      ['postgres', "the read-path benchmark's queries against the API on SQLite and on PostgreSQL side by side (BENCH_PG_SERVER)"],
    ],
    examples: ['npm run bench', 'npm run bench -- fanout', 'npm run bench -- read', 'npm run bench -- web', 'npm run bench -- postgres'],
  });
  if (process.argv.includes('fanout')) process.exit(await runFanOutBench());
  if (process.argv.includes('read')) process.exit(await runReadBench());
  if (process.argv.includes('web')) process.exit(await runWebBench());
  if (process.argv.includes('postgres')) process.exit(await runPostgresBench());
  const databasePath = join(mkdtempSync(join(tmpdir(), 'tracker-bench-')), 'bench.sqlite');
  // No rate limit: the bench measures the server, not the limiter.
  const config = { ...loadConfig({}), databasePath, port: 0, logLevel: 'silent', rateLimit: 0 };
  const services = await createServices(config, { seed: true, logger: pino({ level: 'silent' }) });
  const server = await startServer(services, 0, '127.0.0.1');
  const { token } = await createUser(
    services.orm.em.fork() as EntityManager,
    { email: 'bench@example.org', role: Role.SECRETARIAT },
    new Date(),
  );
  const post = async (query: string, variables?: object) => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const timed = async (runs: number, fn: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      await fn();
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return times;
  };
  const measures: Measure[] = [];
  const latency = async (name: string, target: number, query: string, variables?: object) => {
    await post(query, variables); // warm-up
    measures.push({ name: `${name} p95`, value: percentile(await timed(100, () => post(query, variables)), 95), unit: 'ms', target });
  };

  await latency(
    'recommendations(first: 100) with source, commitments, actors',
    150,
    `{ recommendations(first: 100) { edges { node { code status source { code } commitments { edges { node { code actor { name } } } } } } } }`,
  );
  await latency(
    'commitments filtered by country and status',
    50,
    `{ commitments(first: 50, filter: { countryCodes: ["IT"], statuses: [IMPLEMENTED, IN_PROGRESS] }) { totalCount edges { node { code isOverdue } } } }`,
  );
  await latency(
    'full-text search, ranked',
    50,
    `{ recommendations(first: 20, filter: { search: "child* protection" }) { totalCount edges { node { code } } } }`,
  );
  await latency('commitmentStats by SOURCE × STATUS', 50, `{ commitmentStats(groupBy: [SOURCE, STATUS]) { total buckets { count } } }`);

  const { commitments } = await post(`{ commitments(first: 1, filter: { countryCodes: ["IT"] }) { edges { node { id } } } }`);
  const commitmentId = commitments.edges[0].node.id;
  const writes = await timed(200, () =>
    post(`mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { sequence } } }`, {
      i: { commitmentId, summary: 'Benchmark report' },
    }),
  );
  measures.push({ name: 'logProgress p95 (sequential)', value: percentile(writes, 95), unit: 'ms', target: 50 });
  measures.push({
    name: 'logProgress throughput',
    value: Math.round(200 / (writes.reduce((a, b) => a + b, 0) / 1000)),
    unit: 'writes/s',
    target: -50,
  });

  // Fan-out: 50 subscribers, 50 status-affecting writes; time until every subscriber has every event.
  const subscribers = 50;
  const events = 50;
  const clients = Array.from({ length: subscribers }, () => createClient({ url: server.wsUrl, webSocketImpl: WebSocket, lazy: false }));
  const sequence = await currentSequence(services.orm.em.fork() as EntityManager);
  let received = 0;
  const allReceived = new Promise<void>((resolve) => {
    for (const client of clients) {
      client.subscribe(
        { query: `subscription($a: Int) { progressLogged(after: $a) { sequence commitment { code } } }`, variables: { a: sequence } },
        {
          next: () => {
            received += 1;
            if (received === subscribers * events) resolve();
          },
          error: () => {},
          complete: () => {},
        },
      );
    }
  });
  const fanStart = process.hrtime.bigint();
  for (let i = 0; i < events; i++)
    await post(`mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { id } } }`, {
      i: { commitmentId, summary: `Fan-out ${i}` },
    });
  await allReceived;
  measures.push({
    name: `fan-out of ${events} events to ${subscribers} subscribers`,
    value: Math.round(Number(process.hrtime.bigint() - fanStart) / 1e6),
    unit: 'ms',
    target: 15_000,
  });
  await Promise.all(clients.map((c) => c.dispose()));

  global.gc?.();
  measures.push({ name: 'resident memory after the run', value: Math.round(process.memoryUsage().rss / 1e6), unit: 'MB', target: 400 });

  await server.stop();
  await closeServices(services);

  let failed = 0;
  for (const m of measures) {
    // A negative target is a floor (higher is better), a positive one a ceiling.
    const ok = m.target < 0 ? m.value >= -m.target : m.value <= m.target;
    if (!ok) failed += 1;
    console.log(
      `${ok ? 'ok  ' : 'MISS'} ${m.name}: ${m.value.toFixed(1)} ${m.unit} (target ${m.target < 0 ? '≥' : '≤'} ${Math.abs(m.target)})`,
    );
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
