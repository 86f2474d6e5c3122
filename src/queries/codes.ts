/** Which of some codes name no record: the database side of filter validation (../domain/filters.ts). */
import type { Knex } from '@mikro-orm/knex';
import type { CodeKind, KnownCodes } from '../domain/filters';

const TABLE: Record<CodeKind, string> = {
  source: 'source',
  recommendation: 'recommendation',
  actor: 'actor',
  commitment: 'commitment',
};

/** Archived records count as known: a filter may ask for them with includeArchived. */
export function knownCodesIn(knex: Knex): KnownCodes {
  return async (kind, codes) => {
    const wanted = [...new Set(codes)];
    const rows = (await knex(TABLE[kind]).select('code').whereIn('code', wanted)) as { code: string }[];
    const found = new Set(rows.map((r) => r.code));
    return wanted.filter((c) => !found.has(c));
  };
}
