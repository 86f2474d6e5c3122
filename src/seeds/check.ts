/**
 * `npm run seeds:check`: every code unique, every reference resolvable, every verbatim passage
 * (recommendation text, evidence) found in its named document under the one normalisation of
 * normalize.ts. Prints each failing record with its file and code; exits 1 if any.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readSeeds } from './read';
import { validateSeeds, type SeedData } from './format';
import { passageKey } from './normalize';
import { textProblem } from '../domain/text';
import { helpAndExitIfAsked } from '../cli/help';

export function findSourcesDir(): string {
  const candidates = [process.env.SOURCES_DIR, join(process.cwd(), '..', 'shared', 'sources'), join(__dirname, '..', '..', '..', 'shared', 'sources')];
  const found = candidates.find((d) => d && existsSync(d));
  if (!found) throw new Error('Cannot find the source documents (../shared/sources); set SOURCES_DIR');
  return resolve(found);
}

/** Problems with the verbatim passages of `data` against the documents in `sourcesDir`. */
export function checkPassages(data: SeedData, sourcesDir: string): string[] {
  const documents = new Map<string, string | null>();
  const keyOf = (name: string) => {
    if (!documents.has(name)) {
      const path = join(sourcesDir, name);
      documents.set(name, existsSync(path) && !name.includes('/') ? passageKey(readFileSync(path, 'utf8')) : null);
    }
    return documents.get(name);
  };
  const problems: string[] = [];
  const check = (file: string, code: string, field: string, document: string | undefined, passage: string | undefined) => {
    if (passage === undefined || passage === null) return;
    if (!document) return void problems.push(`${file} ${code}: ${field} has no document to check against`);
    const doc = keyOf(document);
    if (doc === null || doc === undefined) return void problems.push(`${file} ${code}: document "${document}" is not in ${sourcesDir}`);
    if (!doc.includes(passageKey(passage))) problems.push(`${file} ${code}: ${field} is not a verbatim passage of ${document}: "${passage.slice(0, 70)}…"`);
  };
  for (const r of data.recommendations) check(r.file, r.code, 'text', r.document, r.text);
  for (const c of data.commitments) {
    check(c.file, c.code, 'evidence', c.document, c.evidence);
    check(c.file, c.code, 'reportingEvidence', c.document, c.reportingEvidence);
    for (const l of c.recommendations ?? []) check(c.file, c.code, `link to ${l.code} evidence`, l.document ?? c.document, l.evidence);
    for (const h of c.statusHistory ?? []) check(c.file, c.code, `statusHistory ${h.status} evidence`, h.document ?? c.document, h.evidence);
    for (const p of c.progressUpdates ?? []) check(c.file, p.code, 'evidence', p.document ?? c.document, p.evidence);
    for (const p of c.partners ?? []) check(c.file, c.code, `partner ${p.actor} evidence`, p.document ?? c.document, p.evidence);
  }
  for (const s of data.sources) for (const d of s.documents ?? []) if (!keyOf(d)) problems.push(`${s.file} ${s.code}: document "${d}" not found`);
  return problems;
}

/** Every string of every record, keys included, must be acceptable text (../domain/text.ts), as through the API. */
export function checkText(data: SeedData): string[] {
  const problems: string[] = [];
  const walk = (where: string, path: string, value: unknown): void => {
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) problems.push(`${where}: ${path} ${problem}`);
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(where, `${path}[${i}]`, v));
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        const keyProblem = textProblem(key);
        if (keyProblem) problems.push(`${where}: key ${JSON.stringify(key)} ${keyProblem}`);
        walk(where, path ? `${path}.${key}` : key, v);
      }
    }
  };
  for (const kind of ['documents', 'sources', 'actors', 'recommendations', 'commitments'] as const) {
    for (const record of data[kind] as { file?: string; seedFile?: string; code?: string }[]) {
      walk(`${record.seedFile ?? record.file} ${record.code ?? kind}`, '', record);
    }
  }
  return problems;
}

export function checkSeeds(seedsDir: string, sourcesDir: string): { data: SeedData; problems: string[] } {
  const data = readSeeds(seedsDir);
  return { data, problems: [...checkText(data), ...validateSeeds(data), ...checkPassages(data, sourcesDir)] };
}

if (require.main === module) {
  helpAndExitIfAsked({
    usage: 'npm run seeds:check',
    summary:
      'Checks the seed files: every code unique, every reference resolvable, every verbatim passage found in its source document. Prints each problem with its file and code; exits 1 if any.',
    environment: ['SEEDS_DIR', 'SOURCES_DIR (the source documents; default ../shared/sources)'],
    examples: ['npm run seeds:check', 'SOURCES_DIR=/data/sources npm run seeds:check'],
  });
  const seedsDir = process.env.SEEDS_DIR || join(__dirname, '..', '..', 'seeds');
  const { data, problems } = checkSeeds(seedsDir, findSourcesDir());
  for (const p of problems) console.error(p);
  const bySource = new Map<string, number>();
  for (const r of data.recommendations) {
    const source = data.sources.find((s) => r.code.startsWith(`${s.code}-`))?.code ?? '?';
    bySource.set(source, (bySource.get(source) ?? 0) + 1);
  }
  console.log(
    `seeds: ${data.sources.length} sources, ${data.recommendations.length} recommendations, ${data.actors.length} actors, ` +
      `${data.commitments.length} commitments; ${problems.length} problem(s)`,
  );
  const links = data.commitments.flatMap((c) => c.recommendations ?? []);
  const answers = links.filter((l) => l.kind === 'RESPONDS_TO').length;
  console.log(`  links: ${links.length} (${answers} RESPONDS_TO, ${links.length - answers} CONTRIBUTES_TO)`);
  const partners = data.commitments.flatMap((c) => c.partners ?? []);
  const used = new Set([...data.commitments.flatMap((c) => [c.actor, ...(c.partners ?? []).map((p) => p.actor)])]);
  console.log(`  partners: ${partners.length} on ${data.commitments.filter((c) => c.partners?.length).length} commitments; ${used.size} actors lead or partner a commitment`);
  for (const [code, n] of [...bySource].sort()) console.log(`  ${code}: ${n}`);
  process.exit(problems.length ? 1 : 0);
}
