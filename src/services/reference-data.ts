/**
 * Sources, recommendations, actors and responsibilities: created and edited by staff, archived
 * (never deleted). Optional fields: undefined leaves a value unchanged, null clears it.
 */
import { Actor, Commitment, Recommendation, Responsibility, Source } from '../entities';
import type { ActorKind, Level, ResponsibilityRole, SourceKind, Theme } from '../domain/enums';
import { badInput } from '../domain/errors';
import { MAX, code as validCode, country, dateOrder, optionalText, partialDate, requiredText } from '../domain/validation';
import { authorize, policy, RULES } from '../auth/policy';
import { assertWritable, byGlobalId } from './lookup';
import { generateCode } from './codes';
import type { Write } from './write';
import { countryProblem } from '../domain/actors';

const staffOnly = (w: Write) => authorize(w.user, policy.mayEditReferenceData(w.user), RULES.editReferenceData);

/** Staff only; the reason given goes on the write's revisions. */
function staffWrite(w: Write, reason: string | null | undefined): void {
  staffOnly(w);
  w.revisions.because(optionalText('reason', reason, MAX.text));
}

function set<T extends object, K extends keyof T>(entity: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) entity[key] = value;
}

export interface SourceInput {
  id?: string;
  code?: string | null;
  name?: string | null;
  kind?: SourceKind | null;
  startDate?: string | null;
  endDate?: string | null;
  place?: string | null;
  description?: string | null;
  organiserIds?: string[] | null;
  /** Why (updates): kept in the record's revisions. */
  reason?: string | null;
}

export async function saveSource(w: Write, input: SourceInput): Promise<Source> {
  staffWrite(w, input.reason);
  const source = input.id
    ? await byGlobalId(w.em, Source, 'id', input.id)
    : w.em.create(Source, {
        code: validCode('code', input.code ?? ''),
        name: requiredText('name', input.name, MAX.name),
        kind:
          input.kind ??
          (() => {
            throw badInput('kind', 'kind is required');
          })(),
        createdBy: w.user,
      });
  await assertWritable(w.em, source);
  if (input.id && input.code !== undefined && input.code !== null) source.code = validCode('code', input.code);
  if (input.name !== undefined) source.name = requiredText('name', input.name, MAX.name);
  if (input.kind) source.kind = input.kind;
  set(source, 'startDate', partialDate('startDate', input.startDate));
  set(source, 'endDate', partialDate('endDate', input.endDate));
  dateOrder('startDate', source.startDate, 'endDate', source.endDate);
  set(source, 'place', optionalText('place', input.place, MAX.name));
  set(source, 'description', optionalText('description', input.description, MAX.text));
  if (input.organiserIds) {
    // One after the other on the write's one connection (see linksOf in commitments.ts).
    const organisers: Actor[] = [];
    for (const id of input.organiserIds) organisers.push(await byGlobalId(w.em, Actor, 'organiserIds', id));
    // A collection is not a column: the recorder does not see it change by itself.
    const before = source.id !== undefined ? (await source.organisers.loadItems()).map((a) => a.globalId).sort() : [];
    source.organisers.set(organisers);
    w.revisions.note(source, 'organisers', before, organisers.map((a) => a.globalId).sort());
  }
  source.updatedBy = w.user as any;
  return source;
}

export interface RecommendationInput {
  id?: string;
  code?: string | null;
  sourceId?: string | null;
  title?: string | null;
  text?: string | null;
  section?: string | null;
  level?: Level | null;
  themes?: Theme[] | null;
  addressees?: ActorKind[] | null;
  deadline?: string | null;
  /** Why (updates): kept in the record's revisions. */
  reason?: string | null;
}

export async function saveRecommendation(w: Write, input: RecommendationInput): Promise<Recommendation> {
  staffWrite(w, input.reason);
  let rec: Recommendation;
  if (input.id) {
    rec = await byGlobalId(w.em, Recommendation, 'id', input.id);
    await assertWritable(w.em, rec);
    if (input.sourceId) {
      const source = await byGlobalId(w.em, Source, 'sourceId', input.sourceId);
      await assertWritable(w.em, source);
      rec.source = source as any;
    }
    if (input.code) rec.code = validCode('code', input.code);
  } else {
    if (!input.sourceId) throw badInput('sourceId', 'sourceId is required');
    const source = await byGlobalId(w.em, Source, 'sourceId', input.sourceId);
    await assertWritable(w.em, source);
    if (!input.level) throw badInput('level', 'level is required');
    rec = w.em.create(Recommendation, {
      code: input.code ? validCode('code', input.code) : generateCode(`${source.code}-API`),
      source,
      title: requiredText('title', input.title, MAX.title),
      text: requiredText('text', input.text, MAX.text),
      level: input.level,
      createdBy: w.user,
    });
  }
  if (input.title !== undefined) rec.title = requiredText('title', input.title, MAX.title);
  if (input.text !== undefined) rec.text = requiredText('text', input.text, MAX.text);
  set(rec, 'section', optionalText('section', input.section, MAX.section));
  if (input.level) rec.level = input.level;
  if (input.themes) {
    if (input.themes.length === 0) throw badInput('themes', 'A recommendation has at least one theme');
    rec.themes = [...new Set(input.themes)];
  } else if (!input.id) {
    throw badInput('themes', 'A recommendation has at least one theme');
  }
  if (input.addressees) rec.addressees = [...new Set(input.addressees)];
  set(rec, 'deadline', partialDate('deadline', input.deadline));
  rec.updatedBy = w.user as any;
  return rec;
}

