/**
 * Builds, once per run, a migrated database loaded with the real seeds; each test copies it.
 * It runs the compiled `npm run seed` in a child process: loading the ORM in jest's parent
 * process would leave decorator metadata in another realm than the tests'.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { REPO } from './paths';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export default async function globalSetup(): Promise<void> {
  const built = join(REPO, 'dist', 'seeds', 'cli.js');
  if (!existsSync(built) || statSync(built).mtimeMs < newestMtime(join(REPO, 'src'))) {
    execFileSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
      cwd: REPO,
      stdio: 'inherit',
    });
  }
  const path = join(tmpdir(), `follow-up-tracker-template-${process.pid}.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  execFileSync(process.execPath, [built], { cwd: REPO, env: { ...process.env, DATABASE_PATH: path }, stdio: 'ignore' });
  process.env.TEMPLATE_DB = path;
}
