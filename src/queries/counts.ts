/**
 * Maintained counts for the dashboard aggregates (commitmentStats, statusTimeline,
 * recommendationCoverage), so that they read a few hundred or thousand rows whatever the number
 * of commitments.
 *
 * A commitment is described by what the maintained filters and dimensions read from it: its
 * status, whether it is archived, its actor (country, kind, code and name are read from the actor
 * at query time, so an actor's edit changes no count) and its partners (the actor filter matches
 * the lead or a partner; dimensions follow the lead), the year of its due date, and the
 * (source, level, theme) of each recommendation it addresses (any link kind, as the SQL path; a
 * recommendation without themes gives a null theme, a commitment without links one null tuple).
 * Each PROJECTION keeps a subset of that description: commitments with the same projected
 * description form one group (`stats_group`, with its count `n` and its projected tuples in
 * `stats_group_link`), and their status intervals are summed per group (`stats_interval`: status,
 * month of the change, month of the next change or -1); projections with the actor keep the
 * partners' ids in `stats_group_partner`. A query reads the smallest projection
 * that holds everything its filter and dimensions need, and counts each group once per distinct
 * bucket value it has, with weight `n`: exactly the distinct commitments the SQL path counts.
 *
 * For a filter on statuses only, and some on countries, one actor, one source or one theme
 * (bucketFilterFor), commitmentStats reads `stats_bucket` instead: its buckets themselves, per
 * status, derived from the groups of the `all` projection (bucketsOf); statusTimeline reads
 * `stats_month` for a filter on statuses and one of countries, one actor, one source or one theme
 * (monthKindFor): the monthly changes of each status, derived from the same groups' intervals.
 *
 * recommendationCoverage reads the recommendations and responsibilities themselves (a few hundred
 * rows) and, per recommendation, what its filters and measures need of the commitments linked to
 * it from `stats_coverage` (CoverageRow: counts by measure, lead or partner actor, due date).
 *
 * `stats_member` holds each commitment's current contribution (its groups, intervals and coverage rows), so a
 * write subtracts it and adds the new one in its own transaction (refreshCounts, called by
 * src/services/write.ts for every commitment a write touches). rebuildCounts recomputes all
 * (migrations, seeds, the bench dataset, db:copy), and countsDrift compares the maintained rows
 * with a full recount.
 */
import type { EntityManager, Knex } from '@mikro-orm/knex';
import type { CommitmentFilter, RecommendationFilter } from '../schema/filters';
import { StatsDimension } from '../schema/stats';
import { actorCountrySql } from './rules';
import { actorsInCountries, namedActors } from './filters';
import { dialectOf, type Dialect } from './dialect';
import { applyRecommendationFilter } from './filters';
import { dayOf } from '../domain/dates';
import { CommitmentLinkKind, CommitmentStatus, RecommendationStatus } from '../domain/enums';
import { CLOSED_STATUSES } from '../domain/status';

type Column = 'source' | 'level' | 'theme';
type Attribute = 'actor' | 'dueYear' | Column;

interface Projection {
  name: string;
  actor: boolean;
  dueYear: boolean;
  columns: Column[];
}

const projection = (name: string, attributes: Attribute[]): Projection => ({
  name,
  actor: attributes.includes('actor'),
  dueYear: attributes.includes('dueYear'),
  columns: (['source', 'level', 'theme'] as Column[]).filter((c) => attributes.includes(c)),
});

/** Every one keeps status and archived; from the fewest groups to the most (`all` answers any maintained query). */
export const PROJECTIONS: readonly Projection[] = [
  projection('status', []),
  projection('source', ['source']),
  projection('theme', ['theme']),
  projection('level', ['level']),
  projection('actor', ['actor', 'dueYear']),
  projection('actor-source', ['actor', 'source']),
  projection('actor-theme', ['actor', 'theme']),
  projection('links', ['source', 'level', 'theme']),
  projection('all', ['actor', 'dueYear', 'source', 'level', 'theme']),
];

const TUPLE: Column[] = ['source', 'level', 'theme'];

/**
 * Ids per statement, and bound parameters per multi-row insert or update (SQLite takes 32,766,
 * PostgreSQL 65,535): an import of thousands of commitments refreshes them in a few statements.
 */
const CHUNK = 5000;
const PARAMETERS = 30_000;

type Value = string | number | null;

async function all<T>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  return em.getConnection('write').execute<T[]>(sql, params as unknown[], 'all', em.getTransactionContext());
}

async function run(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<void> {
  await em.getConnection('write').execute(sql, params as unknown[], 'run', em.getTransactionContext());
}

const marks = (values: readonly unknown[]) => values.map(() => '?').join(', ');

function* chunks<T>(values: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < values.length; i += size) yield values.slice(i, i + size);
}

async function insertRows(em: EntityManager, table: string, columns: string[], rows: Value[][], conflict = ''): Promise<void> {
  const row = `(${marks(columns)})`;
  for (const part of chunks(rows, Math.floor(PARAMETERS / columns.length))) {
    await run(em, `insert into ${table} (${columns.join(', ')}) values ${part.map(() => row).join(', ')} ${conflict}`, part.flat());
  }
}

interface GroupSpec {
  projection: string;
  key: string;
  status: string;
  archived: number;
  actorId: number | null;
  /** Partner actor ids, ascending (projections with the actor). */
  partners: number[];
  dueYear: string | null;
  links: Value[][];
}

/** A commitment's intervals: [status, m0, m1 (-1: none), number of changes]. */
type Interval = [string, number, number, number];

/**
 * One row of recommendationCoverage's counts that a commitment adds 1 to, for a recommendation it
 * is linked to: [recommendation id, measure, actor id (0: none), due date ('' : none)].
 * - `lead`, `partner` (actor id): a live commitment (any link kind, any status) of that lead
 *   actor or partner: the actor and country filters.
 * - `answered`: a live commitment answering it (RESPONDS_TO, any status): hasCommitment.
 * - `responding`, `implemented`, `not_started`: live, answering and not withdrawn, and of these the
 *   IMPLEMENTED and NOT_STARTED ones: the roll-up status (recommendationStatusSql).
 * - `open` (due date, or `none`): those neither closed nor STALLED, by due date: onlyStalledOrOverdue
 *   holds when some respond, none is implemented and no open one is undated or due on or after today.
 */
type CoverageRow = [number, CoverageMeasure, number, string];
/** The due date of an open commitment without one: sorts after every date, as it is never overdue. */
const UNDATED = 'none';
type CoverageMeasure = 'lead' | 'partner' | 'answered' | 'responding' | 'implemented' | 'not_started' | 'open';

interface Contribution {
  groups: GroupSpec[];
  intervals: Interval[];
  coverage: CoverageRow[];
}

const coverageKey = (row: CoverageRow) => row.join('|');
const compareRows = (a: readonly Value[], b: readonly Value[]) => {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === 'number' && typeof b[i] === 'number') return (a[i] as number) - (b[i] as number);
    return String(a[i]) < String(b[i]) ? -1 : 1;
  }
  return 0;
};

/** What a commitment adds to recommendationCoverage's counts, from its own row, links and partners. */
function coverageOf(
  c: { actor_id: number; status: string; archived: number; due: string | null },
  links: readonly [number, string][],
  partners: readonly number[],
): CoverageRow[] {
  if (Number(c.archived)) return [];
  const rows: CoverageRow[] = [];
  for (const [rid, kind] of links) {
    rows.push([rid, 'lead', Number(c.actor_id), '']);
    for (const actorId of partners) rows.push([rid, 'partner', actorId, '']);
    if (kind !== CommitmentLinkKind.RESPONDS_TO) continue;
    rows.push([rid, 'answered', 0, '']);
    if (c.status === CommitmentStatus.WITHDRAWN) continue;
    rows.push([rid, 'responding', 0, '']);
    if (c.status === CommitmentStatus.IMPLEMENTED) rows.push([rid, 'implemented', 0, '']);
    if (c.status === CommitmentStatus.NOT_STARTED) rows.push([rid, 'not_started', 0, '']);
    if (!CLOSED_STATUSES.includes(c.status as CommitmentStatus) && c.status !== CommitmentStatus.STALLED)
      rows.push([rid, 'open', 0, c.due ?? UNDATED]);
  }
  return rows.sort(compareRows);
}

