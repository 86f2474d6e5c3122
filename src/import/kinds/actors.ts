/**
 * actors.csv: code, name, kind, country, parent_code, description, document, section. A parent
 * may be an existing actor or one defined anywhere in the same file.
 */
import { ref } from '@mikro-orm/core';
import { Actor } from '../../entities';
import { ActorKind } from '../../domain/enums';
import { MAX, code, country, optionalText, requiredText } from '../../domain/validation';
import { countryProblem } from '../../domain/actors';
import { emptyAsNull, known, oneOf, type RowCheck } from '../cells';
import { codesIn, entitiesByCode, rowsByCode } from '../references';
import { assignChanged, defined } from '../../services/upsert';
import { assertNotArchived } from '../../domain/archived';
import { eachRecord, noCounts, type ImportKind, type ImportRecord } from '../kind';

export interface ActorRecord extends ImportRecord {
  name: string;
  kind: ActorKind;
  country?: string | null;
  parentCode?: string | null;
  description?: string | null;
  document?: string | null;
  section?: string | null;
}

interface Refs {
  /** Existing actors and the file's own codes: what a parent may be. */
  actors: Set<string>;
}

export const actorsImport: ImportKind<ActorRecord, Refs> = {
  name: 'actors',
  columns: {
    required: ['code', 'name', 'kind'],
    optional: ['country', 'parent_code', 'description', 'document', 'section'],
    ignored: [],
  },

  async references(knex, rows) {
    const existing = await rowsByCode(knex, 'actor', codesIn(rows, 'parent_code'));
    return { actors: new Set([...existing.keys(), ...codesIn(rows, 'code')]) };
  },

  validate(check: RowCheck, refs: Refs): ActorRecord {
    const record: ActorRecord = {
      line: check.line,
      code: check.cell('code', (c, v) => code(c, v ?? ''))!,
      name: check.cell('name', (c, v) => requiredText(c, v, MAX.name))!,
      kind: check.cell('kind', (c, v) => oneOf(ActorKind, 'ActorKind')(c, (v ?? '').trim()))!,
      country: check.cell('country', (c, v) => country(c, emptyAsNull(v))),
      parentCode: check.cell('parent_code', (c, v) => {
        const parent = emptyAsNull(v);
        return parent ? known('actor', refs.actors)(c, parent) : parent;
      }),
      description: check.cell('description', (c, v) => optionalText(c, v, MAX.text)),
      document: check.cell('document', (c, v) => optionalText(c, v, MAX.name)),
      // Section headings are paths of nested headings: longer than a title may be.
      section: check.cell('section', (c, v) => optionalText(c, v, MAX.section)),
    };
    if (record.parentCode && record.parentCode === record.code) check.problem('parent_code', 'An actor cannot be its own parent');
    const international = countryProblem(record.kind, record.country);
    if (international) check.problem('country', international);
    return record;
  },

  async write(w, records) {
    const counts = noCounts();
    const actors = await entitiesByCode(w.em, Actor, [...records.map((r) => r.code), ...records.flatMap((r) => r.parentCode ?? [])]);
    const changed = new Set<string>();
    const created = new Set<string>();

    await eachRecord(records, async (r) => {
      const values = defined({
        name: r.name,
        kind: r.kind,
        country: r.country,
        description: r.description,
        document: r.document,
        section: r.section,
      });
      const actor = actors.get(r.code);
      if (!actor) {
        actors.set(r.code, w.em.create(Actor, { code: r.code, ...values, createdBy: w.user, updatedBy: w.user } as any) as Actor);
        created.add(r.code);
      } else if (assignChanged(actor, values)) {
        assertNotArchived(actor);
        changed.add(r.code);
      }
    });
    await w.em.flush();
    // Parents once every actor of the file exists: a parent may come after its child.
    await eachRecord(
      records.filter((r) => r.parentCode !== undefined),
      async (r) => {
        const parent = r.parentCode ? actors.get(r.parentCode)! : null;
        if (assignChanged(actors.get(r.code)!, { parent: parent && ref(parent) })) {
          assertNotArchived(actors.get(r.code), parent);
          changed.add(r.code);
        }
      },
    );
    for (const r of records) {
      if (created.has(r.code)) counts.created++;
      else if (changed.has(r.code)) {
        actors.get(r.code)!.updatedBy = ref(w.user);
        counts.updated++;
      } else counts.unchanged++;
    }
    await w.em.flush();
    return counts;
  },
};
