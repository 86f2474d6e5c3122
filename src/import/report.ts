/** What an import found and did, and its text form for the command line. */

export interface Problem {
  /** The line the row starts on in the file (the header is line 1). */
  line: number;
  /** The column at fault, when one is. */
  field?: string;
  message: string;
}

export interface ImportReport {
  kind: string;
  dryRun: boolean;
  /** Data rows read (the header not counted). */
  rows: number;
  /** Whether the rows were written (false on any problem, and for a dry run). */
  imported: boolean;
  created: number;
  updated: number;
  unchanged: number;
  problems: Problem[];
}

export function formatReport(report: ImportReport, file = report.kind): string {
  const head = `${file}: ${report.rows} row${report.rows === 1 ? '' : 's'}`;
  if (report.problems.length) {
    const lines = [...report.problems]
      .sort((a, b) => a.line - b.line)
      .map((p) => `  line ${p.line}${p.field ? `, ${p.field}` : ''}: ${p.message}`);
    return [`${head}, ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}; nothing imported`, ...lines].join('\n');
  }
  const counts = `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged`;
  return report.dryRun ? `${head} valid; dry run, nothing written (would be: ${counts})` : `${head} imported: ${counts}`;
}

/**
 * One line for an import that failed outright: a database driver's message carries the whole
 * statement (a 50k-row insert is hundreds of KB), so keep the reason after it.
 */
export function failureLine(err: unknown): string {
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  const reason = / - ((?:SQLITE_|ER_)?[A-Z_]+: .*)$/.exec(message)?.[1] ?? message;
  return reason.length > 300 ? `${reason.slice(0, 300)}…` : reason;
}