/** The contribution of each commitment (of `ids`, or of all when null), from its own rows. */
async function contributionsOf(em: EntityManager, ids: readonly number[] | null): Promise<Map<number, Contribution>> {
  const dialect = dialectOf(em.getKnex());
  const where = (column: string) => (ids ? ` where ${column} in (${marks(ids)})` : '');
  const params = ids ?? [];
  const commitments = await all<{ id: number; actor_id: number; status: string; archived: number; due: string | null }>(
    em,
    `select c.id, c.actor_id, c.status, case when c.archived_at is null then 0 else 1 end as archived,
      c.due_date_end as due from commitment c${where('c.id')}`,
    params,
  );
  const links = new Map<number, [number, string][]>();
  for (const row of await all<{ cid: number; rid: number; kind: string }>(
    em,
    `select commitment_id as cid, recommendation_id as rid, kind from commitment_recommendations${where('commitment_id')}`,
    params,
  )) {
    const list = links.get(Number(row.cid)) ?? [];
    list.push([Number(row.rid), row.kind]);
    links.set(Number(row.cid), list);
  }
  const tuples = new Map<number, Value[][]>();
  for (const row of await all<{ cid: number; source_id: number | null; level: string | null; theme: string | null }>(
    em,
    `select distinct cr.commitment_id as cid, r.source_id, r.level, t.value as theme
      from commitment_recommendations cr join recommendation r on r.id = cr.recommendation_id
      ${dialect.leftJoinJsonArray('r.themes', 't')}${where('cr.commitment_id')}`,
    params,
  )) {
    const list = tuples.get(Number(row.cid)) ?? [];
    list.push([row.source_id === null ? null : Number(row.source_id), row.level, row.theme]);
    tuples.set(Number(row.cid), list);
  }
  const partners = new Map<number, number[]>();
  for (const row of await all<{ cid: number; actor_id: number }>(
    em,
    `select commitment_id as cid, actor_id from commitment_partner${where('commitment_id')}`,
    params,
  )) {
    partners.set(Number(row.cid), [...(partners.get(Number(row.cid)) ?? []), Number(row.actor_id)]);
  }
  // As statusTimeline counts them: each change holds from its month to the month of the next one.
  const intervals = new Map<number, Map<string, Interval>>();
  for (const row of await all<{ cid: number; status: string; m0: number; m1: number }>(
    em,
    `select commitment_id as cid, to_status as status, ${dialect.monthIndex('at')} as m0,
      case when next_at is null then -1 else ${dialect.monthIndex('next_at')} end as m1
      from (select commitment_id, to_status, at, lead(at) over (partition by commitment_id order by at, sequence) as next_at
        from status_change${where('commitment_id')}) x`,
    params,
  )) {
    const [m0, m1] = [Number(row.m0), Number(row.m1)];
    if (m0 === m1) continue; // held for no month's end
    const of = intervals.get(Number(row.cid)) ?? new Map<string, Interval>();
    const key = `${row.status}|${m0}|${m1}`;
    const known = of.get(key);
    if (known) known[3] += 1;
    else of.set(key, [row.status, m0, m1, 1]);
    intervals.set(Number(row.cid), of);
  }
  const out = new Map<number, Contribution>();
  for (const c of commitments) {
    const id = Number(c.id);
    const own = tuples.get(id) ?? [[null, null, null]];
    const groups = PROJECTIONS.map((p): GroupSpec => {
      const projected = p.columns.length ? own.map((t) => p.columns.map((column) => t[TUPLE.indexOf(column)])) : [];
      const links = [...new Map(projected.map((t) => [JSON.stringify(t), t])).entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([, t]) => t);
      const spec = {
        projection: p.name,
        status: c.status,
        archived: Number(c.archived),
        actorId: p.actor ? Number(c.actor_id) : null,
        partners: p.actor ? [...(partners.get(id) ?? [])].sort((a, b) => a - b) : [],
        dueYear: p.dueYear && c.due !== null ? c.due.slice(0, 4) : null,
        links,
      };
      return {
        ...spec,
        key: JSON.stringify([spec.projection, spec.status, spec.archived, spec.actorId, spec.partners, spec.dueYear, links]),
      };
    });
    const list = [...(intervals.get(id)?.values() ?? [])].sort((a, b) => (a.join('|') < b.join('|') ? -1 : 1));
    out.set(id, { groups, intervals: list, coverage: coverageOf(c, links.get(id) ?? [], partners.get(id) ?? []) });
  }
  return out;
}

/** The ids of the groups of `specs`, creating (with their tuples) those that do not exist yet. */
/** Which of `groupIds` already have rows in `table` (a group's links or partners are written once, with the group). */
async function groupsIn(
  em: EntityManager,
  table: 'stats_group_link' | 'stats_group_partner',
  groupIds: readonly number[],
): Promise<Set<number>> {
  const found = new Set<number>();
  for (const part of chunks(groupIds, CHUNK)) {
    const rows = await all<{ group_id: number }>(em, `select distinct group_id from ${table} where group_id in (${marks(part)})`, part);
    for (const row of rows) found.add(Number(row.group_id));
  }
  return found;
}

async function groupIdsOf(em: EntityManager, specs: Map<string, GroupSpec>): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const select = async (keys: string[]) => {
    for (const part of chunks(keys, CHUNK)) {
      const rows = await all<{ id: number; group_key: string }>(
        em,
        `select id, group_key from stats_group where group_key in (${marks(part)})`,
        part,
      );
      for (const row of rows) ids.set(row.group_key, Number(row.id));
    }
  };
  await select([...specs.keys()]);
  const missing = [...specs.keys()].filter((key) => !ids.has(key));
  if (!missing.length) return ids;
  // Another writer (PostgreSQL) may create the same group: it then exists, with its tuples, once that one commits.
  await insertRows(
    em,
    'stats_group',
    ['projection', 'group_key', 'status', 'archived', 'actor_id', 'due_year', 'n'],
    missing.map((key) => {
      const s = specs.get(key)!;
      return [s.projection, key, s.status, s.archived, s.actorId, s.dueYear, 0];
    }),
    'on conflict (group_key) do nothing',
  );
  await select(missing);
  const created = missing.map((key) => ids.get(key)!);
  const linked = await groupsIn(em, 'stats_group_link', created);
  await insertRows(
    em,
    'stats_group_link',
    ['group_id', 'source_id', 'level', 'theme'],
    missing.filter((key) => !linked.has(ids.get(key)!)).flatMap((key) => linkRows(ids.get(key)!, specs.get(key)!)),
  );
  const withPartners = await groupsIn(em, 'stats_group_partner', created);
  await insertRows(
    em,
    'stats_group_partner',
    ['group_id', 'actor_id'],
    missing.filter((key) => !withPartners.has(ids.get(key)!)).flatMap((key) => partnerRows(ids.get(key)!, specs.get(key)!)),
  );
  return ids;
}

function partnerRows(groupId: number, spec: GroupSpec): Value[][] {
  return spec.partners.map((actorId) => [groupId, actorId]);
}

function linkRows(groupId: number, spec: GroupSpec): Value[][] {
  const p = PROJECTIONS.find((x) => x.name === spec.projection)!;
  return spec.links.map((t) => [groupId, ...TUPLE.map((column) => (p.columns.includes(column) ? t[p.columns.indexOf(column)] : null))]);
}

