/**
 * Issue 14: STRASBOURG-2019-PROT-01 and -02 split one sentence of the Strasbourg report ("... the
 * confidentiality of a victim's identity and to ensure children can report abuse ...") and
 * dropped the "and" that joined them. They become one record, STRASBOURG-2019-PROT-01, holding the
 * sentence whole; STRASBOURG-2019-PROT-02 becomes a former code of it (`recommendation(code:)`
 * resolves it), and what named it moves to it: commitment links, links between recommendations,
 * responsibilities, code aliases, and saved watches and webhooks whose filter names the code.
 * Written out as on 2026-11-30, in SQL both dialects run; on a database that has no PROT-02 (a
 * fresh one, or one already merged) every statement changes nothing.
 */
import type { Migration } from '@mikro-orm/migrations';

export const KEPT = 'STRASBOURG-2019-PROT-01';
export const MERGED = 'STRASBOURG-2019-PROT-02';
const TEXT =
  "Action should be taken to strengthen safeguards and ensure the confidentiality of a victim's identity and to ensure children can report abuse even in the absence of parents or legal guardians;";
const TITLE = "Strengthen safeguards, keep the victim's identity confidential and let children report abuse without parents or legal guardians";

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;
const kept = `(select id from recommendation where code = '${KEPT}')`;
const merged = `(select id from recommendation where code = '${MERGED}')`;
const bothExist = `exists (select 1 from recommendation where code = '${KEPT}') and exists (select 1 from recommendation where code = '${MERGED}')`;

/** `now` is the dialect's expression of the current time as `updated_at` stores it. */
export function mergeStatements(now: string): string[] {
  return [
    // The sentence, whole.
    `update recommendation set text = ${quote(TEXT)}, title = ${quote(TITLE)}, updated_at = ${now}
     where code = '${KEPT}' and ${bothExist}`,
    // Commitment links: moved unless the commitment links both (then the kept record's link stays).
    `insert into commitment_recommendations (commitment_id, recommendation_id, kind, evidence)
     select cr.commitment_id, ${kept}, cr.kind, cr.evidence from commitment_recommendations cr
     where cr.recommendation_id = ${merged} and ${bothExist}
       and not exists (select 1 from commitment_recommendations x where x.commitment_id = cr.commitment_id and x.recommendation_id = ${kept})`,
    `delete from commitment_recommendations where recommendation_id = ${merged} and ${bothExist}`,
    // Links between recommendations, both ways, unless the kept record has the same one (or it would link to itself).
    `update recommendation_link set from_id = ${kept}, updated_at = ${now}
     where from_id = ${merged} and to_id <> ${kept} and ${bothExist}
       and not exists (select 1 from recommendation_link x where x.from_id = ${kept} and x.to_id = recommendation_link.to_id and x.relation = recommendation_link.relation)`,
    `update recommendation_link set to_id = ${kept}, updated_at = ${now}
     where to_id = ${merged} and from_id <> ${kept} and ${bothExist}
       and not exists (select 1 from recommendation_link x where x.to_id = ${kept} and x.from_id = recommendation_link.from_id and x.relation = recommendation_link.relation)`,
    `delete from recommendation_link where (from_id = ${merged} or to_id = ${merged}) and ${bothExist}`,
    // Responsibilities: moved unless the kept record has the same actor in the same role.
    `update responsibility set recommendation_id = ${kept}, updated_at = ${now}
     where recommendation_id = ${merged} and ${bothExist}
       and not exists (select 1 from responsibility x where x.recommendation_id = ${kept} and x.actor_id = responsibility.actor_id and x.role = responsibility.role)`,
    `delete from responsibility where recommendation_id = ${merged} and ${bothExist}`,
    // Former codes: those of the merged record, and its own code, now name the kept one.
    `update recommendation_code_alias set recommendation_id = ${kept} where recommendation_id = ${merged} and ${bothExist}`,
    `insert into recommendation_code_alias (code, recommendation_id)
     select '${MERGED}', ${kept} where ${bothExist} and not exists (select 1 from recommendation_code_alias where code = '${MERGED}')`,
    `delete from recommendation where code = '${MERGED}' and exists (select 1 from recommendation where code = '${KEPT}')`,
  ];
}

/** Saved watches and webhooks whose filter names the merged code name the kept one instead. */
export async function rewriteFilters(migration: Migration): Promise<void> {
  for (const table of ['watch', 'webhook']) {
    const rows = (await migration.execute(`select id, filter from ${table}`)) as { id: number; filter: unknown }[];
    for (const row of rows) {
      const filter = (typeof row.filter === 'string' ? JSON.parse(row.filter) : row.filter) as { recommendationCodes?: unknown } | null;
      const codes = filter?.recommendationCodes;
      if (!filter || !Array.isArray(codes) || !codes.includes(MERGED)) continue;
      filter.recommendationCodes = [...new Set(codes.map((c) => (c === MERGED ? KEPT : c)))];
      migration.addSql(`update ${table} set filter = ${quote(JSON.stringify(filter))} where id = ${Number(row.id)}`);
    }
  }
}
