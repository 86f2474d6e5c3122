/**
 * `npm run import -- <kind> <file.csv> [--dry-run] [--as <email>]`: validates every row, prints
 * the report (each bad row with its line and reason) and imports all rows or none.
 * Exit code 0 when imported (or valid, for a dry run), 1 on any problem, 2 on bad usage.
 */
import '../threadpool';
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../config';
import { closeServices, createServices } from '../app';
import { IMPORT_KINDS, importCsv, type ImportProgress } from './import';
import { failureLine, formatReport } from './report';
import { formatHelp, wantsHelp, type Help } from '../cli/help';

const HELP: Help = {
  usage: `npm run import -- <${Object.keys(IMPORT_KINDS).join('|')}> <file.csv> [--dry-run] [--as <email>]`,
  summary:
    'Validates every row of a CSV file, prints each bad row with its line and reason, and imports all rows or none. Exit code 0 when imported (or valid, for a dry run), 1 on any problem, 2 on bad usage.',
  commands: Object.keys(IMPORT_KINDS).map((kind) => [kind, `rows of ${kind} (columns as in the README, "Export and import")`]),
  options: [
    ['--dry-run', 'validate and report only; write nothing'],
    ['--as <email>', 'the user recorded as author (SECRETARIAT or ADMIN); default: the built-in system user'],
  ],
  environment: ['DATABASE_PATH', 'DATABASE_URL', 'REDIS_URL'],
  examples: ['npm run import -- commitments ./commitments.csv --dry-run', 'npm run import -- actors ./actors.csv --as admin@example.org'],
};
const USAGE = `usage: ${HELP.usage} (--help for more)`;

async function main(argv: string[]): Promise<number> {
  if (wantsHelp(argv)) {
    console.log(formatHelp(HELP));
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, as: { type: 'string' } } });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const [kind, file] = parsed.positionals;
  if (!kind || !file || parsed.positionals.length > 2 || !IMPORT_KINDS[kind]) {
    console.error(USAGE);
    return 2;
  }
  const csv = readFileSync(file);
  const config = loadConfig();
  // The report goes to stdout; logs, if any, to stderr.
  const services = await createServices(config, { logger: pino({ level: config.logLevel }, pino.destination(2)) });
  try {
    const report = await importCsv(services, kind, csv, {
      dryRun: parsed.values['dry-run'],
      as: parsed.values.as,
      onProgress: process.stderr.isTTY ? drawProgress : undefined,
    });
    console.log(formatReport(report, file));
    return report.problems.length ? 1 : 0;
  } finally {
    await closeServices(services);
  }
}

/** A one-line progress bar on the terminal's stderr, redrawn in place; cleared when done. */
function drawProgress({ phase, done, total }: ImportProgress): void {
  if (phase === 'done') {
    process.stderr.write('\r\x1b[K');
    return;
  }
  const width = 30;
  const filled = phase === 'writing' ? width : Math.round((done / Math.max(total, 1)) * width);
  const what = phase === 'writing' ? `writing ${total} rows…` : `validating ${done}/${total} rows`;
  process.stderr.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${what}`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`import failed: ${failureLine(err)}`);
    process.exit(1);
  },
);
