/**
 * recommendations.csv: the columns of the recommendations export. `responsible_actor_codes`
 * names actors responsible for the recommendation: one not yet responsible is added as LEAD;
 * the import never removes a responsibility. `status` is derived and ignored.
 */
import { ref } from '@mikro-orm/core';
import { Actor, Recommendation, Responsibility, Source } from '../../entities';
import { ActorKind, Level, ResponsibilityRole, Theme } from '../../domain/enums';
import { MAX, code, optionalText, partialDate, requiredText } from '../../domain/validation';
import { recommendationColumns } from '../../export/columns';
import { bool, emptyAsNull, known, list, listOf, oneOf, type RowCheck } from '../cells';
import { chunks, codesIn, entitiesByCode, rowsByCode } from '../references';
import { assignChanged, defined } from '../../services/upsert';
import { assertNotArchived } from '../../domain/archived';
import { eachRecord, noCounts, type ImportKind, type ImportRecord } from '../kind';

export interface RecommendationRecord extends ImportRecord {
  sourceCode: string;
  title: string;
  text: string;
  level: Level;
  themes: Theme[];
  section?: string | null;
  addressees?: ActorKind[];
  deadline?: string | null;
  isSummary?: boolean;
  document?: string | null;
  responsibleActorCodes?: string[];
}

interface Refs {
  sources: Set<string>;
  actors: Set<string>;
}

const REQUIRED = ['code', 'source_code', 'title', 'text', 'level', 'themes'];

export const recommendationsImport: ImportKind<RecommendationRecord, Refs> = {
  name: 'recommendations',
  columns: {
    required: REQUIRED,
    optional: recommendationColumns.filter((c) => !c.derived && !REQUIRED.includes(c.name)).map((c) => c.name),
    ignored: recommendationColumns.filter((c) => c.derived).map((c) => c.name),
  },

  async references(knex, rows) {
    const [sources, actors] = await Promise.all([
      rowsByCode(knex, 'source', codesIn(rows, 'source_code')),
      rowsByCode(knex, 'actor', codesIn(rows, 'responsible_actor_codes')),
    ]);
    return { sources: new Set(sources.keys()), actors: new Set(actors.keys()) };
  },

  validate(check: RowCheck, refs: Refs): RecommendationRecord {
    const themes = check.cell('themes', listOf(Theme, 'Theme'));
    if (themes && themes.length === 0) check.problem('themes', 'A recommendation has at least one theme');
    const knownActor = known('actor', refs.actors);
    return {
      line: check.line,
      code: check.cell('code', (c, v) => code(c, v ?? ''))!,
      sourceCode: check.cell('source_code', (c, v) => known('source', refs.sources)(c, requiredText(c, v, MAX.code)))!,
      title: check.cell('title', (c, v) => requiredText(c, v, MAX.title))!,
      text: check.cell('text', (c, v) => requiredText(c, v, MAX.text))!,
      level: check.cell('level', (c, v) => oneOf(Level, 'Level')(c, (v ?? '').trim()))!,
      themes: themes!,
      // Section headings are paths of nested headings: longer than a title may be.
      section: check.cell('section', (c, v) => optionalText(c, v, MAX.section)),
      addressees: check.cell('addressees', listOf(ActorKind, 'ActorKind')),
      deadline: check.cell('deadline', (c, v) => partialDate(c, emptyAsNull(v))),
      isSummary: check.cell('is_summary', bool),
      document: check.cell('document', (c, v) => optionalText(c, v, MAX.name)),
      responsibleActorCodes: check.cell('responsible_actor_codes', (c, v) => list(c, v)?.map((x) => knownActor(c, x))),
    };
  },

  async write(w, records) {
    const counts = noCounts();
    const existing = await entitiesByCode(
      w.em,
      Recommendation,
      records.map((r) => r.code),
    );
    const sources = await entitiesByCode(
      w.em,
      Source,
      records.map((r) => r.sourceCode),
    );
    const actors = await entitiesByCode(
      w.em,
      Actor,
      records.flatMap((r) => r.responsibleActorCodes ?? []),
    );
    const responsibilities: Responsibility[] = [];
    for (const chunk of chunks([...existing.values()]))
      responsibilities.push(...(await w.em.find(Responsibility, { recommendation: { $in: chunk } })));
    const key = (recommendationId: number, actorId: number) => `${recommendationId}:${actorId}`;
    const responsible = new Set(responsibilities.filter((x) => !x.archivedAt).map((x) => key(x.recommendation.id, x.actor.id)));
    // An archived LEAD responsibility comes back rather than clashing with a new one.
    const archivedLeads = new Map(
      responsibilities
        .filter((x) => x.archivedAt && x.role === ResponsibilityRole.LEAD)
        .map((x) => [key(x.recommendation.id, x.actor.id), x]),
    );

    await eachRecord(records, async (r) => {
      const values = defined({
        source: ref(sources.get(r.sourceCode)!),
        title: r.title,
        text: r.text,
        level: r.level,
        themes: r.themes,
        section: r.section,
        addressees: r.addressees,
        deadline: r.deadline,
        isSummary: r.isSummary,
        document: r.document,
      });
      let rec = existing.get(r.code);
      let changed = false;
      if (!rec) {
        assertNotArchived(sources.get(r.sourceCode));
        rec = w.em.create(Recommendation, { code: r.code, ...values, createdBy: w.user, updatedBy: w.user } as any) as Recommendation;
        counts.created++;
      } else {
        const moved = rec.source.id !== sources.get(r.sourceCode)!.id;
        changed = assignChanged(rec, values);
        if (changed) assertNotArchived(rec, moved ? sources.get(r.sourceCode) : null);
      }
      for (const actorCode of new Set(r.responsibleActorCodes ?? [])) {
        const actor = actors.get(actorCode)!;
        if (rec.id && responsible.has(key(rec.id, actor.id))) continue;
        // A new responsibility is a write to the recommendation and to the actor.
        assertNotArchived(rec, actor);
        const archived = rec.id ? archivedLeads.get(key(rec.id, actor.id)) : undefined;
        if (archived) {
          archived.archivedAt = null;
          archived.updatedBy = ref(w.user);
        } else {
          w.em.create(Responsibility, {
            recommendation: rec,
            actor,
            role: ResponsibilityRole.LEAD,
            document: rec.document,
            section: rec.section,
            createdBy: w.user,
            updatedBy: w.user,
          });
        }
        changed = true;
      }
      if (!existing.has(r.code)) return;
      if (changed) rec.updatedBy = ref(w.user);
      counts[changed ? 'updated' : 'unchanged']++;
    });
    await w.em.flush();
    return counts;
  },
};
