/** Links of the records hanging off a commitment: progress updates, status changes, assessments. */
import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Actor, Assessment, Commitment, ProgressUpdate, StatusChange, User } from '../entities';
import type { Context } from '../server/context';
import { policy } from '../auth/policy';
import { Role } from '../domain/enums';
import { PageArgs } from '../schema/connection';
import { StatusChangeConnection } from '../schema/connections';
import { CommitmentFilter } from '../schema/filters';
import { listStatusChanges } from '../queries/lists';

@Resolver(() => ProgressUpdate)
export class ProgressUpdateResolver {
  @FieldResolver(() => Commitment)
  commitment(@Root() p: ProgressUpdate, @Ctx() ctx: Context) {
    return ctx.loaders.commitment.load(p.commitment.id);
  }

  @FieldResolver(() => User, { description: 'Its author.' })
  reportedBy(@Root() p: ProgressUpdate, @Ctx() ctx: Context) {
    return ctx.loaders.user.load(p.reportedBy.id);
  }

  @FieldResolver(() => Actor, { description: 'The actor whose commitment it reports on.' })
  async actor(@Root() p: ProgressUpdate, @Ctx() ctx: Context) {
    const commitment = await ctx.loaders.commitment.load(p.commitment.id);
    return ctx.loaders.actor.load(commitment!.actor.id);
  }

  @FieldResolver(() => ProgressUpdate, { nullable: true, description: 'The published update this one corrects.' })
  corrects(@Root() p: ProgressUpdate, @Ctx() ctx: Context) {
    return p.corrects ? ctx.loaders.progressUpdate.load(p.corrects.id) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The secretariat’s comment when it last returned the draft. Shown to those who may read the actor’s drafts only.',
  })
  async returnComment(@Root() p: ProgressUpdate, @Ctx() ctx: Context) {
    return p.returnComment && (await mayReadDraftsOf(ctx, p)) ? p.returnComment : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who last returned it. Shown to those who may read the actor’s drafts only.' })
  async returnedBy(@Root() p: ProgressUpdate, @Ctx() ctx: Context) {
    return p.returnedBy && (await mayReadDraftsOf(ctx, p)) ? ctx.loaders.user.load(p.returnedBy.id) : null;
  }
}

/** Whether the caller may read the drafts of the actor `p` reports for (its review comments too). */
async function mayReadDraftsOf(ctx: Context, p: ProgressUpdate): Promise<boolean> {
  const commitment = await ctx.loaders.commitment.load(p.commitment.id);
  return !!commitment && policy.mayReadDrafts(ctx.user, { actorId: commitment.actor.id });
}

@Resolver(() => StatusChange)
export class StatusChangeResolver {
  @Query(() => StatusChangeConnection, {
    description:
      'Status changes of the commitments the filter selects, newest first (by `at`, then the order they were recorded); every change of a listed commitment, as in Commitment.history.',
  })
  statusChanges(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => CommitmentFilter, { nullable: true }) filter?: CommitmentFilter,
  ) {
    return listStatusChanges(ctx, filter, page);
  }

  @FieldResolver(() => Commitment)
  commitment(@Root() s: StatusChange, @Ctx() ctx: Context) {
    return ctx.loaders.commitment.load(s.commitment.id);
  }

  @FieldResolver(() => User, { description: 'Who made the change.' })
  by(@Root() s: StatusChange, @Ctx() ctx: Context) {
    return ctx.loaders.user.load(s.by.id);
  }

  @FieldResolver(() => ProgressUpdate, { nullable: true, description: 'The progress update that made the change, if any.' })
  progressUpdate(@Root() s: StatusChange, @Ctx() ctx: Context) {
    return s.progressUpdate ? ctx.loaders.progressUpdate.load(s.progressUpdate.id) : null;
  }
}

@Resolver(() => Assessment)
export class AssessmentResolver {
  @FieldResolver(() => Commitment)
  commitment(@Root() a: Assessment, @Ctx() ctx: Context) {
    return ctx.loaders.commitment.load(a.commitment.id);
  }

  @FieldResolver(() => User)
  author(@Root() a: Assessment, @Ctx() ctx: Context) {
    return ctx.loaders.user.load(a.author.id);
  }

  @FieldResolver(() => Actor, { nullable: true, description: 'The civil-society actor the assessment is made as.' })
  assessor(@Root() a: Assessment, @Ctx() ctx: Context) {
    return a.assessor ? ctx.loaders.actor.load(a.assessor.id) : null;
  }
}

/** Null for whoever may not see the user's details (src/auth/policy.ts). */
const detail = <T>(ctx: Context, u: User, value: T): T | null => (policy.maySeeDetailsOf(ctx.user, u) ? value : null);

/**
 * A user as others see them: `name` and `actor` (who wrote a published record). The other fields
 * are null except for the user and staff.
 */
@Resolver(() => User)
export class UserResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Shown to the user and to staff only.' })
  email(@Root() u: User, @Ctx() ctx: Context) {
    return detail(ctx, u, u.email);
  }

  @FieldResolver(() => Role, { nullable: true, description: 'Shown to the user and to staff only.' })
  role(@Root() u: User, @Ctx() ctx: Context) {
    return detail(ctx, u, u.role);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The country an ombudsperson acts for (ISO 3166-1 alpha-2). Shown to the user and to staff only.',
  })
  country(@Root() u: User, @Ctx() ctx: Context) {
    return detail(ctx, u, u.country ?? null);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'Shown to the user and to staff only.' })
  createdAt(@Root() u: User, @Ctx() ctx: Context) {
    return detail(ctx, u, u.createdAt);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'Shown to the user and to staff only.' })
  updatedAt(@Root() u: User, @Ctx() ctx: Context) {
    return detail(ctx, u, u.updatedAt);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'Set when archived. Shown to the user and to staff only.' })
  archivedAt(@Root() u: User, @Ctx() ctx: Context) {
    return detail(ctx, u, u.archivedAt ?? null);
  }

  @FieldResolver(() => Actor, { nullable: true, description: 'The actor a focal point or civil-society user acts for.' })
  actor(@Root() u: User, @Ctx() ctx: Context) {
    return u.actor ? ctx.loaders.actor.load(u.actor.id) : null;
  }
}
