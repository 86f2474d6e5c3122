/**
 * Importing a CSV file: read it, check the header, validate every row (reporting each bad one by
 * its line), and only when all are valid write them all in one transaction through write()
 * (events published after commit). A dry run writes them too, then rolls back: nothing is kept,
 * and the report still counts what would be created, updated or left unchanged.
 */
import type { AppServices } from '../server/context';
import { createContext } from '../server/context';
import type { EntityManager } from '@mikro-orm/knex';
import { write } from '../services/write';
import { findUser } from '../services/users';
import { systemUser } from '../seeds/load';
import { authorize, policy, RULES } from '../auth/policy';
import type { User } from '../entities';
import { readCsv } from './csv';
import { RowCheck } from './cells';
import { noCounts, RowWriteError, type Columns, type Counts, type ImportKind, type ImportRecord } from './kind';
import type { ImportReport, Problem } from './report';
import { recommendationsImport } from './kinds/recommendations';
import { actorsImport } from './kinds/actors';
import { refreshStatistics } from '../queries/statistics';
import { commitmentsImport } from './kinds/commitments';
import { progressUpdatesImport } from './kinds/progress-updates';

export const IMPORT_KINDS: Record<string, ImportKind<any, any>> = Object.fromEntries(
  [recommendationsImport, actorsImport, commitmentsImport, progressUpdatesImport].map((k) => [k.name, k]),
);

export interface ImportOptions {
  dryRun?: boolean;
  /** E-mail of the user the records are written as; default the built-in system user. */
  as?: string;
  /** Told how far the import is (the CLI draws a progress bar on a terminal). */
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  phase: 'validating' | 'writing' | 'done';
  done: number;
  total: number;
}

/** Rows between two progress reports while validating. */
const PROGRESS_EVERY = 1000;

function headerProblems(header: string[], columns: Columns): Problem[] {
  const known = new Set([...columns.required, ...columns.optional, ...columns.ignored]);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) problems.push({ line: 1, field: name, message: `Column "${name}" appears twice` });
    else if (!known.has(name))
      problems.push({ line: 1, field: name, message: `Unknown column "${name}"; the columns are ${[...known].join(', ')}` });
    seen.add(name);
  }
  for (const name of columns.required)
    if (!seen.has(name)) problems.push({ line: 1, field: name, message: `Required column "${name}" is missing` });
  return problems;
}

async function importingUser(services: AppServices, email: string | undefined): Promise<User> {
  const em = services.orm.em.fork() as EntityManager;
  return email ? findUser(em, { email }) : systemUser(em);
}

/** Thrown inside the transaction of a dry run, so that it rolls back. */
class DryRun extends Error {
  constructor(readonly counts: Counts) {
    super('dry run');
  }
}

/** From this many rows on, an import re-analyses the tables for the query planner. */
const LARGE_IMPORT_ROWS = 1000;

export async function importCsv(services: AppServices, kindName: string, csv: Buffer, options: ImportOptions = {}): Promise<ImportReport> {
  const kind = IMPORT_KINDS[kindName];
  if (!kind) throw new Error(`Unknown kind "${kindName}"; one of ${Object.keys(IMPORT_KINDS).join(', ')}`);
  const report: ImportReport = { kind: kind.name, dryRun: Boolean(options.dryRun), rows: 0, imported: false, ...noCounts(), problems: [] };

  const { table, rows, problems } = readCsv(csv);
  report.rows = rows;
  report.problems.push(...problems);
  if (!table) return report;
  const header = headerProblems(table.header, kind.columns);
  report.problems.push(...header);
  if (header.length) return report;

  const user = await importingUser(services, options.as);
  authorize(user, policy.mayEditReferenceData(user), RULES.importData);

  const refs = await kind.references(services.orm.em.fork().getKnex('read'), table.rows);
  const records: ImportRecord[] = [];
  const lineOfCode = new Map<string, number>();
  const progress = (phase: ImportProgress['phase'], done: number) => options.onProgress?.({ phase, done, total: table.rows.length });
  for (const [i, row] of table.rows.entries()) {
    if (i % PROGRESS_EVERY === 0) progress('validating', i);
    const check = new RowCheck(row);
    const record = kind.validate(check, refs);
    if (record.code && lineOfCode.has(record.code)) check.problem('code', `${record.code} is also on line ${lineOfCode.get(record.code)}`);
    else if (record.code) lineOfCode.set(record.code, row.line);
    const column = (p: Problem) => (p.field ? table.header.indexOf(p.field) : -1);
    if (check.problems.length) report.problems.push(...check.problems.sort((x, y) => column(x) - column(y)));
    else records.push(record);
  }
  if (report.problems.length) return report;

  progress('writing', records.length);
  try {
    const counts = await write(createContext(services, user), async (w) => {
      const written = await kind.write(w, records);
      if (report.dryRun) throw new DryRun(written);
      return written;
    });
    Object.assign(report, counts, { imported: true });
    // A large import can change which index serves a query best.
    if (!report.dryRun && records.length >= LARGE_IMPORT_ROWS) await refreshStatistics(services.orm, true);
  } catch (err) {
    if (err instanceof DryRun) Object.assign(report, err.counts);
    else if (err instanceof RowWriteError) report.problems.push({ line: err.line, field: err.field, message: err.message });
    else throw err;
  } finally {
    progress('done', table.rows.length);
  }
  return report;
}
