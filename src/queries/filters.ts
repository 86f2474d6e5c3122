/**
 * The SQL of the list filters, written once and shared by the list queries, the aggregates and
 * the exports. Every condition is an EXISTS or IN sub-query, never a join, so that a filtered
 * query still yields each row once (counts and GROUP BY stay exact).
 */
import type { Knex } from '@mikro-orm/knex';
import type { ActorFilter, CommitmentFilter, RecommendationFilter, SourceFilter } from '../schema/filters';
import { idOf } from '../domain/validation';
import { badInput } from '../domain/errors';
import { dayOf } from '../domain/dates';
import { commitmentSearch, recommendationSearch, whereMatches } from './search';
import { CommitmentStatus } from '../domain/enums';
import { actorCountrySql, overdueSql, recommendationStatusSql, reportDueSql, respondsSql } from './rules';
import { dialectOf } from './dialect';

type QB = Knex.QueryBuilder;

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/** Local ids of the global IDs given for `field`; a malformed or wrong-type id is bad input. */
export function localIds(globalIds: readonly string[], type: string, field: string): number[] {
  return globalIds.map((gid) => idOf(field, gid, type));
}

type Condition = [string, (string | number)[]];

/**
 * The records a filter names by global id or by code (`ids`, `codes`; OR between the two), as a
 * condition on a column holding their id, or null when it names none. Ids alone stay a plain
 * `in (…)`, which the planner matches with the composite indexes. Codes are checked beforehand (codes.ts).
 */
function named(table: 'actor' | 'commitment', ids: number[], codes: readonly string[] | undefined) {
  if (!ids.length && !codes?.length) return null;
  return (column: string): Condition => {
    const either: string[] = [];
    if (ids.length) either.push(`${column} in (${placeholders(ids)})`);
    if (codes?.length) either.push(`${column} in (select named.id from ${table} named where named.code in (${placeholders(codes)}))`);
    return [`(${either.join(' or ')})`, [...ids, ...(codes ?? [])]];
  };
}

export const namedActors = (f: { actorIds?: string[]; actorCodes?: string[] }) =>
  named('actor', f.actorIds?.length ? localIds(f.actorIds, 'Actor', 'actorIds') : [], f.actorCodes);

/** Actors whose own country, or whose parent's, is one of `countries`. */
export function actorsInCountries(countries: readonly string[]): [string, string[]] {
  return [
    `select a.id from actor a left join actor p on p.id = a.parent_id where ${actorCountrySql('a', 'p')} in (${placeholders(countries)})`,
    countries.map((c) => c.toUpperCase()),
  ];
}

