/**
 * Dashboard aggregates, each one grouped SQL statement over the rows the list filters select
 * (filters.ts), so a dashboard and the list it drills into always agree.
 */
import type { Context } from '../server/context';
import type { CommitmentFilter, RecommendationFilter } from '../schema/filters';
import { StatsDimension, type CommitmentStats, type SourceCoverage } from '../schema/stats';
import { badInput } from '../domain/errors';
import { applyCommitmentFilter, applyRecommendationFilter } from './filters';
import { actorCountrySql } from './rules';
import { dialectOf, type Dialect } from './dialect';
import { applyRecommendationFilterByCounts, coverageFromCounts, statsRowsFromCounts } from './counts';

/** Tables a dimension reaches from the commitment `c`, in the order they must be joined. */
const JOINS = {
  recommendation: () =>
    `left join commitment_recommendations cr on cr.commitment_id = c.id left join recommendation r on r.id = cr.recommendation_id`,
  source: () => `left join source s on s.id = r.source_id`,
  theme: (dialect: Dialect) => dialect.leftJoinJsonArray('r.themes', 't'),
  actor: () => `join actor a on a.id = c.actor_id`,
  parent: () => `left join actor p on p.id = a.parent_id`,
} as const;
type Join = keyof typeof JOINS;

interface Dimension {
  joins: Join[];
  value: string;
  label?: string;
}

// Dimensions through recommendations share one join, so SOURCE × THEME counts the commitments
// addressing a recommendation of that source on that theme.
const DIMENSIONS: Record<StatsDimension, Dimension> = {
  [StatsDimension.STATUS]: { joins: [], value: 'c.status' },
  [StatsDimension.SOURCE]: { joins: ['recommendation', 'source'], value: 's.code', label: 's.name' },
  [StatsDimension.ACTOR]: { joins: ['actor'], value: 'a.code', label: 'a.name' },
  [StatsDimension.ACTOR_KIND]: { joins: ['actor'], value: 'a.kind' },
  [StatsDimension.THEME]: { joins: ['recommendation', 'theme'], value: 't.value' },
  [StatsDimension.LEVEL]: { joins: ['recommendation'], value: 'r.level' },
  [StatsDimension.COUNTRY]: { joins: ['actor', 'parent'], value: actorCountrySql('a', 'p') },
  [StatsDimension.DUE_YEAR]: { joins: [], value: 'substr(c.due_date_end, 1, 4)' },
};

export const MAX_STATS_DIMENSIONS = 2;

function checkGroupBy(groupBy: StatsDimension[]): void {
  if (groupBy.length === 0 || groupBy.length > MAX_STATS_DIMENSIONS) {
    throw badInput('groupBy', `groupBy takes 1 to ${MAX_STATS_DIMENSIONS} dimensions; got ${groupBy.length}`);
  }
  if (new Set(groupBy).size !== groupBy.length) throw badInput('groupBy', 'groupBy names a dimension twice');
}

type StatsRow = Record<string, string | number | null>;

/** commitmentStats' rows by one grouped statement over the filtered commitments (any filter). */
async function statsRowsBySql(ctx: Context, groupBy: StatsDimension[], filter?: CommitmentFilter): Promise<StatsRow[]> {
  const knex = ctx.em.getKnex('read');
  const dialect = dialectOf(knex);
  const filtered = applyCommitmentFilter(knex('commitment as c'), filter, ctx.services.clock.now()).select('c.id').toSQL();
  const dimensions = groupBy.map((d) => DIMENSIONS[d]);
  const needed = new Set(dimensions.flatMap((d) => d.joins));
  const joins = (Object.keys(JOINS) as Join[]).filter((j) => needed.has(j)).map((j) => JOINS[j](dialect));
  const columns = dimensions.map((d, i) => `${d.value} as v${i}, ${d.label ?? 'null'} as l${i}`);
  const keys = dimensions.map((_, i) => `v${i}, l${i}`);
  const nullsLast = dimensions.map((_, i) => `v${i} is null, v${i}`);
  const subtotals =
    groupBy.length < 2 ? '' : `union all select 1 as subtotal, v0, l0, null, null, count(distinct id) as n from joined group by v0, l0`;
  return dialect.rows<StatsRow>(
    await knex.raw(
      // Ordered outside the grouping: PostgreSQL's ORDER BY expressions cannot name output columns.
      `with f as (${filtered.sql}),
    joined as (select c.id, ${columns.join(', ')} from f join commitment c on c.id = f.id ${joins.join(' ')})
    select counted.*, (select count(*) from f) as total from (
      select 0 as subtotal, ${keys.join(', ')}, count(distinct id) as n from joined group by ${keys.join(', ')}
      ${subtotals}
    ) counted
    order by subtotal, n desc, ${nullsLast.join(', ')}`,
      filtered.bindings,
    ),
  );
}