/** Adds `groups` (id → change of n) and `intervals` (`id|status|m0|m1` → change of n); rows in id order (no deadlock between writers). */
async function applyDeltas(em: EntityManager, groups: Map<number, number>, intervals: Map<string, number>): Promise<void> {
  const changed = [...groups].filter(([, d]) => d !== 0).sort(([a], [b]) => a - b);
  for (const part of chunks(changed, Math.floor(PARAMETERS / 3))) {
    await run(
      em,
      `update stats_group set n = n + case id ${part.map(() => 'when ? then cast(? as integer)').join(' ')} end where id in (${marks(part)})`,
      [...part.flat(), ...part.map(([id]) => id)],
    );
  }
  const rows = [...intervals]
    .filter(([, d]) => d !== 0)
    .map(([key, d]): Value[] => {
      const [id, status, m0, m1] = key.split('|');
      return [Number(id), status, Number(m0), Number(m1), d];
    })
    .sort((a, b) => Number(a[0]) - Number(b[0]) || String(a.slice(1, 4)).localeCompare(String(b.slice(1, 4))));
  await insertRows(
    em,
    'stats_interval',
    ['group_id', 'status', 'm0', 'm1', 'n'],
    rows,
    'on conflict (group_id, status, m0, m1) do update set n = stats_interval.n + excluded.n',
  );
  const touched = [...new Set(rows.map((r) => Number(r[0])))];
  for (const part of chunks(touched, CHUNK)) await run(em, `delete from stats_interval where n = 0 and group_id in (${marks(part)})`, part);
}

/**
 * Brings the counts up to date for the commitments of `commitmentIds` and those linked to the
 * recommendations of `recommendationIds` (whose source, level or themes may have changed):
 * each one's stored contribution is subtracted and its contribution from its current rows added.
 * Inside the write's transaction; a commitment that did not change in what is counted costs reads only.
 */
export async function refreshCounts(
  em: EntityManager,
  commitmentIds: Iterable<number>,
  recommendationIds: Iterable<number> = [],
): Promise<void> {
  const ids = new Set(commitmentIds);
  for (const part of chunks([...new Set(recommendationIds)], CHUNK)) {
    const rows = await all<{ id: number }>(
      em,
      `select distinct commitment_id as id from commitment_recommendations where recommendation_id in (${marks(part)})`,
      part,
    );
    for (const row of rows) ids.add(Number(row.id));
  }
  const dialect = dialectOf(em.getKnex());
  for (const part of chunks(
    [...ids].sort((a, b) => a - b),
    CHUNK,
  )) {
    const stored = new Map<number, Member>();
    for (const row of await all<{ commitment_id: number; group_ids: string; intervals: string; coverage: string }>(
      em,
      `select commitment_id, group_ids, intervals, coverage from stats_member where commitment_id in (${marks(part)})${dialect.lockForUpdate}`,
      part,
    )) {
      stored.set(Number(row.commitment_id), memberOf(row));
    }
    const fresh = await contributionsOf(em, part);
    const specs = new Map<string, GroupSpec>();
    for (const c of fresh.values()) for (const g of c.groups) specs.set(g.key, g);
    const groupIds = await groupIdsOf(em, specs);
    const groupDelta = new Map<number, number>();
    const intervalDelta = new Map<string, number>();
    const coverageDelta = new Map<string, number>();
    const add = ({ groups, intervals, coverage }: Member, sign: number) => {
      for (const g of groups) {
        groupDelta.set(g, (groupDelta.get(g) ?? 0) + sign);
        for (const [status, m0, m1, n] of intervals) {
          const key = `${g}|${status}|${m0}|${m1}`;
          intervalDelta.set(key, (intervalDelta.get(key) ?? 0) + sign * n);
        }
      }
      for (const row of coverage) coverageDelta.set(coverageKey(row), (coverageDelta.get(coverageKey(row)) ?? 0) + sign);
    };
    const replaced: number[] = [];
    const members: Value[][] = [];
    for (const id of part) {
      const before = stored.get(id);
      const now = fresh.get(id);
      const after: Member | undefined = now && {
        groups: now.groups.map((g) => groupIds.get(g.key)!),
        intervals: now.intervals,
        coverage: now.coverage,
      };
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      if (before) add(before, -1);
      if (after) add(after, 1);
      if (before) replaced.push(id);
      if (after) members.push(memberRow(id, after));
    }
    await applyDeltas(em, groupDelta, intervalDelta);
    await applyBucketDeltas(em, groupDelta, intervalDelta, specs, groupIds);
    await applyCoverageDeltas(em, coverageDelta);
    for (const ids of chunks(replaced, CHUNK)) await run(em, `delete from stats_member where commitment_id in (${marks(ids)})`, ids);
    await insertRows(em, 'stats_member', MEMBER_COLUMNS, members);
  }
}

/**
 * Bucket counts: the commitments of each status (and archived or not) per value, or pair of
 * values, of the attributes the dimensions read, counted once per distinct value (pair), as
 * commitmentStats counts its buckets. `kind` names the attributes (BUCKET_ATTRIBUTES order, at
 * most two; '' for none: the totals), `v0` and `v1` their values as text ('' for none: a null
 * value, or no second attribute). A commitment's buckets follow from its group of the `all`
 * projection, which describes it whole: a change of that group's n changes its buckets by as much.
 * A bucket emptied keeps its row with n = 0 (their number is bounded by the values that exist;
 * readers skip them), so a write never scans the table for empty rows.
 */
/** `member`: the lead actor or a partner, as the actor filter matches (the others as the dimensions read them). */
type BucketAttribute = Attribute | 'member';

const BUCKET_ATTRIBUTES: readonly BucketAttribute[] = ['actor', 'member', 'dueYear', 'source', 'level', 'theme'];

const BUCKET_KINDS: readonly BucketAttribute[][] = [
  [],
  ...BUCKET_ATTRIBUTES.map((a) => [a]),
  ...BUCKET_ATTRIBUTES.flatMap((a, i) => BUCKET_ATTRIBUTES.slice(i + 1).map((b) => [a, b])),
];

const kindName = (attributes: readonly BucketAttribute[]) => attributes.join(',');

const text = (v: Value | undefined) => (v === null || v === undefined ? '' : String(v));

/** The lead actor and the partners of the commitments of `spec` (a group with the actor), as text. */
const membersOf = (spec: GroupSpec) => [...new Set([spec.actorId, ...spec.partners].map(text))];

/** The buckets (`kind|status|archived|v0|v1`) of a commitment described by `spec`, a group of the `all` projection. */
function bucketsOf(spec: GroupSpec): string[] {
  const members = membersOf(spec);
  const valuesOf = (a: BucketAttribute | undefined, tuple: Value[]): string[] =>
    a === undefined
      ? ['']
      : a === 'member'
        ? members
        : [a === 'actor' ? text(spec.actorId) : a === 'dueYear' ? text(spec.dueYear) : text(tuple[TUPLE.indexOf(a)])];
  const keys = new Set<string>();
  for (const kind of BUCKET_KINDS) {
    for (const tuple of spec.links) {
      for (const v0 of valuesOf(kind[0], tuple))
        for (const v1 of valuesOf(kind[1], tuple)) keys.add([kindName(kind), spec.status, spec.archived, v0, v1].join('|'));
    }
  }
  return [...keys];
}

const ALL = 'all';

/**
 * Adds to stats_bucket the buckets of the `all` groups whose n changed by `groups` (id → change),
 * and to stats_month the status changes of the `all` groups' intervals changed by `intervals`.
 */
async function applyBucketDeltas(
  em: EntityManager,
  groups: Map<number, number>,
  intervals: Map<string, number>,
  fresh: Map<string, GroupSpec>,
  ids: Map<string, number>,
): Promise<void> {
  const specOf = new Map<number, GroupSpec>();
  for (const [key, spec] of fresh) if (spec.projection === ALL) specOf.set(ids.get(key)!, spec);
  const touched = new Set([...groups.keys()].filter((id) => groups.get(id) !== 0));
  for (const [key, d] of intervals) if (d !== 0) touched.add(Number(key.split('|')[0]));
  const unknown = [...touched].filter((id) => !specOf.has(id));
  for (const part of chunks(unknown, CHUNK)) {
    for (const row of await all<{ id: number; group_key: string }>(
      em,
      `select id, group_key from stats_group where projection = '${ALL}' and id in (${marks(part)})`,
      part,
    )) {
      specOf.set(Number(row.id), specFromKey(row.group_key));
    }
  }
  const deltas = new Map<string, number>();
  for (const [id, d] of groups) {
    const spec = specOf.get(id);
    if (!d || !spec || spec.projection !== ALL) continue;
    for (const key of bucketsOf(spec)) deltas.set(key, (deltas.get(key) ?? 0) + d);
  }
  const rows = [...deltas]
    .filter(([, d]) => d !== 0)
    .map(([key, d]) => [...bucketRow(key), d])
    .sort(compareRows);
  await insertRows(
    em,
    'stats_bucket',
    ['kind', 'status', 'archived', 'v0', 'v1', 'n'],
    rows,
    'on conflict (kind, status, archived, v0, v1) do update set n = stats_bucket.n + excluded.n',
  );
  const months = new Map<string, number>();
  for (const [key, d] of intervals) {
    const [id, status, m0, m1] = key.split('|');
    const spec = specOf.get(Number(id));
    if (!d || !spec || spec.projection !== ALL) continue;
    addMonths(months, spec, status, Number(m0), Number(m1), d);
  }
  await insertRows(
    em,
    'stats_month',
    ['kind', 'v', 'archived', 'current', 'status', 'month', 'n'],
    [...months]
      .filter(([, d]) => d !== 0)
      .map(([key, d]) => [...monthRow(key), d])
      .sort(compareRows),
    'on conflict (kind, v, archived, current, status, month) do update set n = stats_month.n + excluded.n',
  );
}

