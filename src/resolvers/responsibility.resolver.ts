import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Actor, Recommendation, Responsibility } from '../entities';
import type { Context } from '../server/context';

@Resolver(() => Responsibility)
export class ResponsibilityResolver {
  @FieldResolver(() => Recommendation)
  recommendation(@Root() r: Responsibility, @Ctx() ctx: Context) {
    return ctx.loaders.recommendation.load(r.recommendation.id);
  }

  @FieldResolver(() => Actor)
  actor(@Root() r: Responsibility, @Ctx() ctx: Context) {
    return ctx.loaders.actor.load(r.actor.id);
  }
}
