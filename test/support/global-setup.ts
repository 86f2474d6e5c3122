/**
 * Builds, once per run and project, a migrated database loaded with the real seeds; each test
 * copies it (./database.ts). It runs the compiled `npm run seed` in a child process: loading
 * the ORM in jest's parent process would leave decorator metadata in another realm than the tests'.
 * SQLite: a template file. PostgreSQL: a template database, named with this run's prefix.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Config } from '@jest/types';
import { PG_SERVER, psql } from './database';
import { REPO } from './paths';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIfStale(): string {
  const built = join(REPO, 'dist', 'seeds', 'cli.js');
  if (!existsSync(built) || statSync(built).mtimeMs < newestMtime(join(REPO, 'src'))) {
    execFileSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
      cwd: REPO,
      stdio: 'inherit',
    });
  }
  return built;
}

function seed(built: string, env: Record<string, string>): void {
  execFileSync(process.execPath, [built], { cwd: REPO, env: { ...process.env, ...env }, stdio: 'ignore' });
}

/**
 * Jest runs each distinct globalSetup module once, with the first project that names it: the
 * postgresql project names ./global-setup-postgresql.ts, which calls this with its own config.
 */
export default async function globalSetup(_global: Config.GlobalConfig, project: Config.ProjectConfig): Promise<void> {
  const built = buildIfStale();
  if (project.globals.TEST_DIALECT === 'postgresql') {
    const prefix = `fut_test_${process.pid}`;
    const template = `${prefix}_template`;
    psql(`drop database if exists "${template}"`);
    psql(`create database "${template}"`);
    seed(built, { DATABASE_URL: `${PG_SERVER}/${template}` });
    process.env.TEST_PG_PREFIX = prefix;
    process.env.TEMPLATE_PG_DB = template;
    return;
  }
  const path = join(tmpdir(), `follow-up-tracker-template-${process.pid}.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  seed(built, { DATABASE_PATH: path });
  process.env.TEMPLATE_DB = path;
}
