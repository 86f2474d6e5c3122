/**
 * The edit history on each record type: `revisions(first, after)`, newest first, paged in SQL for
 * a whole page of records at once (src/loaders/children.ts), and `Commitment.dueDateHistory`.
 * Whoever may read a record reads its revisions; a progress update's draft-time revisions only
 * for those who may read its drafts (src/auth/policy.ts).
 */
import { Args, Ctx, FieldResolver, Resolver, Root, type ClassType } from 'type-graphql';
import { Actor, Assessment, Commitment, ProgressUpdate, Recommendation, Responsibility, Revision, Source, User } from '../entities';
import type { Context } from '../server/context';
import { PageArgs } from '../schema/connection';
import { RevisionConnection, DueDateChange } from '../schema/revisions';
import { childPage } from '../loaders/children';
import type { ChildListName } from '../queries/children';
import { OrderDirection } from '../schema/enums';
import { policy } from '../auth/policy';
import { dueDateHistory } from '../domain/due-dates';

const DESCRIPTION =
  'Its edit history, newest first: every write to it (who, when, the fields changed with old and new values, the reason given).';

/** Revisions are paged forwards, newest first. */
const newestFirst = (page: PageArgs) => ({ first: page.first, after: page.after, orderBy: { direction: OrderDirection.DESC } });

type WithId = { id: number };

// type-graphql takes resolver classes as plain `Function`s.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function revisionsResolver(type: ClassType<WithId>, list: (record: any, ctx: Context) => Promise<ChildListName> | ChildListName): Function {
  @Resolver(() => type)
  class RevisionsResolver {
    @FieldResolver(() => RevisionConnection, { description: DESCRIPTION })
    async revisions(@Root() record: WithId, @Ctx() ctx: Context, @Args() page: PageArgs) {
      return childPage(ctx.loaders.children, await list(record, ctx), record.id, newestFirst(page));
    }
  }
  Object.defineProperty(RevisionsResolver, 'name', { value: `${type.name}RevisionsResolver` });
  return RevisionsResolver;
}

/** A progress update's revisions: all of them for draft readers, those since publication for everyone else. */
async function progressUpdateList(p: ProgressUpdate, ctx: Context): Promise<ChildListName> {
  const commitment = await ctx.loaders.commitment.load(p.commitment.id);
  return commitment && policy.mayReadDrafts(ctx.user, { actorId: commitment.actor.id })
    ? 'revisionsOfProgressUpdate'
    : 'publishedRevisionsOfProgressUpdate';
}

export const revisionsResolvers = [
  revisionsResolver(Commitment, () => 'revisionsOfCommitment'),
  revisionsResolver(Recommendation, () => 'revisionsOfRecommendation'),
  revisionsResolver(Actor, () => 'revisionsOfActor'),
  revisionsResolver(Source, () => 'revisionsOfSource'),
  revisionsResolver(Responsibility, () => 'revisionsOfResponsibility'),
  revisionsResolver(Assessment, () => 'revisionsOfAssessment'),
  revisionsResolver(ProgressUpdate, progressUpdateList),
];

@Resolver(() => Revision)
export class RevisionResolver {
  @FieldResolver(() => User, { description: 'Who wrote it.' })
  by(@Root() r: Revision, @Ctx() ctx: Context) {
    return ctx.loaders.user.load(r.by.id);
  }
}

@Resolver(() => DueDateChange)
export class DueDateChangeResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Who set it (null when not known).' })
  by(@Root() d: DueDateChange, @Ctx() ctx: Context) {
    return d.byId ? ctx.loaders.user.load(d.byId) : null;
  }
}

@Resolver(() => Commitment)
export class CommitmentDueDatesResolver {
  @FieldResolver(() => [DueDateChange], {
    description:
      'The successive due dates, oldest first, each with who set it, when and why (from its revisions); the last is the current one. A due date set before revisions were kept (seeded records) is dated by the commitment’s creation.',
  })
  async dueDateHistory(@Root() c: Commitment, @Ctx() ctx: Context) {
    return dueDateHistory(c, await ctx.loaders.dueDateRevisions.load(c.id));
  }
}
