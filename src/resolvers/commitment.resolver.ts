import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Actor, Commitment, ProgressUpdate, StatusChange } from '../entities';
import type { Context } from '../server/context';
import { ChildPageArgs, PageArgs } from '../schema/connection';
import { childPage, firstChild } from '../loaders/children';
import {
  AssessmentConnection,
  CommitmentConnection,
  ProgressUpdateConnection,
  CommitmentRecommendationConnection,
  CommitmentPartnerConnection,
  StatusChangeConnection,
} from '../schema/connections';
import { CommitmentFilter, CommitmentOrder } from '../schema/filters';
import { listCommitments } from '../queries/lists';
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

  @FieldResolver(() => Boolean, {
    description: 'Due date passed (before today, the UTC day) and not IMPLEMENTED or WITHDRAWN (derived, never stored).',
  })
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

  @FieldResolver(() => Boolean, { description: 'The next progress report’s due day has passed (before today, the UTC day).' })
  async isReportOverdue(@Root() c: Commitment, @Ctx() ctx: Context) {
    return isReportOverdue(nextReportDue(c, await ctx.loaders.lastReportAt.load(c.id)), ctx.services.clock.now());
  }

  @FieldResolver(() => CommitmentRecommendationConnection, {
    description: 'The recommendations it answers (kind RESPONDS_TO) or contributes to (CONTRIBUTES_TO), by code.',
  })
  recommendations(@Root() c: Commitment, @Ctx() ctx: Context, @Args() page: ChildPageArgs) {
    return childPage(ctx.loaders.children, 'recommendationsOfCommitment', c.id, page);
  }

  @FieldResolver(() => CommitmentPartnerConnection, {
    description:
      'The actors taking part besides the lead (`actor`), by code, with their role: actor filters match them, permissions and stats by actor follow the lead.',
  })
  partners(@Root() c: Commitment, @Ctx() ctx: Context, @Args() page: ChildPageArgs) {
    return childPage(ctx.loaders.children, 'partnersOfCommitment', c.id, page);
  }

  @FieldResolver(() => ProgressUpdateConnection, {
    description: 'Published updates, oldest first (newest first with orderBy DESC); drafts too for those who may read them.',
  })
  progressUpdates(@Root() c: Commitment, @Ctx() ctx: Context, @Args() page: ChildPageArgs) {
    const list = policy.mayReadDrafts(ctx.user, { actorId: c.actor.id }) ? 'progressOfCommitment' : 'publishedProgressOfCommitment';
    return childPage(ctx.loaders.children, list, c.id, page);
  }

  @FieldResolver(() => ProgressUpdate, { nullable: true, description: 'The most recently reported published progress update.' })
  latestProgressUpdate(@Root() c: Commitment, @Ctx() ctx: Context) {
    return firstChild(ctx.loaders.children, 'publishedProgressOfCommitment', c.id, 'desc');
  }

  @FieldResolver(() => StatusChangeConnection, { description: 'Its status changes, oldest first (newest first with orderBy DESC).' })
  history(@Root() c: Commitment, @Ctx() ctx: Context, @Args() page: ChildPageArgs) {
    return childPage(ctx.loaders.children, 'historyOfCommitment', c.id, page);
  }

  @FieldResolver(() => StatusChange, { nullable: true, description: 'Its most recent status change.' })
  lastStatusChange(@Root() c: Commitment, @Ctx() ctx: Context) {
    return firstChild(ctx.loaders.children, 'historyOfCommitment', c.id, 'desc');
  }

  @FieldResolver(() => AssessmentConnection, {
    description: 'Independent assessments (shadow reports), oldest first: the current ones, withdrawn ones too with includeWithdrawn.',
  })
  assessments(
    @Root() c: Commitment,
    @Ctx() ctx: Context,
    @Args() page: ChildPageArgs,
    @Arg('includeWithdrawn', () => Boolean, { nullable: true, description: 'Also those their authors withdrew (withdrawnAt set).' })
    includeWithdrawn?: boolean | null,
  ) {
    return childPage(ctx.loaders.children, includeWithdrawn ? 'allAssessmentsOfCommitment' : 'assessmentsOfCommitment', c.id, page);
  }
}
