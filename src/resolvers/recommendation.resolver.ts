import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Recommendation, RecommendationCodeAlias, Source } from '../entities';
import type { Context } from '../server/context';
import { ChildPageArgs, PageArgs } from '../schema/connection';
import { childPage } from '../loaders/children';
import { RecommendationCommitmentConnection, RecommendationConnection, ResponsibilityConnection } from '../schema/connections';
import { RecommendationFilter, RecommendationOrder } from '../schema/filters';
import { RelatedRecommendation, LinkDirection } from '../schema/related';
import { RecommendationStatus } from '../domain/enums';
import { listRecommendations } from '../queries/lists';

@Resolver(() => Recommendation)
export class RecommendationResolver {
  @Query(() => RecommendationConnection)
  recommendations(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => RecommendationFilter, { nullable: true }) filter?: RecommendationFilter,
    @Arg('orderBy', () => RecommendationOrder, { nullable: true, description: 'Default: CODE ASC.' }) orderBy?: RecommendationOrder,
  ) {
    return listRecommendations(ctx, filter, page, orderBy);
  }

  @Query(() => Recommendation, { nullable: true })
  async recommendation(@Ctx() ctx: Context, @Arg('code', { description: 'Its code, or a code it was known by before.' }) code: string) {
    const found = await ctx.em.findOne(Recommendation, { code });
    if (found) return found;
    const alias = await ctx.em.findOne(RecommendationCodeAlias, { code }, { populate: ['recommendation'] });
    return alias ? alias.recommendation.getEntity() : null;
  }

  @FieldResolver(() => Source)
  source(@Root() rec: Recommendation, @Ctx() ctx: Context) {
    return ctx.loaders.source.load(rec.source.id);
  }

  @FieldResolver(() => RecommendationStatus, { description: 'Roll-up of its commitments’ statuses (withdrawn ones ignored).' })
  status(@Root() rec: Recommendation, @Ctx() ctx: Context) {
    return ctx.loaders.recommendationStatus.load(rec.id);
  }

  @FieldResolver(() => RecommendationCommitmentConnection, {
    description: 'Commitments that answer it (kind RESPONDS_TO) or contribute to it (CONTRIBUTES_TO), by code.',
  })
  commitments(@Root() rec: Recommendation, @Ctx() ctx: Context, @Args() page: ChildPageArgs) {
    return childPage(ctx.loaders.children, 'commitmentsOfRecommendation', rec.id, page);
  }

  @FieldResolver(() => ResponsibilityConnection)
  responsibilities(@Root() rec: Recommendation, @Ctx() ctx: Context, @Args() page: ChildPageArgs) {
    return childPage(ctx.loaders.children, 'responsibilitiesOfRecommendation', rec.id, page);
  }

  @FieldResolver(() => [RelatedRecommendation], {
    description: 'Recommendations this one reiterates or follows up, and those that do so to it.',
  })
  async related(@Root() rec: Recommendation, @Ctx() ctx: Context): Promise<RelatedRecommendation[]> {
    const [outgoing, incoming] = await Promise.all([ctx.loaders.linksFrom.load(rec.id), ctx.loaders.linksTo.load(rec.id)]);
    const links = [
      ...outgoing.map((l) => ({ relation: l.relation, direction: LinkDirection.OUTGOING, otherId: l.to.id })),
      ...incoming.map((l) => ({ relation: l.relation, direction: LinkDirection.INCOMING, otherId: l.from.id })),
    ];
    const others = await ctx.loaders.recommendation.loadMany(links.map((l) => l.otherId));
    return links.flatMap((l, i) => {
      const other = others[i];
      return other && !(other instanceof Error) && !other.archivedAt
        ? [{ relation: l.relation, direction: l.direction, recommendation: other }]
        : [];
    });
  }
}
