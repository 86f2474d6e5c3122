/**
 * `--help` for every command-line entry point: what it does, its commands and options, and an
 * example, printed to stdout with exit code 0, before any database is opened.
 */
export interface Help {
  /** npm script and arguments, e.g. `npm run user -- <command> [options]`. */
  usage: string;
  /** One sentence: what the command does. */
  summary: string;
  commands?: [string, string][];
  options?: [string, string][];
  examples: string[];
  /** Settings (environment) the command reads. */
  environment?: string[];
}

export const wantsHelp = (argv: readonly string[]): boolean => argv.includes('--help') || argv.includes('-h');

const table = (rows: [string, string][]) => {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, text]) => `  ${name.padEnd(width)}  ${text}`).join('\n');
};

export function formatHelp(help: Help): string {
  return [
    `usage: ${help.usage}\n\n${help.summary}`,
    help.commands?.length ? `\ncommands:\n${table(help.commands)}` : '',
    `\noptions:\n${table([...(help.options ?? []), ['-h, --help', 'print this help and exit']])}`,
    help.environment?.length ? `\nenvironment: ${help.environment.join(', ')}` : '',
    `\nexample${help.examples.length > 1 ? 's' : ''}:\n${help.examples.map((e) => `  ${e}`).join('\n')}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** Prints the help and exits 0 when argv asks for it. */
export function helpAndExitIfAsked(help: Help, argv: readonly string[] = process.argv.slice(2)): void {
  if (!wantsHelp(argv)) return;
  console.log(formatHelp(help));
  process.exit(0);
}