/**
 * Monthly status changes for statusTimeline: per attribute the timeline filters on ('' for none,
 * `actor`, `source`, `theme`) and value, per archived and current status (what the filter reads),
 * the change at the end of each month of the number of commitments in each status: an interval
 * adds its commitments from its first month (m0) and takes them away from the month of the next
 * change (m1). Kept, as stats_bucket, from the intervals of the `all` groups.
 */
type MonthKind = '' | 'actor' | 'member' | 'source' | 'theme';
const MONTH_KINDS: readonly MonthKind[] = ['', 'actor', 'member', 'source', 'theme'];

/** Adds to `months` (`kind|v|archived|current|status|month` → change) the interval [m0, m1) of status `status`, `d` times, of the commitments of `spec`. */
function addMonths(months: Map<string, number>, spec: GroupSpec, status: string, m0: number, m1: number, d: number): void {
  for (const kind of MONTH_KINDS) {
    const values = new Set(
      kind === ''
        ? ['']
        : kind === 'actor'
          ? [text(spec.actorId)]
          : kind === 'member'
            ? membersOf(spec)
            : spec.links.map((t) => text(t[TUPLE.indexOf(kind)])),
    );
    for (const v of values) {
      const at = (month: number, change: number) => {
        const key = [kind, v, spec.archived, spec.status, status, month].join('|');
        months.set(key, (months.get(key) ?? 0) + change);
      };
      at(m0, d);
      if (m1 >= 0) at(m1, -d);
    }
  }
}

/** `kind|v|archived|current|status|month` as the row's values. */
function monthRow(key: string): Value[] {
  const [kind, v, archived, current, status, month] = key.split('|');
  return [kind, v, Number(archived), current, status, Number(month)];
}

/** A group's description from its key (groupIdsOf writes the key from the description). */
function specFromKey(key: string): GroupSpec {
  const [projection, status, archived, actorId, partners, dueYear, links] = JSON.parse(key);
  return { projection, key, status, archived, actorId, partners, dueYear, links };
}

/** `kind|status|archived|v0|v1` as the row's values. */
function bucketRow(key: string): Value[] {
  const [kind, status, archived, v0, v1] = key.split('|');
  return [kind, status, Number(archived), v0, v1];
}

/** A commitment's stored contribution (`stats_member`): its groups' ids, its intervals, its coverage rows. */
interface Member {
  groups: number[];
  intervals: Interval[];
  coverage: CoverageRow[];
}

const MEMBER_COLUMNS = ['commitment_id', 'group_ids', 'intervals', 'coverage'];

const memberOf = (row: { group_ids: string; intervals: string; coverage: string }): Member => ({
  groups: JSON.parse(row.group_ids),
  intervals: JSON.parse(row.intervals),
  coverage: JSON.parse(row.coverage),
});

const memberRow = (id: number, m: Member): Value[] => [
  id,
  JSON.stringify(m.groups),
  JSON.stringify(m.intervals),
  JSON.stringify(m.coverage),
];

/** Adds `deltas` (`recommendation|measure|actor|due` → change of n) to stats_coverage; rows in key order, emptied ones removed. */
async function applyCoverageDeltas(em: EntityManager, deltas: Map<string, number>): Promise<void> {
  const rows = [...deltas]
    .filter(([, d]) => d !== 0)
    .map(([key, d]): Value[] => {
      const [rid, measure, actorId, ...due] = key.split('|');
      return [Number(rid), measure, Number(actorId), due.join('|'), d];
    })
    .sort(compareRows);
  await insertRows(
    em,
    'stats_coverage',
    ['recommendation_id', 'measure', 'actor_id', 'due', 'n'],
    rows,
    'on conflict (recommendation_id, measure, actor_id, due) do update set n = stats_coverage.n + excluded.n',
  );
  const touched = [...new Set(rows.map((r) => Number(r[0])))];
  for (const part of chunks(touched, CHUNK))
    await run(em, `delete from stats_coverage where n = 0 and recommendation_id in (${marks(part)})`, part);
}

interface Recount {
  groups: Map<string, { spec: GroupSpec; n: number; id: number }>;
  intervals: Map<string, number>;
  members: Map<number, { groups: string[]; intervals: Interval[]; coverage: CoverageRow[] }>;
  /** stats_coverage: `recommendation|measure|actor|due` → n. */
  coverage: Map<string, number>;
}

/** The counts as a full recount from every commitment's rows gives them (groups by key, intervals by `key|status|m0|m1`). */
async function recount(em: EntityManager): Promise<Recount> {
  const fresh = await contributionsOf(em, null);
  const groups: Recount['groups'] = new Map();
  const intervals = new Map<string, number>();
  const members: Recount['members'] = new Map();
  const coverage = new Map<string, number>();
  for (const [id, c] of fresh) {
    for (const row of c.coverage) coverage.set(coverageKey(row), (coverage.get(coverageKey(row)) ?? 0) + 1);
    for (const spec of c.groups) {
      const known = groups.get(spec.key);
      if (known) known.n += 1;
      else groups.set(spec.key, { spec, n: 1, id: groups.size + 1 });
      for (const [status, m0, m1, n] of c.intervals) {
        const key = `${spec.key}|${status}|${m0}|${m1}`;
        intervals.set(key, (intervals.get(key) ?? 0) + n);
      }
    }
    members.set(id, { groups: c.groups.map((g) => g.key), intervals: c.intervals, coverage: c.coverage });
  }
  return { groups, intervals, members, coverage };
}

/** stats_month as a full recount gives it (`kind|v|archived|current|status|month` → n), from the `all` groups' intervals. */
function monthsFrom(recount: Recount): Map<string, number> {
  const months = new Map<string, number>();
  for (const [key, n] of recount.intervals) {
    const [status, m0, m1] = key.split('|').slice(-3);
    const group = recount.groups.get(key.slice(0, key.length - `|${status}|${m0}|${m1}`.length))!;
    if (group.spec.projection === ALL) addMonths(months, group.spec, status, Number(m0), Number(m1), n);
  }
  return months;
}

/** stats_bucket as a full recount gives it (`kind|status|archived|v0|v1` → n), from the `all` groups. */
function bucketsFrom(groups: Recount['groups']): Map<string, number> {
  const buckets = new Map<string, number>();
  for (const { spec, n } of groups.values()) {
    if (spec.projection !== ALL) continue;
    for (const key of bucketsOf(spec)) buckets.set(key, (buckets.get(key) ?? 0) + n);
  }
  return buckets;
}

const TABLES = [
  'stats_member',
  'stats_month',
  'stats_bucket',
  'stats_coverage',
  'stats_interval',
  'stats_group_partner',
  'stats_group_link',
  'stats_group',
] as const;

/** The tables of the maintained counts: derived, so rebuilt rather than copied (db:copy). */
export const COUNT_TABLES: readonly string[] = TABLES;

