import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Actor } from '../entities';
import type { Context } from '../server/context';
import { ChildPageArgs, PageArgs } from '../schema/connection';
import { childPage } from '../loaders/children';
import { ActorConnection, ActorPartnershipConnection, CommitmentConnection, ResponsibilityConnection } from '../schema/connections';
import { ActorFilter } from '../schema/filters';
import { listActors } from '../queries/lists';

@Resolver(() => Actor)
export class ActorResolver {
  @Query(() => ActorConnection)
  actors(@Ctx() ctx: Context, @Args() page: PageArgs, @Arg('filter', () => ActorFilter, { nullable: true }) filter?: ActorFilter) {
    return listActors(ctx, filter, page);
  }

  @Query(() => Actor, { nullable: true })
  actor(@Ctx() ctx: Context, @Arg('code') code: string) {
    return ctx.em.findOne(Actor, { code });
  }

  @FieldResolver(() => Actor, { nullable: true, description: 'The body it belongs to (a ministry’s state).' })
  parent(@Root() actor: Actor, @Ctx() ctx: Context) {
    return actor.parent ? ctx.loaders.actor.load(actor.parent.id) : null;
  }

  @FieldResolver(() => [Actor], { description: 'Bodies that belong to it.' })
  children(@Root() actor: Actor, @Ctx() ctx: Context) {
    return ctx.loaders.childrenOfActor.load(actor.id);
  }

  @FieldResolver(() => CommitmentConnection, { description: 'The commitments it leads.' })
  commitments(@Root() actor: Actor, @Ctx() ctx: Context, @Args() page: ChildPageArgs) {
    return childPage(ctx.loaders.children, 'commitmentsOfActor', actor.id, page);
  }

  @FieldResolver(() => ActorPartnershipConnection, {
    description:
      'The commitments it takes part in as a partner of another actor (those it leads are `commitments`), by code, with its role.',
  })
  partnerships(@Root() actor: Actor, @Ctx() ctx: Context, @Args() page: ChildPageArgs) {
    return childPage(ctx.loaders.children, 'partnershipsOfActor', actor.id, page);
  }

  @FieldResolver(() => ResponsibilityConnection, { description: 'Recommendations it is responsible for.' })
  responsibilities(@Root() actor: Actor, @Ctx() ctx: Context, @Args() page: ChildPageArgs) {
    return childPage(ctx.loaders.children, 'responsibilitiesOfActor', actor.id, page);
  }
}
