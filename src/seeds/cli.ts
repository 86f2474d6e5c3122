/** `npm run seed`: upserts seeds/ into the configured database (created and migrated if needed). */
import '../threadpool';
import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase, migrate, databaseOptionsOf } from '../db/orm';
import { describeUrl, isPostgresUrl } from '../db/postgres';
import { seedsDirOf } from '../app';
import { readSeeds } from './read';
import { loadSeeds } from './load';
import { helpAndExitIfAsked } from '../cli/help';

const HELP = {
  usage: 'npm run seed',
  summary:
    'Upserts the seed files (sources, recommendations, actors, responsibilities, commitments and their history) into the configured database, creating and migrating it if needed; prints what it created and updated as JSON. Running it again changes nothing.',
  environment: ['DATABASE_PATH', 'DATABASE_URL', 'SEEDS_DIR'],
  examples: ['npm run seed', 'DATABASE_PATH=/tmp/tracker.sqlite npm run seed'],
};

async function main(): Promise<void> {
  helpAndExitIfAsked(HELP);
  const config = loadConfig();
  const orm = await openDatabase(databaseOptionsOf(config));
  try {
    await migrate(orm);
    const report = await loadSeeds(orm, readSeeds(seedsDirOf(config)));
    console.log(JSON.stringify({ database: isPostgresUrl(config.databaseUrl) ? describeUrl(config.databaseUrl) : config.databasePath, ...report }, null, 2));
  } finally {
    await orm.close(true);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