/** Recomputes every count from the commitments' rows (inside the caller's transaction, if any). */
export async function rebuildCounts(em: EntityManager): Promise<void> {
  for (const table of TABLES) await run(em, `delete from ${table}`);
  const counted = await recount(em);
  const { groups, intervals, members, coverage } = counted;
  const idOf = (key: string) => groups.get(key)!.id;
  await insertRows(
    em,
    'stats_group',
    ['id', 'projection', 'group_key', 'status', 'archived', 'actor_id', 'due_year', 'n'],
    [...groups.values()].map(({ spec, n, id }) => [
      id,
      spec.projection,
      spec.key,
      spec.status,
      spec.archived,
      spec.actorId,
      spec.dueYear,
      n,
    ]),
  );
  const restart = dialectOf(em.getKnex()).restartIds('stats_group');
  if (restart) await all(em, restart);
  await insertRows(
    em,
    'stats_group_link',
    ['group_id', 'source_id', 'level', 'theme'],
    [...groups.values()].flatMap((g) => linkRows(g.id, g.spec)),
  );
  await insertRows(
    em,
    'stats_group_partner',
    ['group_id', 'actor_id'],
    [...groups.values()].flatMap((g) => partnerRows(g.id, g.spec)),
  );
  await insertRows(
    em,
    'stats_interval',
    ['group_id', 'status', 'm0', 'm1', 'n'],
    [...intervals].map(([key, n]) => {
      const [status, m0, m1] = key.split('|').slice(-3);
      return [idOf(key.slice(0, key.length - `|${status}|${m0}|${m1}`.length)), status, Number(m0), Number(m1), n];
    }),
  );
  await insertRows(
    em,
    'stats_bucket',
    ['kind', 'status', 'archived', 'v0', 'v1', 'n'],
    [...bucketsFrom(groups)].map(([key, n]) => [...bucketRow(key), n]),
  );
  await insertRows(
    em,
    'stats_month',
    ['kind', 'v', 'archived', 'current', 'status', 'month', 'n'],
    [...monthsFrom(counted)].filter(([, n]) => n !== 0).map(([key, n]) => [...monthRow(key), n]),
  );
  await insertRows(
    em,
    'stats_coverage',
    ['recommendation_id', 'measure', 'actor_id', 'due', 'n'],
    [...coverage].map(([key, n]) => {
      const [rid, measure, actorId, ...due] = key.split('|');
      return [Number(rid), measure, Number(actorId), due.join('|'), n];
    }),
  );
  await insertRows(
    em,
    'stats_member',
    MEMBER_COLUMNS,
    [...members].map(([id, m]) => memberRow(id, { ...m, groups: m.groups.map(idOf) })),
  );
}

/** Whether the counts need a rebuild: a commitment without its stored contribution (a database migrated to them, or written around the write module). */
export async function countsMissing(em: EntityManager): Promise<boolean> {
  const [row] = await all<{ missing: number }>(
    em,
    `select count(*) as missing from commitment c where not exists (select 1 from stats_member m where m.commitment_id = c.id)`,
  );
  return Number(row.missing) > 0;
}

/**
 * Differences between the maintained counts and a full recount, as readable lines: none when
 * they agree. Compares every group's count and tuples, every interval, every stored contribution.
 */
export async function countsDrift(em: EntityManager): Promise<string[]> {
  const expected = await recount(em);
  const problems: string[] = [];
  const stored = await all<{ id: number; group_key: string; n: number }>(em, `select id, group_key, n from stats_group`);
  const keyOf = new Map(stored.map((g) => [Number(g.id), g.group_key]));
  for (const g of stored) {
    const want = expected.groups.get(g.group_key)?.n ?? 0;
    if (Number(g.n) !== want) problems.push(`group ${g.group_key}: n ${g.n}, recount ${want}`);
  }
  const storedKeys = new Set(stored.map((g) => g.group_key));
  for (const [key, g] of expected.groups) if (!storedKeys.has(key)) problems.push(`group ${key}: missing, recount ${g.n}`);
  const links = new Map<string, string[]>();
  for (const row of await all<{ group_id: number; source_id: number | null; level: string | null; theme: string | null }>(
    em,
    `select group_id, source_id, level, theme from stats_group_link`,
  )) {
    const key = keyOf.get(Number(row.group_id)) ?? `?${row.group_id}`;
    links.set(key, [
      ...(links.get(key) ?? []),
      JSON.stringify([row.source_id === null ? null : Number(row.source_id), row.level, row.theme]),
    ]);
  }
  for (const [key, g] of expected.groups) {
    const want = linkRows(0, g.spec)
      .map((r) => JSON.stringify(r.slice(1)))
      .sort();
    const have = (links.get(key) ?? []).sort();
    if (JSON.stringify(want) !== JSON.stringify(have)) problems.push(`group ${key}: tuples ${have.join(' ')}, recount ${want.join(' ')}`);
  }
  const partners = new Map<string, number[]>();
  for (const row of await all<{ group_id: number; actor_id: number }>(em, `select group_id, actor_id from stats_group_partner`)) {
    const key = keyOf.get(Number(row.group_id)) ?? `?${row.group_id}`;
    partners.set(key, [...(partners.get(key) ?? []), Number(row.actor_id)]);
  }
  for (const [key, g] of expected.groups) {
    const have = (partners.get(key) ?? []).sort((a, b) => a - b);
    if (JSON.stringify(have) !== JSON.stringify(g.spec.partners))
      problems.push(`group ${key}: partners ${have.join(' ')}, recount ${g.spec.partners.join(' ')}`);
  }
  const intervals = new Map<string, number>();
  for (const row of await all<{ group_id: number; status: string; m0: number; m1: number; n: number }>(
    em,
    `select group_id, status, m0, m1, n from stats_interval`,
  )) {
    intervals.set(`${keyOf.get(Number(row.group_id))}|${row.status}|${row.m0}|${row.m1}`, Number(row.n));
  }
  for (const key of new Set([...intervals.keys(), ...expected.intervals.keys()])) {
    if ((intervals.get(key) ?? 0) !== (expected.intervals.get(key) ?? 0)) {
      problems.push(`interval ${key}: n ${intervals.get(key) ?? 0}, recount ${expected.intervals.get(key) ?? 0}`);
    }
  }
  const buckets = new Map<string, number>();
  for (const row of await all<{ kind: string; status: string; archived: number; v0: string; v1: string; n: number }>(
    em,
    `select kind, status, archived, v0, v1, n from stats_bucket`,
  )) {
    buckets.set([row.kind, row.status, Number(row.archived), row.v0, row.v1].join('|'), Number(row.n));
  }
  const expectedBuckets = bucketsFrom(expected.groups);
  for (const key of new Set([...buckets.keys(), ...expectedBuckets.keys()])) {
    if ((buckets.get(key) ?? 0) !== (expectedBuckets.get(key) ?? 0)) {
      problems.push(`bucket ${key}: n ${buckets.get(key) ?? 0}, recount ${expectedBuckets.get(key) ?? 0}`);
    }
  }
  const months = new Map<string, number>();
  for (const row of await all<{ kind: string; v: string; archived: number; current: string; status: string; month: number; n: number }>(
    em,
    `select kind, v, archived, current, status, month, n from stats_month`,
  )) {
    months.set([row.kind, row.v, Number(row.archived), row.current, row.status, Number(row.month)].join('|'), Number(row.n));
  }
  const expectedMonths = monthsFrom(expected);
  for (const key of new Set([...months.keys(), ...expectedMonths.keys()])) {
    if ((months.get(key) ?? 0) !== (expectedMonths.get(key) ?? 0)) {
      problems.push(`month ${key}: n ${months.get(key) ?? 0}, recount ${expectedMonths.get(key) ?? 0}`);
    }
  }
  const coverage = new Map<string, number>();
  for (const row of await all<{ recommendation_id: number; measure: CoverageMeasure; actor_id: number; due: string; n: number }>(
    em,
    `select recommendation_id, measure, actor_id, due, n from stats_coverage`,
  )) {
    coverage.set(coverageKey([Number(row.recommendation_id), row.measure, Number(row.actor_id), row.due]), Number(row.n));
  }
  for (const key of new Set([...coverage.keys(), ...expected.coverage.keys()])) {
    if ((coverage.get(key) ?? 0) !== (expected.coverage.get(key) ?? 0)) {
      problems.push(`coverage ${key}: n ${coverage.get(key) ?? 0}, recount ${expected.coverage.get(key) ?? 0}`);
    }
  }
  const members = await all<{ commitment_id: number; group_ids: string; intervals: string; coverage: string }>(
    em,
    `select commitment_id, group_ids, intervals, coverage from stats_member`,
  );
  for (const m of members) {
    const want = expected.members.get(Number(m.commitment_id));
    const stored = memberOf(m);
    const have = { groups: stored.groups.map((id) => keyOf.get(id)), intervals: stored.intervals, coverage: stored.coverage };
    if (JSON.stringify(have) !== JSON.stringify(want))
      problems.push(`commitment ${m.commitment_id}: stored contribution differs from its rows`);
  }
  if (members.length !== expected.members.size)
    problems.push(`${members.length} stored contributions for ${expected.members.size} commitments`);
  return problems;
}

