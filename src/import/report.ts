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