export interface ActorInput {
  id?: string;
  code?: string | null;
  name?: string | null;
  kind?: ActorKind | null;
  country?: string | null;
  parentId?: string | null;
  description?: string | null;
  /** Why (updates): kept in the record's revisions. */
  reason?: string | null;
}

/** Refuses a parent that is the actor's own descendant (A → B → A): the chain would never end. */
async function refuseParentCycle(w: Write, actor: Actor, parent: Actor): Promise<void> {
  const seen = new Set<number>();
  for (let a: Actor | null = parent; a;) {
    if (a.id === actor.id) throw badInput('parentId', `${parent.code} is below ${actor.code}: an actor cannot be its own ancestor`);
    if (seen.has(a.id)) return; // an older cycle, not through this actor
    seen.add(a.id);
    a = a.parent ? await w.em.findOne(Actor, { id: a.parent.id }) : null;
  }
}

export async function saveActor(w: Write, input: ActorInput): Promise<Actor> {
  staffWrite(w, input.reason);
  const actor = input.id
    ? await byGlobalId(w.em, Actor, 'id', input.id)
    : w.em.create(Actor, {
        code: validCode('code', input.code ?? ''),
        name: requiredText('name', input.name, MAX.name),
        kind:
          input.kind ??
          (() => {
            throw badInput('kind', 'kind is required');
          })(),
        createdBy: w.user,
      });
  await assertWritable(w.em, actor);
  if (input.id && input.code) actor.code = validCode('code', input.code);
  if (input.name !== undefined) actor.name = requiredText('name', input.name, MAX.name);
  if (input.kind) actor.kind = input.kind;
  set(actor, 'country', country('country', input.country));
  const international = countryProblem(actor.kind, actor.country);
  if (international) throw badInput(input.country !== undefined ? 'country' : 'kind', international);
  set(actor, 'description', optionalText('description', input.description, MAX.text));
  if (input.parentId !== undefined) {
    const parent = input.parentId ? await byGlobalId(w.em, Actor, 'parentId', input.parentId) : null;
    if (parent && (parent === actor || parent.id === actor.id)) throw badInput('parentId', 'An actor cannot be its own parent');
    await assertWritable(w.em, parent);
    if (parent && actor.id !== undefined) await refuseParentCycle(w, actor, parent);
    actor.parent = parent as any;
  }
  actor.updatedBy = w.user as any;
  return actor;
}

export interface ResponsibilityInput {
  id?: string;
  recommendationId?: string | null;
  actorId?: string | null;
  role?: ResponsibilityRole | null;
  /** Why (updates): kept in the record's revisions. */
  reason?: string | null;
}

export async function saveResponsibility(w: Write, input: ResponsibilityInput): Promise<Responsibility> {
  staffWrite(w, input.reason);
  if (input.id) {
    const r = await byGlobalId(w.em, Responsibility, 'id', input.id);
    await assertWritable(w.em, r);
    if (input.role) r.role = input.role;
    r.updatedBy = w.user as any;
    return r;
  }
  if (!input.recommendationId) throw badInput('recommendationId', 'recommendationId is required');
  if (!input.actorId) throw badInput('actorId', 'actorId is required');
  if (!input.role) throw badInput('role', 'role is required');
  const recommendation = await byGlobalId(w.em, Recommendation, 'recommendationId', input.recommendationId);
  const actor = await byGlobalId(w.em, Actor, 'actorId', input.actorId);
  await assertWritable(w.em, recommendation, actor);
  return w.em.create(Responsibility, {
    recommendation,
    actor,
    role: input.role,
    createdBy: w.user,
    updatedBy: w.user,
  });
}

const ARCHIVABLE = { Source, Recommendation, Actor, Responsibility, Commitment } as const;
export type ArchivableType = keyof typeof ARCHIVABLE;
type Archived = InstanceType<(typeof ARCHIVABLE)[ArchivableType]>;

/**
 * Archive, never delete: the record disappears from lists unless a filter asks for archived ones,
 * and is read-only until restored (src/domain/archived.ts). Archiving an archived record changes nothing.
 */
export async function archive(w: Write, type: ArchivableType, id: string, reason?: string | null): Promise<Archived> {
  return setArchived(w, type, id, true, reason);
}

/** The reverse of archive(): the record is listed and writable again. Restoring a live record changes nothing. */
export async function restore(w: Write, type: ArchivableType, id: string, reason?: string | null): Promise<Archived> {
  return setArchived(w, type, id, false, reason);
}

async function setArchived(w: Write, type: ArchivableType, id: string, archived: boolean, reason?: string | null): Promise<Archived> {
  staffWrite(w, reason);
  const record = (await byGlobalId(w.em, ARCHIVABLE[type] as any, 'id', id)) as Archived;
  if (Boolean(record.archivedAt) !== archived) {
    record.archivedAt = archived ? w.now : null;
    record.updatedBy = w.user as any;
  }
  return record;
}
