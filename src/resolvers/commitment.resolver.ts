import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Actor, Commitment } from '../entities';
import type { Context } from '../server/context';
import { PageArgs, pageOf } from '../schema/connection';
import { linkPageOf } from '../schema/link-connection';
import {
  AssessmentConnection,
  CommitmentConnection,
  ProgressUpdateConnection,
  CommitmentRecommendationConnection,
  StatusChangeConnection,
} from '../schema/connections';
import { CommitmentFilter, CommitmentOrder } from '../schema/filters';
import { listCommitments } from '../queries/lists';
import { loadLive } from '../loaders';
import { isOverdue } from '../domain/status';
import { isReportOverdue, nextReportDue } from '../domain/reporting';
import { DateScalar } from '../schema/scalars';
import { policy } from '../auth/policy';

@Resolver(() => Commitment)
export class CommitmentResolver {
  @Query(() => CommitmentConnection)
  commitments(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => CommitmentFilter, { nullable: true }) filter?: CommitmentFilter,
    @Arg('orderBy', () => CommitmentOrder, { nullable: true, description: 'Default: CODE ASC.' }) orderBy?: CommitmentOrder,
  ) {
    return listCommitments(ctx, filter, page, orderBy);
  }

  @Query(() => Commitment, { nullable: true })
  commitment(@Ctx() ctx: Context, @Arg('code') code: string) {
    return ctx.em.findOne(Commitment, { code });
  }

  @FieldResolver(() => Actor)
  actor(@Root() c: Commitment, @Ctx() ctx: Context) {
    return ctx.loaders.actor.load(c.actor.id);
  }

  @FieldResolver(() => Boolean, { description: 'Due date passed and not IMPLEMENTED or WITHDRAWN (derived, never stored).' })
  isOverdue(@Root() c: Commitment, @Ctx() ctx: Context) {
    return isOverdue(c, ctx.services.clock.now());
  }

  @FieldResolver(() => DateScalar, {
    nullable: true,
    description: 'When the next progress report is due, from the reporting frequency; null for NONE and closed commitments.',
  })
  async nextReportDue(@Root() c: Commitment, @Ctx() ctx: Context) {
    return nextReportDue(c, await ctx.loaders.lastReportAt.load(c.id));
  }

  @FieldResolver(() => Boolean, { description: 'The next progress report’s due day has passed.' })
  async isReportOverdue(@Root() c: Commitment, @Ctx() ctx: Context) {
    return isReportOverdue(nextReportDue(c, await ctx.loaders.lastReportAt.load(c.id)), ctx.services.clock.now());
  }

  @FieldResolver(() => CommitmentRecommendationConnection, {
    description: 'The recommendations it answers (kind RESPONDS_TO) or contributes to (CONTRIBUTES_TO), by code.',
  })
  async recommendations(@Root() c: Commitment, @Ctx() ctx: Context, @Args() page: PageArgs) {
    const links = await ctx.loaders.linksOfCommitment.load(c.id);
    const recs = await loadLive(
      ctx.loaders.recommendation,
      links.map((l) => l.id),
    );
    return linkPageOf(
      recs.sort((a, b) => a.code.localeCompare(b.code)),
      links,
      page,
    );
  }

  @FieldResolver(() => ProgressUpdateConnection, {
    description: 'Published updates, oldest first; drafts too for those who may read them.',
  })
  async progressUpdates(@Root() c: Commitment, @Ctx() ctx: Context, @Args() page: PageArgs) {
    const published = await ctx.loaders.publishedProgressOfCommitment.load(c.id);
    if (!policy.mayReadDrafts(ctx.user, { actorId: c.actor.id })) return pageOf(published, page);
    const drafts = await ctx.loaders.draftProgressOfCommitment.load(c.id);
    return pageOf([...published, ...drafts], page);
  }

  @FieldResolver(() => StatusChangeConnection, { description: 'Its status changes, oldest first.' })
  async history(@Root() c: Commitment, @Ctx() ctx: Context, @Args() page: PageArgs) {
    return pageOf(await ctx.loaders.historyOfCommitment.load(c.id), page);
  }

  @FieldResolver(() => AssessmentConnection, { description: 'Independent assessments (shadow reports).' })
  async assessments(@Root() c: Commitment, @Ctx() ctx: Context, @Args() page: PageArgs) {
    return pageOf(await ctx.loaders.assessmentsOfCommitment.load(c.id), page);
  }
}
