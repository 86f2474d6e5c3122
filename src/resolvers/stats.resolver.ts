/** Dashboard queries: the SQL lives in src/queries/stats.ts and src/queries/timeline.ts. */
import { Arg, Ctx, FieldResolver, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { filter, pipe } from '@graphql-yoga/subscription';
import { Source } from '../entities';
import { createContext, type Context } from '../server/context';
import { CHANNEL, Topic } from '../pubsub/events';
import { coalesced } from '../pubsub/coalesce';
import { CommitmentFilter, RecommendationFilter } from '../schema/filters';
import { CommitmentStats, SourceCoverage, StatsDimension, TimelineMonth } from '../schema/stats';
import { DateScalar } from '../schema/scalars';
import { commitmentStats, MAX_STATS_DIMENSIONS, recommendationCoverage } from '../queries/stats';
import { MAX_TIMELINE_MONTHS, statusTimeline } from '../queries/timeline';
import { checkFilter } from '../domain/filters';
import { knownCodesIn } from '../queries/codes';

/**
 * Live totals push at most once per this interval per subscription: short enough for a dashboard
 * to show a write within a second, long enough to fold an import's burst into a few pushes.
 */
export const STATS_PUSH_INTERVAL_MS = 250;

interface StatsArgs {
  groupBy: StatsDimension[];
  filter?: CommitmentFilter | null;
}

/**
 * Recomputes the buckets after status changes, coalesced, each time with a fresh EntityManager.
 * The filter is checked once, at the start (the argument hook skips subscriptions).
 */
async function liveStats({ args, context: ctx }: SubscribeResolverData<unknown, StatsArgs, Context>) {
  await checkFilter(args.filter, knownCodesIn(ctx.em.getKnex('read')));
  const changes = pipe(
    ctx.services.events.subscribe(CHANNEL),
    filter((batch) => batch.some((e) => e.topic === Topic.STATUS_CHANGED && !e.draft)),
  );
  return coalesced({
    triggers: changes,
    compute: () => commitmentStats(createContext(ctx.services, ctx.user, ctx.requestId), args.groupBy, args.filter ?? undefined),
    clock: ctx.services.clock,
    intervalMs: STATS_PUSH_INTERVAL_MS,
  });
}

@Resolver()
export class StatsResolver {
  @Subscription(() => CommitmentStats, {
    description: `commitmentStats now, then again after status changes that alter it (at most one push per ${STATS_PUSH_INTERVAL_MS} ms).`,
    subscribe: liveStats,
  })
  commitmentStatsChanged(
    @Root() stats: CommitmentStats,
    @Arg('groupBy', () => [StatsDimension]) _groupBy: StatsDimension[],
    @Arg('filter', () => CommitmentFilter, { nullable: true }) _filter?: CommitmentFilter,
  ) {
    return stats;
  }

  @Query(() => CommitmentStats, { description: `Commitments counted by 1 to ${MAX_STATS_DIMENSIONS} dimensions.` })
  commitmentStats(
    @Ctx() ctx: Context,
    @Arg('groupBy', () => [StatsDimension]) groupBy: StatsDimension[],
    @Arg('filter', () => CommitmentFilter, { nullable: true }) filter?: CommitmentFilter,
  ) {
    return commitmentStats(ctx, groupBy, filter);
  }

  @Query(() => [SourceCoverage], { description: 'Per source (oldest first), how the recommendations matching the filter are taken up.' })
  recommendationCoverage(
    @Ctx() ctx: Context,
    @Arg('filter', () => RecommendationFilter, { nullable: true }) filter?: RecommendationFilter,
  ) {
    return recommendationCoverage(ctx, filter);
  }

  @Query(() => [TimelineMonth], {
    description: `Commitments by status at the end of each month from \`from\` to \`to\` (at most ${MAX_TIMELINE_MONTHS} months; months end at midnight UTC), from their status history.`,
  })
  statusTimeline(
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar) from: string,
    @Arg('to', () => DateScalar) to: string,
    @Arg('filter', () => CommitmentFilter, { nullable: true }) filter?: CommitmentFilter,
  ) {
    return statusTimeline(ctx, from, to, filter);
  }
}

@Resolver(() => SourceCoverage)
export class SourceCoverageResolver {
  @FieldResolver(() => Source)
  source(@Root() coverage: SourceCoverage, @Ctx() ctx: Context) {
    return ctx.loaders.source.load(coverage.sourceId);
  }
}