// --- Reading -------------------------------------------------------------------------------

/** Filter fields the counts answer; any other (search, dates, overdue, report due, ids of commitments or recommendations) goes to SQL. */
const MAINTAINED_FILTERS = new Set(['sourceCodes', 'themes', 'actorIds', 'actorCodes', 'countryCodes', 'statuses', 'includeArchived']);

const DIMENSION_NEEDS: Record<StatsDimension, Attribute | null> = {
  [StatsDimension.STATUS]: null,
  [StatsDimension.SOURCE]: 'source',
  [StatsDimension.ACTOR]: 'actor',
  [StatsDimension.ACTOR_KIND]: 'actor',
  [StatsDimension.THEME]: 'theme',
  [StatsDimension.LEVEL]: 'level',
  [StatsDimension.COUNTRY]: 'actor',
  [StatsDimension.DUE_YEAR]: 'dueYear',
};

/** As applyCommitmentFilter reads a field: null, undefined and an empty list are no condition. */
const given = (value: unknown) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);

/** The projection that answers `filter` grouped by `groupBy` (the smallest that has all they read), or null when SQL must. */
export function projectionFor(groupBy: readonly StatsDimension[], filter?: CommitmentFilter | null): Projection | null {
  const f = (filter ?? {}) as Record<string, unknown>;
  for (const [field, value] of Object.entries(f)) if (given(value) && !MAINTAINED_FILTERS.has(field)) return null;
  const needs = new Set<Attribute>();
  if (given(f.actorIds) || given(f.actorCodes) || given(f.countryCodes)) needs.add('actor');
  if (given(f.sourceCodes)) needs.add('source');
  if (given(f.themes)) needs.add('theme');
  for (const d of groupBy) if (DIMENSION_NEEDS[d]) needs.add(DIMENSION_NEEDS[d]!);
  const has = (p: Projection, a: Attribute) => (a === 'actor' ? p.actor : a === 'dueYear' ? p.dueYear : p.columns.includes(a));
  return PROJECTIONS.find((p) => [...needs].every((a) => has(p, a))) ?? null;
}

/** The groups of projection `p` that `filter` selects, as a `with` query `g` (id, n, status, actor_id, due_year). */
function selectedGroups(p: Projection, filter: CommitmentFilter | null | undefined): { sql: string; bindings: unknown[] } {
  const f = filter ?? {};
  const where = ['g.projection = ?', 'g.n > 0'];
  const bindings: unknown[] = [p.name];
  if (!f.includeArchived) where.push('g.archived = 0');
  if (f.statuses?.length) {
    where.push(`g.status in (${marks(f.statuses)})`);
    bindings.push(...f.statuses);
  }
  const actors = namedActors(f);
  if (actors) {
    // The lead or a partner, as applyCommitmentFilter.
    const [lead, leadParams] = actors('g.actor_id');
    const [partner, partnerParams] = actors('gp.actor_id');
    where.push(`(${lead} or g.id in (select gp.group_id from stats_group_partner gp where ${partner}))`);
    bindings.push(...leadParams, ...partnerParams);
  }
  if (f.countryCodes?.length) {
    const [sql, params] = actorsInCountries(f.countryCodes);
    where.push(`g.actor_id in (${sql})`);
    bindings.push(...params);
  }
  if (f.sourceCodes?.length) {
    where.push(
      `exists (select 1 from stats_group_link fl join source fs on fs.id = fl.source_id where fl.group_id = g.id and fs.code in (${marks(f.sourceCodes)}))`,
    );
    bindings.push(...f.sourceCodes);
  }
  if (f.themes?.length) {
    where.push(`exists (select 1 from stats_group_link fl where fl.group_id = g.id and fl.theme in (${marks(f.themes)}))`);
    bindings.push(...f.themes);
  }
  return { sql: `select g.id, g.n, g.status, g.actor_id, g.due_year from stats_group g where ${where.join(' and ')}`, bindings };
}

const JOINS = {
  link: 'join stats_group_link l on l.group_id = g.id',
  source: 'left join source s on s.id = l.source_id',
  actor: 'join actor a on a.id = g.actor_id',
  parent: 'left join actor p on p.id = a.parent_id',
} as const;
type Join = keyof typeof JOINS;

const DIMENSIONS: Record<StatsDimension, { joins: Join[]; value: string; label?: string }> = {
  [StatsDimension.STATUS]: { joins: [], value: 'g.status' },
  [StatsDimension.SOURCE]: { joins: ['link', 'source'], value: 's.code', label: 's.name' },
  [StatsDimension.ACTOR]: { joins: ['actor'], value: 'a.code', label: 'a.name' },
  [StatsDimension.ACTOR_KIND]: { joins: ['actor'], value: 'a.kind' },
  [StatsDimension.THEME]: { joins: ['link'], value: 'l.theme' },
  [StatsDimension.LEVEL]: { joins: ['link'], value: 'l.level' },
  [StatsDimension.COUNTRY]: { joins: ['actor', 'parent'], value: actorCountrySql('a', 'p') },
  [StatsDimension.DUE_YEAR]: { joins: [], value: 'g.due_year' },
};

/**
 * commitmentStats' rows (subtotal, v0, l0, v1, l1, n, total; ordered as the SQL path orders
 * them) from the counts, or null when the filter is not one they answer. Each group counts once
 * per distinct bucket value it has, with its weight n.
 */
export async function statsRowsFromCounts(
  knex: Knex,
  groupBy: readonly StatsDimension[],
  filter?: CommitmentFilter | null,
): Promise<Record<string, string | number | null>[] | null> {
  const filtered = bucketFilterFor(groupBy, filter);
  if (filtered) return statsRowsFromBuckets(knex, groupBy, filtered, filter);
  const p = projectionFor(groupBy, filter);
  if (!p) return null;
  const dialect: Dialect = dialectOf(knex);
  const groups = selectedGroups(p, filter);
  const dimensions = groupBy.map((d) => DIMENSIONS[d]);
  const needed = new Set(dimensions.flatMap((d) => d.joins));
  const joins = (Object.keys(JOINS) as Join[]).filter((j) => needed.has(j)).map((j) => JOINS[j]);
  const columns = dimensions.map((d, i) => `${d.value} as v${i}, ${d.label ?? 'null'} as l${i}`);
  const keys = dimensions.map((_, i) => `v${i}, l${i}`);
  const nullsLast = dimensions.map((_, i) => `v${i} is null, v${i}`);
  const subtotals =
    groupBy.length < 2
      ? ''
      : `union all select 1 as subtotal, v0, l0, null, null, sum(n) as n from (select distinct id, n, v0, l0 from joined) first group by v0, l0`;
  return dialect.rows(
    await knex.raw(
      `with g as (${groups.sql}),
    joined as (select distinct g.id, g.n, ${columns.join(', ')} from g ${joins.join(' ')})
    select counted.*, (select coalesce(sum(n), 0) from g) as total from (
      select 0 as subtotal, ${keys.join(', ')}, sum(n) as n from joined group by ${keys.join(', ')}
      ${subtotals}
    ) counted
    order by subtotal, n desc, ${nullsLast.join(', ')}`,
      groups.bindings as Knex.RawBinding[],
    ),
  );
}