/** Words to find (case-insensitive, every word must occur in one of the columns). */
function whereSearch(qb: QB, columns: string[], search: string | null | undefined): void {
  if (typeof search === 'string' && !search.trim()) throw badInput('search', 'The search is empty: leave search out to list everything');
  const words = (search ?? '').trim().split(/\s+/).filter(Boolean);
  for (const word of words) {
    const pattern = `%${word.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    qb.whereRaw(
      `(${columns.map((c) => `lower(${c}) like ? escape '\\'`).join(' or ')})`,
      columns.map(() => pattern),
    );
  }
}

/** Recommendations some (live) actor is named responsible for, in any role. */
function hasResponsibleActorSql(alias: string): string {
  return `exists (select 1 from responsibility x where x.recommendation_id = ${alias}.id and x.archived_at is null)`;
}

/**
 * Recommendations with live commitments answering them (RESPONDS_TO; neither archived nor
 * withdrawn, as in the roll-up), all of them STALLED or overdue: `today` is bound once, for overdueSql.
 */
function onlyStalledOrOverdueSql(alias: string): string {
  const live = `from commitment_recommendations cr join commitment c on c.id = cr.commitment_id
    where cr.recommendation_id = ${alias}.id and ${respondsSql('cr')} and c.archived_at is null and c.status <> '${CommitmentStatus.WITHDRAWN}'`;
  return `(exists (select 1 ${live}) and not exists (select 1 ${live} and c.status <> '${CommitmentStatus.STALLED}' and not ${overdueSql('c')}))`;
}

/** `today` is needed by onlyStalledOrOverdue only. A null filter (`filter: null`) is no filter. */
export function applyRecommendationFilter(qb: QB, filter: RecommendationFilter | null = {}, alias = 'r', today?: Date): QB {
  const f = filter ?? {};
  if (!f.includeArchived) qb.whereNull(`${alias}.archived_at`);
  if (f.sourceCodes?.length) {
    qb.whereRaw(`${alias}.source_id in (select s.id from source s where s.code in (${placeholders(f.sourceCodes)}))`, f.sourceCodes);
  }
  if (f.levels?.length) qb.whereIn(`${alias}.level`, f.levels);
  if (f.themes?.length) {
    const themes = dialectOf(qb).jsonArrayElements(`${alias}.themes`, 't');
    qb.whereRaw(`exists (select 1 from ${themes} where t.value in (${placeholders(f.themes)}))`, f.themes);
  }
  const liveCommitments = `select cr.recommendation_id from commitment_recommendations cr join commitment c on c.id = cr.commitment_id where c.archived_at is null`;
  const actors = namedActors(f);
  if (actors) {
    const [responsible, responsibleParams] = actors('x.actor_id');
    const [committed, committedParams] = actors('c.actor_id');
    const [partner, partnerParams] = actors('cp.actor_id');
    // Committed as the lead or as a partner.
    qb.where((w) =>
      w
        .whereRaw(
          `${alias}.id in (select x.recommendation_id from responsibility x where x.archived_at is null and ${responsible})`,
          responsibleParams,
        )
        .orWhereRaw(`${alias}.id in (${liveCommitments} and ${committed})`, committedParams)
        .orWhereRaw(
          `${alias}.id in (${liveCommitments} and c.id in (select cp.commitment_id from commitment_partner cp where ${partner}))`,
          partnerParams,
        ),
    );
  }
  if (f.countryCodes?.length) {
    const [actors, params] = actorsInCountries(f.countryCodes);
    qb.where((w) =>
      w
        .whereRaw(
          `${alias}.id in (select x.recommendation_id from responsibility x where x.archived_at is null and x.actor_id in (${actors}))`,
          params,
        )
        .orWhereRaw(`${alias}.id in (${liveCommitments} and c.actor_id in (${actors}))`, params),
    );
  }
  if (f.hasCommitment !== undefined && f.hasCommitment !== null) {
    // Only commitments that answer it count (a measure merely cited as relevant does not).
    qb.whereRaw(`${alias}.id ${f.hasCommitment ? '' : 'not '}in (${liveCommitments} and ${respondsSql('cr')})`);
  }
  if (f.statuses?.length) qb.whereRaw(`${recommendationStatusSql(alias)} in (${placeholders(f.statuses)})`, f.statuses);
  if (f.hasResponsibleActor !== undefined && f.hasResponsibleActor !== null) {
    qb.whereRaw(`${f.hasResponsibleActor ? '' : 'not '}${hasResponsibleActorSql(alias)}`);
  }
  if (f.onlyStalledOrOverdue !== undefined && f.onlyStalledOrOverdue !== null) {
    if (!today) throw new Error('applyRecommendationFilter needs today for onlyStalledOrOverdue');
    qb.whereRaw(`${f.onlyStalledOrOverdue ? '' : 'not '}${onlyStalledOrOverdueSql(alias)}`, [dayOf(today)]);
  }
  whereMatches(qb, recommendationSearch, `${alias}.id`, f.search);
  return qb;
}

export function applyCommitmentFilter(qb: QB, filter: CommitmentFilter | null = {}, today: Date, alias = 'c'): QB {
  const f = filter ?? {};
  if (!f.includeArchived) qb.whereNull(`${alias}.archived_at`);
  if (f.sourceCodes?.length) {
    qb.whereRaw(
      `${alias}.id in (select cr.commitment_id from commitment_recommendations cr join recommendation r on r.id = cr.recommendation_id
        join source s on s.id = r.source_id where s.code in (${placeholders(f.sourceCodes)}))`,
      f.sourceCodes,
    );
  }
  if (f.recommendationCodes?.length) {
    qb.whereRaw(
      `${alias}.id in (select cr.commitment_id from commitment_recommendations cr join recommendation r on r.id = cr.recommendation_id
        where r.code in (${placeholders(f.recommendationCodes)}))`,
      f.recommendationCodes,
    );
  }
  if (f.themes?.length) {
    // Through the recommendations it addresses, as commitmentStats' THEME dimension counts it.
    const themes = dialectOf(qb).jsonArrayElements('r.themes', 't');
    qb.whereRaw(
      `${alias}.id in (select cr.commitment_id from commitment_recommendations cr join recommendation r on r.id = cr.recommendation_id
        where exists (select 1 from ${themes} where t.value in (${placeholders(f.themes)})))`,
      f.themes,
    );
  }
  const actors = namedActors(f);
  if (actors) {
    // The lead actor or a partner (stats group by the lead: the filter only selects).
    const [lead, leadParams] = actors(`${alias}.actor_id`);
    const [partner, partnerParams] = actors('cp.actor_id');
    qb.whereRaw(`(${lead} or ${alias}.id in (select cp.commitment_id from commitment_partner cp where ${partner}))`, [
      ...leadParams,
      ...partnerParams,
    ]);
  }
  const commitments = named(
    'commitment',
    f.commitmentIds?.length ? localIds(f.commitmentIds, 'Commitment', 'commitmentIds') : [],
    f.commitmentCodes,
  );
  if (commitments) qb.whereRaw(...commitments(`${alias}.id`));
  if (f.countryCodes?.length) {
    const [actors, params] = actorsInCountries(f.countryCodes);
    qb.whereRaw(`${alias}.actor_id in (${actors})`, params);
  }
  if (f.statuses?.length) qb.whereIn(`${alias}.status`, f.statuses);
  if (f.overdue !== undefined && f.overdue !== null) {
    qb.whereRaw(`${f.overdue ? '' : 'not '}${overdueSql(alias)}`, [dayOf(today)]);
  }
  if (f.reportDue !== undefined && f.reportDue !== null) {
    qb.whereRaw(`${f.reportDue ? '' : 'not '}${reportDueSql(dialectOf(qb), alias)}`, [dayOf(today)]);
  }
  if (f.dueBefore) qb.where(`${alias}.due_date_end`, '<=', f.dueBefore);
  if (f.dueAfter) qb.where(`${alias}.due_date_end`, '>=', f.dueAfter);
  whereMatches(qb, commitmentSearch, `${alias}.id`, f.search);
  return qb;
}

export function applyActorFilter(qb: QB, filter: ActorFilter | null = {}, alias = 'a'): QB {
  const f = filter ?? {};
  if (!f.includeArchived) qb.whereNull(`${alias}.archived_at`);
  if (f.kinds?.length) qb.whereIn(`${alias}.kind`, f.kinds);
  if (f.countryCodes?.length) {
    const [actors, params] = actorsInCountries(f.countryCodes);
    qb.whereRaw(`${alias}.id in (${actors})`, params);
  }
  whereSearch(qb, [`${alias}.code`, `${alias}.name`], f.search);
  return qb;
}

export function applySourceFilter(qb: QB, filter: SourceFilter | null = {}, alias = 's'): QB {
  const f = filter ?? {};
  if (!f.includeArchived) qb.whereNull(`${alias}.archived_at`);
  if (f.kinds?.length) qb.whereIn(`${alias}.kind`, f.kinds);
  return qb;
}
