/**
 * The dashboard's maintained counts (src/queries/counts.ts) after a random sequence of writes
 * through GraphQL and an import (seeded PRNG): they equal a full recount, and commitmentStats,
 * statusTimeline and recommendationCoverage answer from them exactly what the SQL path answers,
 * for the dashboard's filters (the clock moves on between writes, so commitments fall overdue).
 */
import { stringify } from 'csv-stringify/sync';
import type { EntityManager } from '@mikro-orm/knex';
import { startTestServer, type TestServer } from './support/server';
import { tokenFor } from './support/users';
import { Role } from '../src/domain/enums';
import { toGlobalId } from '../src/schema/global-id';
import { importCsv } from '../src/import/import';
import { createContext } from '../src/server/context';
import { commitmentStats, recommendationCoverage } from '../src/queries/stats';
import { statusTimeline } from '../src/queries/timeline';
import {
  bucketsAnswer,
  monthKindFor,
  COUNT_TABLES,
  countsDrift,
  coverageFromCounts,
  projectionFor,
  rebuildCounts,
} from '../src/queries/counts';
import { migrate } from '../src/db/orm';
import { StatsDimension as D } from '../src/schema/stats';
import type { CommitmentFilter, RecommendationFilter } from '../src/schema/filters';

let t: TestServer;
let token: string;
beforeAll(async () => {
  t = await startTestServer();
  token = await tokenFor(t, Role.SECRETARIAT);
});
afterAll(() => t.stop());