const LINK_ATTRIBUTES: readonly Attribute[] = ['source', 'level', 'theme'];

/** A filter naming one actor (by id or code): the lead or a partner, counted once per commitment. */
const oneActor = (filter?: CommitmentFilter | null) => (filter?.actorIds?.length ?? 0) + (filter?.actorCodes?.length ?? 0) === 1;

/**
 * The attributes stats_bucket filters on to answer `filter` grouped by `groupBy`, or null when
 * it cannot: any filter on statuses and archived ones; with at most two attributes in all, also
 * countries (the lead actor's, one per commitment), one actor (`member`: the lead or a partner;
 * two would count a commitment of both twice), and one source or one theme when the groupings
 * read no other attribute of the recommendations (a commitment addressing that source or theme is
 * counted whatever its other links; two values would count it twice).
 */
export function bucketFilterFor(groupBy: readonly StatsDimension[], filter?: CommitmentFilter | null): BucketAttribute[] | null {
  const f = (filter ?? {}) as Record<string, unknown>;
  const filtered = new Set<BucketAttribute>();
  for (const [field, value] of Object.entries(f)) {
    if (!given(value) || field === 'statuses' || field === 'includeArchived') continue;
    if (field === 'countryCodes') filtered.add('actor');
    else if ((field === 'actorIds' || field === 'actorCodes') && oneActor(filter)) filtered.add('member');
    else if (field === 'sourceCodes' && (value as unknown[]).length === 1) filtered.add('source');
    else if (field === 'themes' && (value as unknown[]).length === 1) filtered.add('theme');
    else return null;
  }
  const read = new Set(groupBy.map((d) => DIMENSION_NEEDS[d]).filter((a): a is Attribute => a !== null));
  const links = [...filtered].filter((a) => LINK_ATTRIBUTES.includes(a as Attribute));
  if (links.length && (links.length > 1 || [...read].some((a) => LINK_ATTRIBUTES.includes(a)))) return null;
  if (new Set([...filtered, ...read]).size > 2) return null;
  return [...filtered];
}

/** Whether stats_bucket answers `filter` grouped by `groupBy`. */
export const bucketsAnswer = (groupBy: readonly StatsDimension[], filter?: CommitmentFilter | null) =>
  bucketFilterFor(groupBy, filter) !== null;

/** A dimension's value and label over a stats_bucket row `b` whose attribute is in column `column` (v0 or v1). */
function bucketDimension(d: StatsDimension, column: string): { joins: string[]; value: string; label?: string } {
  const value = `nullif(b.${column}, '')`;
  const actor = [`join actor a on a.id = cast(b.${column} as integer)`];
  switch (d) {
    case StatsDimension.STATUS:
      return { joins: [], value: 'b.status' };
    case StatsDimension.SOURCE:
      return { joins: [`left join source s on s.id = cast(${value} as integer)`], value: 's.code', label: 's.name' };
    case StatsDimension.ACTOR:
      return { joins: actor, value: 'a.code', label: 'a.name' };
    case StatsDimension.ACTOR_KIND:
      return { joins: actor, value: 'a.kind' };
    case StatsDimension.COUNTRY:
      return { joins: [...actor, 'left join actor p on p.id = a.parent_id'], value: actorCountrySql('a', 'p') };
    default:
      return { joins: [], value };
  }
}

/**
 * commitmentStats' rows (as statsRowsFromCounts gives them) from stats_bucket: the buckets of the
 * kind the dimensions read, the subtotals from the kind of the first, the total from kind ''.
 * A dimension read from the actor (ACTOR, ACTOR_KIND, COUNTRY) sums the actors' buckets: a
 * commitment has one lead actor, so it is still counted once per value.
 */
async function statsRowsFromBuckets(
  knex: Knex,
  groupBy: readonly StatsDimension[],
  filtered: readonly BucketAttribute[],
  filter?: CommitmentFilter | null,
): Promise<Record<string, string | number | null>[]> {
  const attributes = (dimensions: readonly StatsDimension[]) =>
    BUCKET_ATTRIBUTES.filter((a) => filtered.includes(a) || dimensions.some((d) => DIMENSION_NEEDS[d] === a));
  /** The rows of one kind, with the dimensions' values and labels (v0, l0, ...), and their bindings. */
  const joined = (dimensions: readonly StatsDimension[]): [string, unknown[]] => {
    const kind = attributes(dimensions);
    const where = ['b.kind = ?', 'b.n > 0'];
    const bindings: unknown[] = [kindName(kind)];
    if (!filter?.includeArchived) where.push('b.archived = 0');
    if (filter?.statuses?.length) {
      where.push(`b.status in (${marks(filter.statuses)})`);
      bindings.push(...filter.statuses);
    }
    const column = (a: BucketAttribute) => `b.v${kind.indexOf(a)}`;
    if (filtered.includes('member')) {
      const [actor, params] = namedActors(filter!)!(`cast(${column('member')} as integer)`);
      where.push(actor);
      bindings.push(...params);
    }
    if (filtered.includes('actor')) {
      const [actors, params] = actorsInCountries(filter!.countryCodes!);
      where.push(`cast(${column('actor')} as integer) in (${actors})`);
      bindings.push(...params);
    }
    if (filtered.includes('source')) {
      where.push(`${column('source')} in (select cast(fs.id as text) from source fs where fs.code = ?)`);
      bindings.push(filter!.sourceCodes![0]);
    }
    if (filtered.includes('theme')) {
      where.push(`${column('theme')} = ?`);
      bindings.push(filter!.themes![0]);
    }
    const read = dimensions.map((d) => bucketDimension(d, `v${kind.indexOf(DIMENSION_NEEDS[d]!)}`));
    // Two dimensions read from the actor join it once.
    const joins = [...new Set(read.flatMap((r) => r.joins))];
    const columns = read.map((r, i) => `${r.value} as v${i}, ${r.label ?? 'null'} as l${i}, `);
    return [`select ${columns.join('')}b.n from stats_bucket b ${joins.join(' ')} where ${where.join(' and ')}`, bindings];
  };
  const keys = groupBy.map((_, i) => `v${i}, l${i}`);
  const nullsLast = groupBy.map((_, i) => `v${i} is null, v${i}`);
  // In the order they appear in the statement, with their bindings.
  const [counted, totalBindings] = joined([]);
  const [buckets, bucketBindings] = joined(groupBy);
  const [firsts, firstBindings] = groupBy.length < 2 ? ['', []] : joined(groupBy.slice(0, 1));
  const subtotals = firsts && `union all select 1 as subtotal, v0, l0, null, null, sum(n) as n from (${firsts}) y group by v0, l0`;
  return dialectOf(knex).rows(
    await knex.raw(
      `select counted.*, (select coalesce(sum(n), 0) from (${counted}) z) as total from (
        select 0 as subtotal, ${keys.join(', ')}, sum(n) as n from (${buckets}) x group by ${keys.join(', ')}
        ${subtotals}
      ) counted
      order by subtotal, n desc, ${nullsLast.join(', ')}`,
      [...totalBindings, ...bucketBindings, ...firstBindings] as Knex.RawBinding[],
    ),
  );
}

/**
 * The stats_month kind that answers timeline `filter` exactly, or null: statuses and archived
 * ones, with countries (the lead actor's), one actor (the lead or a partner), one source or one
 * theme (two values, or two of these, would count a commitment twice).
 */
export function monthKindFor(filter?: CommitmentFilter | null): MonthKind | null {
  let kind: MonthKind = '';
  for (const [field, value] of Object.entries(filter ?? {})) {
    if (!given(value) || field === 'statuses' || field === 'includeArchived') continue;
    const next =
      field === 'countryCodes'
        ? 'actor'
        : (field === 'actorIds' || field === 'actorCodes') && oneActor(filter)
          ? 'member'
          : field === 'sourceCodes' && (value as unknown[]).length === 1
            ? 'source'
            : field === 'themes' && (value as unknown[]).length === 1
              ? 'theme'
              : null;
    if (next === null || kind !== '') return null;
    kind = next;
  }
  return kind;
}

