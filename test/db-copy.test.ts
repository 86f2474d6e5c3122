/**
 * Moving from SQLite to PostgreSQL: `npm run db:backup` takes an online copy of a SQLite file
 * in use, and `npm run db:copy` carries it into a new PostgreSQL database with everything in it:
 * the API then answers the same, tokens still work, and the next event continues the sequence.
 * Needs both databases, so it runs once, in the sqlite project (jest.config.js).
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { freshDatabase, startTestServer, type TestServer } from './support/server';
import { databaseEnv, PG_SERVER, psql } from './support/database';
import { idOf, tokenFor } from './support/users';
import { REPO } from './support/paths';
import { Role } from '../src/domain/enums';

const run = async (script: string, args: string[], env: Record<string, string>) => {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [join(REPO, 'dist', 'db', script), ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

/** What a client sees of the data: the history with its sequences, progress, stats, a token's user. */
const SNAPSHOT = `{
  commitments(first: 100, orderBy: { field: CODE, direction: ASC }) { totalCount edges { node { code status version createdAt updatedAt
    history(first: 50) { edges { node { toStatus sequence at } } }
    progressUpdates(first: 50) { edges { node { code sequence reportedAt } } } } } }
  recommendations(first: 5, filter: { search: "\\"resource child ombudspersons\\"" }) { totalCount edges { node { code } } }
  commitmentStats(groupBy: [STATUS]) { total buckets { count keys { value } } }
  viewer { email role }
}`;

/** The definitions of a database's indexes, one a line, by name. */
const indexesOf = (database: string) =>
  execFileSync(
    'psql',
    [`${PG_SERVER}/${database}`, '-qAtX', '-c', `select indexdef from pg_indexes where schemaname = 'public' order by indexname`],
    {
      encoding: 'utf8',
    },
  );

// Child processes and two servers: generous on a loaded machine.
jest.setTimeout(120_000);

describe('db:backup then db:copy into PostgreSQL', () => {
  let sqliteServer: TestServer | undefined;
  let pgServer: TestServer | undefined;
  afterAll(async () => {
    await sqliteServer?.stop();
    await pgServer?.stop();
  });

  it('carries history, sequences, users and tokens: the API answers the same and the sequence continues', async () => {
    const databasePath = freshDatabase(true);
    sqliteServer = await startTestServer({ databasePath });
    const token = await tokenFor(sqliteServer, Role.SECRETARIAT);
    const commitmentId = await idOf(sqliteServer, 'commitment', 'IT-DEO-NATIONAL-CARE-GUIDELINES');
    const logged = await sqliteServer.gql(
      `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { sequence } } }`,
      { i: { commitmentId, summary: 'Before the move' } },
      token,
    );
    expect(logged.errors).toBeUndefined();

    const backup = join(mkdtempSync(join(tmpdir(), 'tracker-backup-')), 'backup.sqlite');
    const backedUp = await run('backup.js', ['--to', backup], databaseEnv(databasePath));
    expect(backedUp).toMatchObject({ code: 0 });
    expect((await run('backup.js', ['--to', backup], databaseEnv(databasePath))).code).toBe(1); // never over a file

    const name = `${process.env.TEST_PG_PREFIX ?? `fut_test_${process.pid}`}_copy_${randomBytes(4).toString('hex')}`;
    psql(`create database "${name}"`);
    const url = `${PG_SERVER}/${name}`;
    try {
      const copied = await run('copy.js', ['--from', backup, '--to', url], {});
      expect(copied).toMatchObject({ code: 0 });
      expect(JSON.parse(copied.stdout).copied).toMatchObject({ status_change: expect.any(Number), api_token: expect.any(Number) });
      // A second copy into the same database is refused: it holds data now.
      expect((await run('copy.js', ['--from', backup, '--to', url], {})).stderr).toMatch(/already holds data/);
      // The indexes dropped for the copy are all back, as the migrations make them (in an empty database).
      const migrated = `${name}_migrated`;
      psql(`create database "${migrated}"`);
      try {
        await (await startTestServer({ databasePath: `${PG_SERVER}/${migrated}`, seeded: false })).stop();
        expect(indexesOf(name)).toBe(indexesOf(migrated));
        expect(indexesOf(name)).toMatch(/progress_update_live_commitment_index/);
      } finally {
        psql(`drop database if exists "${migrated}" with (force)`);
      }

      pgServer = await startTestServer({ databasePath: url });
      const [before, after] = await Promise.all([sqliteServer.gql(SNAPSHOT, {}, token), pgServer.gql(SNAPSHOT, {}, token)]);
      expect(before.errors).toBeUndefined();
      expect(after).toEqual(before);

      const next = await pgServer.gql(
        `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { sequence } } }`,
        { i: { commitmentId, summary: 'After the move' } },
        token,
      );
      expect(next.data.logProgress.progressUpdate.sequence).toBe(logged.data.logProgress.progressUpdate.sequence + 1);
    } finally {
      await pgServer?.stop();
      pgServer = undefined;
      psql(`drop database if exists "${name}" with (force)`);
    }
  });

  it('refuses bad usage with exit code 2', async () => {
    expect((await run('copy.js', ['--from', 'x.sqlite'], {})).code).toBe(2);
    expect((await run('copy.js', ['--from', 'x.sqlite', '--to', 'mysql://x'], {})).code).toBe(2);
    expect((await run('backup.js', ['--to', 'x'], { DATABASE_URL: `${PG_SERVER}/postgres` })).stderr).toMatch(/pg_dump/);
  });
});
