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
import { IMPORT_KINDS, importCsv } from './import';
import { formatReport } from './report';

const USAGE = `usage: npm run import -- <${Object.keys(IMPORT_KINDS).join('|')}> <file.csv> [--dry-run] [--as <email>]`;

async function main(argv: string[]): Promise<number> {
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
    const report = await importCsv(services, kind, csv, { dryRun: parsed.values['dry-run'], as: parsed.values.as });
    console.log(formatReport(report, file));
    return report.problems.length ? 1 : 0;
  } finally {
    await closeServices(services);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
