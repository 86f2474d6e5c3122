/**
 * Start and stop: a database written by a newer version is refused, naming the unknown
 * migration; a bad DATABASE_PATH fails start-up with one line naming it (and a JSON log line);
 * responses answered while draining say `Connection: close`.
 */
import http from 'node:http';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import sqlite3 from 'sqlite3';
import pino from 'pino';
import { freshDatabase, startTestServer } from './support/server';
import { REPO } from './support/paths';
import { tokenFor } from './support/users';
import { loadConfig } from '../src/config';
import { createServices, closeServices } from '../src/app';
import { writeQueueOf } from '../src/db/write-queue';
import { Role } from '../src/domain/enums';

function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

it('refuses a database with a migration this version does not know, naming it', async () => {
  const databasePath = freshDatabase(true);
  const db = new sqlite3.Database(databasePath);
  await exec(db, `insert into mikro_orm_migrations (name, executed_at) values ('Migration20991231000000_future', current_timestamp)`);
  await new Promise((resolve) => db.close(resolve));
  const config = { ...loadConfig({}), databasePath, logLevel: 'silent' };
  await expect(createServices(config, { logger: pino({ level: 'silent' }) })).rejects.toThrow(
    /DATABASE_PATH=.*Migration20991231000000_future.*newer version/,
  );
});

it('fails to start with one line naming DATABASE_PATH when its parent is a file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracker-start-'));
  writeFileSync(join(dir, 'afile'), 'not a directory');
  const databasePath = join(dir, 'afile', 'tracker.sqlite');
  const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      [join(REPO, 'dist', 'main.js')],
      { env: { ...process.env, DATABASE_PATH: databasePath, PORT: '0' } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
  expect(result.code).toBe(1);
  expect(result.stderr.trim().split('\n')).toEqual([
    `DATABASE_PATH=${databasePath}: a parent of ${databasePath} is a file, not a directory`,
  ]);
  const log = JSON.parse(result.stdout.trim().split('\n').pop()!);
  expect(log).toMatchObject({ level: 60, msg: expect.stringContaining(`DATABASE_PATH=${databasePath}`) });
}, 120_000);

it('answers a request in flight during the drain with Connection: close', async () => {
  const t = await startTestServer({ config: { databaseBusyTimeoutMs: 60_000 } });
  const token = await tokenFor(t, Role.SECRETARIAT);
  const holder = new sqlite3.Database(t.databasePath);
  await exec(holder, 'BEGIN IMMEDIATE');
  try {
    const body = JSON.stringify({
      query: `mutation($input: CreateActorInput!) { createActor(input: $input) { actor { code } } }`,
      variables: { input: { code: 'DRAIN-TEST', name: 'Drain test', kind: 'CIVIL_SOCIETY' } },
    });
    const agent = new http.Agent({ keepAlive: true });
    const answered = new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(
        t.url,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } },
        resolve,
      );
      req.on('error', reject);
      req.end(body);
    });
    await until(() => writeQueueOf(t.services.orm).pending === 1);
    const stopped = t.server.stop();
    await exec(holder, 'COMMIT');
    const res = await answered;
    res.resume();
    expect(res.statusCode).toBe(200);
    expect(res.headers.connection).toBe('close');
    await stopped;
    agent.destroy();
  } finally {
    await new Promise((resolve) => holder.close(resolve));
    await closeServices(t.services);
  }
});