/** mulberry32: a small seeded PRNG, so a failing sequence can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const em = () => t.services.orm.em.fork() as EntityManager;
const knex = () => em().getKnex();

async function gql(query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await t.gql(query, variables, token);
  return res;
}

const STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'PARTIALLY_IMPLEMENTED', 'IMPLEMENTED', 'STALLED', 'WITHDRAWN'];
const THEMES_USED = ['PARTICIPATION', 'PREVENTION', 'PROTECTION', 'MONITORING'];
const LEVELS = ['NATIONAL', 'REGIONAL', 'INTERNATIONAL'];
const DAY = 86_400_000;

interface Pools {
  actors: { id: number; code: string }[];
  recommendations: { id: number; code: string }[];
  sources: { id: number; code: string }[];
  countries: string[];
}

async function pools(): Promise<Pools> {
  const actors = (await knex()('actor').whereNull('archived_at').select('id', 'code').orderBy('id').limit(12)) as Pools['actors'];
  const recommendations = (await knex()('recommendation')
    .whereNull('archived_at')
    .select('id', 'code')
    .orderBy('id')
    .limit(400)) as Pools['recommendations'];
  const sources = (await knex()('source').select('id', 'code').orderBy('id')) as Pools['sources'];
  // Every few recommendations, so that several sources, levels and themes are in play.
  return { actors, recommendations: recommendations.filter((_, i) => i % 17 === 0), sources, countries: ['IT', 'FR', 'BR', 'DE'] };
}

async function commitments(): Promise<{ id: number; code: string; version: number; status: string; archived_at: unknown }[]> {
  return knex()('commitment').select('id', 'code', 'version', 'status', 'archived_at').orderBy('id');
}

/** One random write; returns what it did (for the failure message). */
async function randomWrite(random: () => number, p: Pools, step: number): Promise<string> {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const some = <T>(list: readonly T[], max: number): T[] => [
    ...new Set(Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(list))),
  ];
  const recIds = () => some(p.recommendations, 3).map((r) => toGlobalId('Recommendation', r.id));
  const dueDate = () => (random() < 0.25 ? null : `${2020 + Math.floor(random() * 10)}-0${1 + Math.floor(random() * 9)}`);
  const all = await commitments();
  const c = pick(all);
  const kind = pick([
    'create',
    'create',
    'status',
    'status',
    'status',
    'links',
    'due',
    'archive',
    'archive',
    'restore',
    'recommendation',
    'actor',
    'partner',
    'partner',
    'import',
  ]);
  switch (kind) {
    case 'create': {
      const res = await gql(`mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { id } } }`, {
        i: {
          actorId: toGlobalId('Actor', pick(p.actors).id),
          recommendationIds: recIds(),
          title: `Random commitment ${step}`,
          status: pick(STATUSES.filter((s) => s !== 'WITHDRAWN')),
          dueDate: dueDate(),
        },
      });
      expect(res.errors).toBeUndefined();
      return kind;
    }
    case 'status':
    case 'links':
    case 'due': {
      const input: Record<string, unknown> = { id: toGlobalId('Commitment', c.id), expectedVersion: c.version, reason: 'random' };
      if (kind === 'status') input.status = pick(STATUSES.filter((s) => s !== c.status));
      // Links of either kind: only RESPONDS_TO counts as coverage, any kind for the actor filters.
      if (kind === 'links' && random() < 0.5) input.recommendationIds = recIds();
      else if (kind === 'links')
        input.links = recIds().map((recommendationId) => ({ recommendationId, kind: pick(['RESPONDS_TO', 'CONTRIBUTES_TO']) }));
      if (kind === 'due') input.dueDate = dueDate();
      const res = await gql(`mutation($i: UpdateCommitmentInput!) { updateCommitment(input: $i) { commitment { id } } }`, { i: input });
      // A transition the rules refuse, or a write to an archived commitment, changes nothing.
      const code = res.errors?.[0]?.extensions?.code;
      if (res.errors) expect(['INVALID_TRANSITION', 'BAD_USER_INPUT', 'ARCHIVED']).toContain(code);
      return `${kind} ${c.code}${code ? ` (${code})` : ''}`;
    }
    case 'archive':
    case 'restore': {
      const res = await gql(
        `mutation($i: ${kind === 'archive' ? 'ArchiveInput' : 'RestoreInput'}!) { ${kind}Commitment(input: $i) { node { id } } }`,
        {
          i: { id: toGlobalId('Commitment', c.id), reason: 'random' },
        },
      );
      expect(res.errors).toBeUndefined();
      return `${kind} ${c.code}`;
    }
    case 'recommendation': {
      const r = pick(p.recommendations);
      const input: Record<string, unknown> = { id: toGlobalId('Recommendation', r.id), reason: 'random' };
      const what = pick(['themes', 'level', 'source']);
      if (what === 'themes') input.themes = some(THEMES_USED, 2);
      if (what === 'level') input.level = pick(LEVELS);
      if (what === 'source') input.sourceId = toGlobalId('Source', pick(p.sources).id);
      const res = await gql(`mutation($i: UpdateRecommendationInput!) { updateRecommendation(input: $i) { recommendation { id } } }`, {
        i: input,
      });
      if (res.errors) expect(res.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      return `recommendation ${r.code} ${what}${res.errors ? ' (refused)' : ''}`;
    }
    case 'actor': {
      const a = pick(p.actors);
      const input: Record<string, unknown> = { id: toGlobalId('Actor', a.id), reason: 'random' };
      if (random() < 0.5) input.country = random() < 0.2 ? null : pick(p.countries);
      else input.parentId = random() < 0.3 ? null : toGlobalId('Actor', pick(p.actors.filter((x) => x.id !== a.id)).id);
      const res = await gql(`mutation($i: UpdateActorInput!) { updateActor(input: $i) { actor { id } } }`, { i: input });
      if (res.errors) expect(res.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      return `actor ${a.code}${res.errors ? ' (refused)' : ''}`;
    }
    case 'partner': {
      // A partner added, or one removed: the actor filter matches the lead or a partner.
      const [stored] = await knex()('commitment_partner').where('commitment_id', c.id).select('actor_id').limit(1);
      const remove = Boolean(stored) && random() < 0.5;
      const actorId = remove ? Number(stored.actor_id) : pick(p.actors).id;
      const res = await gql(
        remove
          ? `mutation($i: RemoveCommitmentPartnerInput!) { removeCommitmentPartner(input: $i) { commitment { id } } }`
          : `mutation($i: AddCommitmentPartnerInput!) { addCommitmentPartner(input: $i) { commitment { id } } }`,
        {
          i: {
            commitmentId: toGlobalId('Commitment', c.id),
            actorId: toGlobalId('Actor', actorId),
            ...(remove ? {} : { role: 'IMPLEMENTING' }),
          },
        },
      );
      const code = res.errors?.[0]?.extensions?.code;
      if (res.errors) expect(['BAD_USER_INPUT', 'ARCHIVED']).toContain(code);
      return `partner ${remove ? 'removed from' : 'added to'} ${c.code}${code ? ` (${code})` : ''}`;
    }
    default: {
      // New commitments in bulk, and existing ones updated (actor, links, status) by code.
      const rows = Array.from({ length: 3 + Math.floor(random() * 8) }, (_, i) => ({
        code: `IMPORT-${step}-${i}`,
        actor_code: pick(p.actors).code,
        recommendation_codes: some(p.recommendations, 3)
          .map((r) => r.code)
          .join(';'),
        title: `Imported ${step}-${i}`,
        due_date: dueDate() ?? '',
        status: pick(['NOT_STARTED', 'IN_PROGRESS', 'STALLED']),
      }));
      const live = all.filter((x) => !x.archived_at && x.status === 'NOT_STARTED');
      if (live.length) {
        const x = pick(live);
        rows.push({
          code: x.code,
          actor_code: pick(p.actors).code,
          recommendation_codes: pick(p.recommendations).code,
          title: `Reimported ${step}`,
          due_date: '',
          status: 'IN_PROGRESS',
        });
      }
      const report = await importCsv(t.services, 'commitments', Buffer.from(stringify(rows, { header: true })));
      expect(report.problems).toEqual([]);
      return `import of ${rows.length}`;
    }
  }
}

const FILTERS: CommitmentFilter[] = [
  {},
  { statuses: ['IN_PROGRESS', 'STALLED'] as never },
  { includeArchived: true },
  { countryCodes: ['IT', 'BR'] },
  { themes: ['PROTECTION'] as never },
  { sourceCodes: ['FLORENCE-2008', 'RIO-2008'] },
  { sourceCodes: ['RIO-2008'], themes: ['PARTICIPATION', 'PREVENTION'] as never, includeArchived: true },
  { sourceCodes: ['FLORENCE-2008'], countryCodes: ['IT'] },
  { sourceCodes: ['STOCKHOLM-1996'], statuses: ['IN_PROGRESS', 'IMPLEMENTED'] as never },
  { themes: ['PREVENTION'] as never, statuses: ['NOT_STARTED', 'STALLED'] as never, includeArchived: true },
];

const GROUP_BYS: D[][] = [
  [D.STATUS],
  [D.SOURCE],
  [D.ACTOR],
  [D.THEME],
  [D.LEVEL],
  [D.COUNTRY],
  [D.DUE_YEAR],
  [D.ACTOR_KIND],
  [D.SOURCE, D.STATUS],
  [D.SOURCE, D.THEME],
  [D.THEME, D.LEVEL],
  [D.COUNTRY, D.DUE_YEAR],
  [D.ACTOR, D.SOURCE],
  [D.DUE_YEAR, D.THEME],
  [D.DUE_YEAR, D.SOURCE],
  [D.STATUS, D.THEME],
  [D.COUNTRY, D.ACTOR_KIND],
  [D.LEVEL, D.DUE_YEAR],
];

async function expectCountsAgree(done: string[], p: Pools): Promise<void> {
  expect({ after: done.slice(-5), drift: (await countsDrift(em())).slice(0, 5) }).toEqual({ after: done.slice(-5), drift: [] });
  const ctx = createContext(t.services, null);
  let fromBuckets = 0;
  let fromMonths = 0;
  const actorFilters: CommitmentFilter[] = [
    { actorIds: p.actors.slice(0, 4).map((a) => toGlobalId('Actor', a.id)) },
    { actorCodes: [p.actors[5].code], actorIds: [toGlobalId('Actor', p.actors[6].id)], themes: ['PROTECTION'] as never },
    // One actor: from the lead-or-partner buckets and monthly changes.
    { actorCodes: [p.actors[2].code] },
    { actorIds: [toGlobalId('Actor', p.actors[3].id)], sourceCodes: ['FLORENCE-2008'], statuses: ['IN_PROGRESS', 'NOT_STARTED'] as never },
  ];
  // The actor that is a partner (not the lead) of the most live commitments: its own filter.
  const [partner] = await knex()('commitment_partner as cp')
    .join('commitment as c', 'c.id', 'cp.commitment_id')
    .whereRaw('c.actor_id <> cp.actor_id')
    .whereNull('c.archived_at')
    .groupBy('cp.actor_id')
    .select('cp.actor_id')
    .orderByRaw('count(*) desc, cp.actor_id')
    .limit(1);
  expect(partner).toBeDefined();
  actorFilters.push({ actorIds: [toGlobalId('Actor', Number(partner.actor_id))] });
  for (const filter of [...FILTERS, ...actorFilters]) {
    for (const groupBy of GROUP_BYS) {
      expect(projectionFor(groupBy, filter)).not.toBeNull();
      if (bucketsAnswer(groupBy, filter)) fromBuckets += 1;
      const maintained = await commitmentStats(ctx, groupBy, filter);
      const sql = await commitmentStats(ctx, groupBy, filter, { counts: false });
      expect({ filter, groupBy, stats: maintained }).toEqual({ filter, groupBy, stats: sql });
    }
    if (monthKindFor(filter) !== null) fromMonths += 1;
    const maintained = await statusTimeline(ctx, '2018-01-01', '2027-12-31', filter);
    const sql = await statusTimeline(ctx, '2018-01-01', '2027-12-31', filter, { counts: false });
    expect({ filter, maintained }).toEqual({ filter, maintained: sql });
  }
  // Both readings of the counts are compared: the buckets (stats_bucket) and the groups.
  expect(fromBuckets).toBeGreaterThan(70);
  // The timeline too: from the monthly changes (stats_month), and from the groups' intervals.
  expect(fromMonths).toBeGreaterThanOrEqual(7);
  expect(fromMonths).toBeLessThan(FILTERS.length + actorFilters.length - 3);
  expect(fromBuckets).toBeLessThan((FILTERS.length + actorFilters.length) * GROUP_BYS.length - 30);
  const coverageFilters: RecommendationFilter[] = [
    ...COVERAGE_FILTERS,
    { actorIds: p.actors.slice(0, 4).map((a) => toGlobalId('Actor', a.id)) },
    { actorCodes: [p.actors[5].code], actorIds: [toGlobalId('Actor', p.actors[6].id)], themes: ['PROTECTION'] as never },
    { actorCodes: p.actors.slice(7).map((a) => a.code), statuses: ['IN_PROGRESS', 'NOT_STARTED'] as never },
  ];
  for (const filter of coverageFilters) {
    expect(coverageFromCounts(filter)).toBe(true);
    const maintained = await recommendationCoverage(ctx, filter);
    const sql = await recommendationCoverage(ctx, filter, { counts: false });
    expect({ filter, coverage: maintained }).toEqual({ filter, coverage: sql });
  }
}

/** recommendationCoverage's filters (the dashboard's, and those its measures are made of). */
const COVERAGE_FILTERS: RecommendationFilter[] = [
  {},
  { includeArchived: true },
  { sourceCodes: ['FLORENCE-2008', 'RIO-2008'] },
  { themes: ['PROTECTION', 'PARTICIPATION'] as never },
  { countryCodes: ['IT', 'BR'] },
  { countryCodes: ['FR'], themes: ['PREVENTION'] as never, includeArchived: true },
  { statuses: ['NO_COMMITMENT'] as never },
  { statuses: ['IMPLEMENTED', 'NOT_STARTED'] as never },
  { statuses: ['IN_PROGRESS'] as never, sourceCodes: ['STOCKHOLM-1996', 'YOKOHAMA-2001'] },
  { levels: ['NATIONAL'] as never, hasCommitment: true },
  { hasCommitment: false },
  { hasResponsibleActor: true, onlyStalledOrOverdue: false },
  { onlyStalledOrOverdue: true },
  { onlyStalledOrOverdue: true, countryCodes: ['IT'], includeArchived: true },
];

describe('maintained counts', () => {
  it('equal a full recount, and answer as the SQL path does, after a random sequence of writes', async () => {
    const random = prng(20261130);
    const p = await pools();
    const done: string[] = [];
    await expectCountsAgree(done, p);
    for (let step = 0; step < 80; step++) {
      done.push(await randomWrite(random, p, step));
      // Changes land in different months, so the timeline's intervals differ.
      t.clock.advance(Math.floor(random() * 70) * DAY);
      if (step % 15 === 14) await expectCountsAgree(done, p);
    }
    expect(done.filter((d) => d.startsWith('import')).length).toBeGreaterThan(0);
    expect(done.filter((d) => d.startsWith('archive')).length).toBeGreaterThan(0);
    // Six comparisons of every aggregate, each filter and grouping on both paths: minutes on a busy machine.
  }, 180_000);

  it('answers through GraphQL from the counts what the SQL path answers', async () => {
    const res = await t.gql(
      `query($f: CommitmentFilter) { commitmentStats(groupBy: [SOURCE, STATUS], filter: $f) { total bucketSum buckets { count keys { dimension value label } } subtotals { key { value label dimension } count bucketSum } } }`,
      { f: { countryCodes: ['IT'] } },
    );
    expect(res.errors).toBeUndefined();
    const sql = await commitmentStats(createContext(t.services, null), [D.SOURCE, D.STATUS], { countryCodes: ['IT'] }, { counts: false });
    expect(res.data.commitmentStats).toEqual(JSON.parse(JSON.stringify(sql)));
    expect(sql.total).toBeGreaterThan(0);
  });

  it('answers recommendationCoverage through GraphQL from the counts, and leaves a search to SQL', async () => {
    const query = `query($f: RecommendationFilter) { recommendationCoverage(filter: $f) {
      source { id } total withoutResponsibleActor withoutCommitment onlyStalledOrOverdue } }`;
    const res = await t.gql(query, { f: { countryCodes: ['IT'] } });
    expect(res.errors).toBeUndefined();
    const sql = await recommendationCoverage(createContext(t.services, null), { countryCodes: ['IT'] }, { counts: false });
    expect(res.data.recommendationCoverage).toEqual(
      sql.map((s) => ({
        source: { id: toGlobalId('Source', s.sourceId) },
        total: s.total,
        withoutResponsibleActor: s.withoutResponsibleActor,
        withoutCommitment: s.withoutCommitment,
        onlyStalledOrOverdue: s.onlyStalledOrOverdue,
      })),
    );
    expect(sql.reduce((n, s) => n + s.total, 0)).toBeGreaterThan(0);
    expect(coverageFromCounts({ search: 'child' })).toBe(false);
    expect(coverageFromCounts({ search: 'child', countryCodes: ['IT'] })).toBe(false);
    expect(coverageFromCounts({ search: null, countryCodes: [] } as never)).toBe(true);
  });

  it('read the buckets for the filters and groupings they answer exactly, and the groups for the others', () => {
    const buckets = (groupBy: D[], filter: Record<string, unknown>) => bucketsAnswer(groupBy, filter as CommitmentFilter);
    expect(buckets([D.DUE_YEAR, D.SOURCE], {})).toBe(true);
    expect(buckets([D.SOURCE, D.THEME], { statuses: ['STALLED'], includeArchived: true })).toBe(true);
    expect(buckets([D.SOURCE, D.STATUS], { countryCodes: ['IT', 'FR'] })).toBe(true);
    expect(buckets([D.COUNTRY, D.STATUS], { themes: ['PROTECTION'] })).toBe(true);
    expect(buckets([D.COUNTRY, D.ACTOR], { countryCodes: ['IT'], sourceCodes: ['RIO-2008'] })).toBe(true);
    // A commitment counted once per value of the filter, or the filter's link beside others of its own.
    expect(buckets([D.STATUS], { themes: ['PROTECTION', 'PREVENTION'] })).toBe(false);
    expect(buckets([D.THEME], { themes: ['PROTECTION'] })).toBe(false);
    expect(buckets([D.SOURCE], { themes: ['PROTECTION'] })).toBe(false);
    expect(buckets([D.STATUS], { themes: ['PROTECTION'], sourceCodes: ['RIO-2008'] })).toBe(false);
    // Three attributes; partners; filters the counts leave to SQL.
    expect(buckets([D.COUNTRY, D.DUE_YEAR], { sourceCodes: ['RIO-2008'] })).toBe(false);
    expect(buckets([D.STATUS], { actorCodes: ['COE', 'IT'] })).toBe(false);
    expect(buckets([D.STATUS], { actorCodes: ['COE'], actorIds: [toGlobalId('Actor', 1)] })).toBe(false);
    // One actor, the lead or a partner: the buckets of the lead-or-partner actor.
    expect(buckets([D.SOURCE, D.STATUS], { actorCodes: ['COE'] })).toBe(true);
    expect(buckets([D.STATUS], { actorCodes: ['COE'], sourceCodes: ['RIO-2008'] })).toBe(true);
    expect(buckets([D.STATUS], { overdue: true })).toBe(false);
  });

  it('read the timeline from the monthly changes for one country filter, source or theme, and from the groups for the others', () => {
    const kind = (filter: Record<string, unknown>) => monthKindFor(filter as CommitmentFilter);
    expect(kind({})).toBe('');
    expect(kind({ statuses: ['STALLED'], includeArchived: true })).toBe('');
    expect(kind({ countryCodes: ['IT', 'FR'] })).toBe('actor');
    expect(kind({ sourceCodes: ['RIO-2008'] })).toBe('source');
    expect(kind({ themes: ['PROTECTION'], statuses: ['STALLED'] })).toBe('theme');
    expect(kind({ themes: ['PROTECTION', 'PREVENTION'] })).toBeNull();
    expect(kind({ themes: ['PROTECTION'], countryCodes: ['IT'] })).toBeNull();
    expect(kind({ actorCodes: ['COE'] })).toBe('member');
    expect(kind({ actorCodes: ['COE', 'IT'] })).toBeNull();
    expect(kind({ search: 'child' })).toBeNull();
  });

  it('leaves search, dates, overdue and report-due filters to SQL', () => {
    for (const filter of [
      { search: 'child' },
      { dueBefore: '2025-01-01' },
      { overdue: false },
      { reportDue: true },
      { recommendationCodes: ['X'] },
    ]) {
      expect(projectionFor([D.STATUS], filter as CommitmentFilter)).toBeNull();
    }
    expect(projectionFor([D.STATUS], { overdue: null } as never)).not.toBeNull();
  });

  it('are built by migrating a database that has none (written before them, or around the write module)', async () => {
    const tx = em();
    for (const table of COUNT_TABLES) await tx.getConnection().execute(`delete from ${table}`);
    expect((await countsDrift(em())).length).toBeGreaterThan(0);
    await migrate(t.services.orm);
    expect(await countsDrift(em())).toEqual([]);
  });

  it('are rebuilt to the same rows by a full rebuild', async () => {
    const tx = em();
    await tx.transactional((w) => rebuildCounts(w as EntityManager));
    expect(await countsDrift(em())).toEqual([]);
  });
});