/**
 * Commitments counted by one or two dimensions, each commitment once per bucket. Through
 * recommendations (SOURCE, THEME, LEVEL) a commitment may fall in several buckets: `bucketSum`
 * says by how much the buckets exceed `total`, and with two dimensions `subtotals` count each
 * value of the first once per commitment. One statement: the buckets and the subtotals are two
 * groupings of the same joined rows (`subtotal` 0 and 1). From the maintained counts when they
 * answer the filter (`counts: false` asks SQL, to compare).
 */
export async function commitmentStats(
  ctx: Context,
  groupBy: StatsDimension[],
  filter?: CommitmentFilter,
  options: { counts?: boolean } = {},
): Promise<CommitmentStats> {
  checkGroupBy(groupBy);
  const knex = ctx.em.getKnex('read');
  // The maintained counts (counts.ts) answer the dashboard's filters; any other goes to SQL.
  const rows =
    ((options.counts ?? true) && (await statsRowsFromCounts(knex, groupBy, filter))) || (await statsRowsBySql(ctx, groupBy, filter));
  const text = (value: unknown) => (value === null ? null : String(value));
  const keyOf = (row: StatsRow, i: number) => ({ dimension: groupBy[i], value: text(row[`v${i}`]), label: text(row[`l${i}`]) });
  const buckets = rows
    .filter((row) => Number(row.subtotal) === 0)
    .map((row) => ({ count: Number(row.n), keys: groupBy.map((_, i) => keyOf(row, i)) }));
  const sum = (of: { count: number }[]) => of.reduce((n, b) => n + b.count, 0);
  return {
    total: Number(rows[0]?.total ?? 0),
    bucketSum: sum(buckets),
    buckets,
    subtotals: rows
      .filter((row) => Number(row.subtotal) === 1)
      .map((row) => {
        const key = keyOf(row, 0);
        return { key, count: Number(row.n), bucketSum: sum(buckets.filter((b) => b.keys[0].value === key.value)) };
      }),
  };
}

/**
 * Per source, how many of the recommendations matching `filter` lack a responsible actor, lack a
 * commitment, or have only stalled or overdue ones. Each measure is the recommendation filter
 * itself, so it agrees with `recommendations(filter: ...)`. What it reads of the commitments
 * comes from the maintained counts (counts.ts) unless the filter has a search (`counts: false`
 * asks SQL, to compare).
 */
export async function recommendationCoverage(
  ctx: Context,
  filter?: RecommendationFilter,
  options: { counts?: boolean } = {},
): Promise<SourceCoverage[]> {
  const knex = ctx.em.getKnex('read');
  const today = ctx.services.clock.now();
  const apply = (options.counts ?? true) && coverageFromCounts(filter) ? applyRecommendationFilterByCounts : applyRecommendationFilter;
  const share = (measure: RecommendationFilter, as: string) => {
    const matching = apply(knex('recommendation as m'), { ...measure, includeArchived: true }, 'm', today)
      .select('m.id')
      .toSQL();
    // `as ??`: a quoted name keeps its case (PostgreSQL folds unquoted names to lower case).
    return knex.raw(`sum(case when r.id in (${matching.sql}) then 1 else 0 end) as ??`, [...matching.bindings, as]);
  };
  const rows: Record<string, number>[] = await apply(knex('recommendation as r'), filter, 'r', today)
    .join('source as s', 's.id', 'r.source_id')
    .select(
      'r.source_id as sourceId',
      knex.raw('count(*) as total'),
      share({ hasResponsibleActor: false }, 'withoutResponsibleActor'),
      share({ hasCommitment: false }, 'withoutCommitment'),
      share({ onlyStalledOrOverdue: true }, 'onlyStalledOrOverdue'),
    )
    .groupBy('r.source_id', 's.start_date', 's.code')
    .orderByRaw(`s.start_date is null, s.start_date, s.code`);
  return rows.map((row) => ({
    sourceId: Number(row.sourceId),
    total: Number(row.total),
    withoutResponsibleActor: Number(row.withoutResponsibleActor),
    withoutCommitment: Number(row.withoutCommitment),
    onlyStalledOrOverdue: Number(row.onlyStalledOrOverdue),
  }));
}
