/**
 * Development tool: diffs the entities against a database migrated with the committed
 * migrations, writes the difference as a new migration in src/db/migrations and re-lists them.
 * Usage: npm run migration:create
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/sqlite';
import { readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ormOptions } from './orm';
import { helpAndExitIfAsked } from '../cli/help';

const dir = join(__dirname, '..', '..', 'src', 'db', 'migrations');

async function main(): Promise<void> {
  helpAndExitIfAsked({
    usage: 'npm run migration:create',
    summary:
      'Development tool: builds, diffs the entities against a database migrated with the committed migrations, and writes the difference as a new migration in src/db/migrations.',
    examples: ['npm run migration:create && git status src/db/migrations'],
  });
  const databasePath = join(mkdtempSync(join(tmpdir(), 'tracker-migration-')), 'diff.sqlite');
  const base = ormOptions({ databasePath });
  const orm = await MikroORM.init({ ...base, migrations: { ...base.migrations, path: dir, emit: 'ts' } });
  try {
    await orm.getMigrator().up();
    const result = await orm.getMigrator().createMigration(dir);
    console.log(result.diff.up.length ? `created ${result.fileName}` : 'no changes');
  } finally {
    await orm.close();
  }
  const names = readdirSync(dir)
    .filter((f) => /^Migration\d+.*\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  const lines = [
    '/** The committed migrations, in order. Listed explicitly so that compiled code and tests load the same set. */',
    ...names.map((n) => `import { ${n} } from './${n}';`),
    '',
    'export const migrationsList: { name: string; class: any }[] = [',
    ...names.map((n) => `  { name: '${n}', class: ${n} },`),
    '];',
    '',
  ];
  writeFileSync(join(dir, 'index.ts'), lines.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
