import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeedData, SeedFile } from './format';

/** Reads every seeds/*.json file, in name order, into one data set. */
export function readSeeds(dir: string): SeedData {
  const data: SeedData = { documents: [], sources: [], actors: [], recommendations: [], commitments: [] };
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  for (const file of files) {
    let parsed: SeedFile;
    try {
      parsed = JSON.parse(readFileSync(join(dir, file), 'utf8')) as SeedFile;
    } catch (err) {
      throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
    }
    // A document record's `file` is the source document it describes; the seed file is `seedFile`.
    for (const d of parsed.documents ?? []) data.documents.push({ ...d, seedFile: file });
    for (const key of ['sources', 'actors', 'recommendations', 'commitments'] as const) {
      for (const record of parsed[key] ?? []) (data[key] as unknown[]).push({ ...record, file });
    }
  }
  return data;
}