/** timelineRowsFromCounts' rows from stats_month, for a filter monthKindFor answers with `kind`. */
async function timelineRowsFromMonths(
  knex: Knex,
  first: number,
  last: number,
  kind: MonthKind,
  filter?: CommitmentFilter | null,
): Promise<{ status: string; m0: number; m1: null; n: number }[]> {
  const where = ['m.kind = ?', `m.month <= ${last}`];
  const bindings: unknown[] = [kind];
  if (!filter?.includeArchived) where.push('m.archived = 0');
  if (filter?.statuses?.length) {
    where.push(`m.current in (${marks(filter.statuses)})`);
    bindings.push(...filter.statuses);
  }
  if (kind === 'member') {
    const [actor, params] = namedActors(filter!)!('x.id');
    where.push(`m.v in (select cast(x.id as text) from actor x where ${actor})`);
    bindings.push(...params);
  }
  if (kind === 'actor') {
    const [actors, params] = actorsInCountries(filter!.countryCodes!);
    // As text, so that the key's (kind, v) prefix finds them.
    where.push(`m.v in (select cast(x.id as text) from (${actors}) x)`);
    bindings.push(...params);
  }
  if (kind === 'source') {
    where.push(`m.v in (select cast(fs.id as text) from source fs where fs.code = ?)`);
    bindings.push(filter!.sourceCodes![0]);
  }
  if (kind === 'theme') {
    where.push('m.v = ?');
    bindings.push(filter!.themes![0]);
  }
  const rows = dialectOf(knex).rows<{ status: string; m0: number; n: number }>(
    await knex.raw(
      `select status, m0, sum(n) as n from (
        select m.status, case when m.month < ${first} then ${first} else m.month end as m0, m.n from stats_month m where ${where.join(' and ')}
      ) changes group by status, m0`,
      bindings as Knex.RawBinding[],
    ),
  );
  return rows.map((row) => ({ status: row.status, m0: Number(row.m0), m1: null, n: Number(row.n) }));
}

/**
 * statusTimeline's rows from the counts, or null when the filter is not one they answer: per
 * status, how its count changes at the end of each month from `first` to `last` (month indexes),
 * as rows (status, m0, m1 null, n) that each hold from m0 on. An interval adds n at its start and
 * takes it away at its end; changes before `first` are summed into `first`, those after `last`
 * left out. So at most one row per status and month, whatever the number of intervals.
 */
export async function timelineRowsFromCounts(
  knex: Knex,
  first: number,
  last: number,
  filter?: CommitmentFilter | null,
): Promise<{ status: string; m0: number; m1: null; n: number }[] | null> {
  const kind = monthKindFor(filter);
  if (kind !== null) return timelineRowsFromMonths(knex, first, last, kind, filter);
  const p = projectionFor([], filter);
  if (!p) return null;
  const groups = selectedGroups(p, filter);
  const month = (column: string) => `case when ${column} < ${first} then ${first} else ${column} end`;
  const rows = dialectOf(knex).rows<{ status: string; m0: number; n: number }>(
    await knex.raw(
      `with g as (${groups.sql}),
    iv as (select i.status, i.m0, i.m1, i.n from stats_interval i join g on g.id = i.group_id)
    select status, m0, sum(n) as n from (
      select status, ${month('m0')} as m0, n from iv where m0 <= ${last}
      union all
      select status, ${month('m1')} as m0, -n as n from iv where m1 >= 0 and m1 <= ${last}
    ) changes group by status, m0`,
      groups.bindings as Knex.RawBinding[],
    ),
  );
  return rows.map((row) => ({ status: row.status, m0: Number(row.m0), m1: null, n: Number(row.n) }));
}

// --- recommendationCoverage ----------------------------------------------------------------

/** Recommendation filter fields the counts answer (with those read from the recommendation itself); search goes to SQL. */
const COVERAGE_FILTERS = new Set([
  'sourceCodes',
  'themes',
  'levels',
  'actorIds',
  'actorCodes',
  'countryCodes',
  'statuses',
  'hasCommitment',
  'hasResponsibleActor',
  'onlyStalledOrOverdue',
  'includeArchived',
]);

/** Whether the counts answer recommendation `filter` (else SQL must). */
export function coverageFromCounts(filter?: RecommendationFilter | null): boolean {
  return Object.entries(filter ?? {}).every(([field, value]) => !given(value) || COVERAGE_FILTERS.has(field));
}

type QB = Knex.QueryBuilder;

/**
 * applyRecommendationFilter (filters.ts), with every condition on the commitments read from
 * stats_coverage instead: the same recommendations, whatever the number of commitments. The
 * conditions on the recommendation itself and its responsibilities are the SQL path's own.
 * For a filter coverageFromCounts accepts.
 */
export function applyRecommendationFilterByCounts(qb: QB, filter: RecommendationFilter | null = {}, alias = 'r', today?: Date): QB {
  const f = filter ?? {};
  if (!coverageFromCounts(f)) throw new Error('applyRecommendationFilterByCounts: a filter the counts do not answer');
  applyRecommendationFilter(
    qb,
    {
      includeArchived: f.includeArchived,
      sourceCodes: f.sourceCodes,
      levels: f.levels,
      themes: f.themes,
      hasResponsibleActor: f.hasResponsibleActor,
    },
    alias,
  );
  const has = (measure: CoverageMeasure) =>
    `exists (select 1 from stats_coverage k where k.recommendation_id = ${alias}.id and k.measure = '${measure}')`;
  const count = (measure: CoverageMeasure) =>
    `coalesce((select k.n from stats_coverage k where k.recommendation_id = ${alias}.id and k.measure = '${measure}' and k.actor_id = 0 and k.due = ''), 0)`;
  const responsible = (condition: string) =>
    `${alias}.id in (select x.recommendation_id from responsibility x where x.archived_at is null and ${condition})`;
  const committed = (measures: CoverageMeasure[], condition: string) =>
    `${alias}.id in (select k.recommendation_id from stats_coverage k where k.measure in (${measures.map((m) => `'${m}'`).join(', ')}) and ${condition})`;
  const actors = namedActors(f);
  if (actors) {
    const [byResponsibility, responsibilityParams] = actors('x.actor_id');
    const [byCommitment, commitmentParams] = actors('k.actor_id');
    // Responsible, or committed as the lead or a partner (a live commitment, any link kind).
    qb.whereRaw(`(${responsible(byResponsibility)} or ${committed(['lead', 'partner'], byCommitment)})`, [
      ...responsibilityParams,
      ...commitmentParams,
    ]);
  }
  if (f.countryCodes?.length) {
    const [inCountries, params] = actorsInCountries(f.countryCodes);
    qb.whereRaw(`(${responsible(`x.actor_id in (${inCountries})`)} or ${committed(['lead'], `k.actor_id in (${inCountries})`)})`, [
      ...params,
      ...params,
    ]);
  }
  if (given(f.hasCommitment)) qb.whereRaw(`${f.hasCommitment ? '' : 'not '}${has('answered')}`);
  if (f.statuses?.length) {
    // recommendationStatusSql (rules.ts) from the numbers of live answering commitments.
    const status = `(case when ${count('responding')} = 0 then '${RecommendationStatus.NO_COMMITMENT}'
      when ${count('implemented')} = ${count('responding')} then '${RecommendationStatus.IMPLEMENTED}'
      when ${count('not_started')} = ${count('responding')} then '${RecommendationStatus.NOT_STARTED}'
      else '${RecommendationStatus.IN_PROGRESS}' end)`;
    qb.whereRaw(`${status} in (${marks(f.statuses)})`, f.statuses);
  }
  if (given(f.onlyStalledOrOverdue)) {
    if (!today) throw new Error('applyRecommendationFilterByCounts needs today for onlyStalledOrOverdue');
    // Some answer it, and none is implemented, or open and undated or due today or later (not overdue).
    const only = `(${has('responding')} and not ${has('implemented')} and not exists (select 1 from stats_coverage k
      where k.recommendation_id = ${alias}.id and k.measure = 'open' and k.actor_id = 0 and k.due >= ?))`;
    qb.whereRaw(`${f.onlyStalledOrOverdue ? '' : 'not '}${only}`, [dayOf(today)]);
  }
  return qb;
}
