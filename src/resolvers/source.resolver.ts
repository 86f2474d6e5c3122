import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Actor, Source } from '../entities';
import type { Context } from '../server/context';
import { ChildPageArgs, PageArgs } from '../schema/connection';
import { childPage } from '../loaders/children';
import { RecommendationConnection, SourceConnection } from '../schema/connections';
import { SourceFilter } from '../schema/filters';
import { listSources } from '../queries/lists';
import { loadLive } from '../loaders';

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => SourceConnection, { description: 'Sources, oldest first.' })
  sources(@Ctx() ctx: Context, @Args() page: PageArgs, @Arg('filter', () => SourceFilter, { nullable: true }) filter?: SourceFilter) {
    return listSources(ctx, filter, page);
  }

  @Query(() => Source, { nullable: true })
  source(@Ctx() ctx: Context, @Arg('code') code: string) {
    return ctx.em.findOne(Source, { code });
  }

  @FieldResolver(() => [Actor])
  async organisers(@Root() source: Source, @Ctx() ctx: Context) {
    return loadLive(ctx.loaders.actor, await ctx.loaders.organiserIdsOfSource.load(source.id));
  }

  @FieldResolver(() => RecommendationConnection)
  recommendations(@Root() source: Source, @Ctx() ctx: Context, @Args() page: ChildPageArgs) {
    return childPage(ctx.loaders.children, 'recommendationsOfSource', source.id, page);
  }
}
