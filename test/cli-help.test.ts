/**
 * Every command-line entry point of package.json answers `--help` (and `-h`) with its usage,
 * options and an example on stdout, exit code 0, without opening a database: run built, as
 * `npm run …` runs them.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO } from './support/paths';

const scripts: Record<string, string> = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).scripts;
/** npm script → the built file it runs (`node dist/….js`). */
const entryPoints = Object.entries(scripts).flatMap(([name, command]) =>
  [...command.matchAll(/\bnode (dist\/\S+\.js)/g)].map((m) => ({ name, file: m[1] })),
);

const run = promisify(execFile);

describe('--help', () => {
  it('is known for every CLI of package.json', () => {
    expect(entryPoints.map((e) => e.name).sort()).toEqual(
      [
        'bench',
        'db:backup',
        'db:copy',
        'import',
        'migration:create',
        'schema:print',
        'seed',
        'seeds:check',
        'start',
        'user',
        'worker',
      ].sort(),
    );
  });

  it.each(entryPoints)('npm run $name prints its usage, options and an example, and exits 0', async ({ file }) => {
    // A database path that cannot be opened: --help must not need one.
    const env = { ...process.env, DATABASE_PATH: '/nonexistent/dir/tracker.sqlite', PORT: '1' };
    for (const flag of ['--help', '-h']) {
      const { stdout, stderr } = await run(process.execPath, [join(REPO, file), flag], { cwd: REPO, env, encoding: 'utf8' });
      expect(stdout).toMatch(/^usage: npm (run |start)/);
      expect(stdout).toContain('options:\n');
      expect(stdout).toContain('--help');
      expect(stdout).toMatch(/\nexamples?:\n {2}(\S+=\S+ )*npm /);
      expect(stderr).toBe('');
    }
  });

  it('lists the user CLI’s commands and options', async () => {
    const { stdout } = await run(process.execPath, [join(REPO, 'dist', 'auth', 'cli.js'), 'create', '--help'], { encoding: 'utf8' });
    for (const word of [
      'create',
      'token',
      'revoke',
      'disable',
      'enable',
      'list',
      '--email',
      '--role',
      '--actor',
      '--country',
      '--expires-in-days',
    ])
      expect(stdout).toContain(word);
  });

  it('answers an unknown option with the message and the help on stderr, exit code 2', async () => {
    const failed = await run(process.execPath, [join(REPO, 'dist', 'auth', 'cli.js'), 'list', '--colour'], { encoding: 'utf8' }).then(
      () => null,
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(failed).toMatchObject({ code: 2, stdout: '' });
    expect(failed!.stderr).toMatch(/^Unknown option '--colour'[^\n]*\n\nusage: npm run user/);
  });
});
