import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Recommendation, RecommendationCodeAlias, Source } from '../entities';
import type { Context } from '../server/context';
import { PageArgs, pageOf } from '../schema/connection';
import { RecommendationCommitmentConnection, RecommendationConnection, ResponsibilityConnection } from '../schema/connections';
import { linkPageOf } from '../schema/link-connection';
import { RecommendationFilter, RecommendationOrder } from '../schema/filters';
import { RelatedRecommendation, LinkDirection } from '../schema/related';
import { RecommendationStatus } from '../domain/enums';
import { listRecommendations } from '../queries/lists';
import { loadLive } from '../loaders';

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
  async commitments(@Root() rec: Recommendation, @Ctx() ctx: Context, @Args() page: PageArgs) {
    const links = await ctx.loaders.linksOfRecommendation.load(rec.id);
    const commitments = await loadLive(
      ctx.loaders.commitment,
      links.map((l) => l.id),
    );
    return linkPageOf(
      commitments.sort((a, b) => a.code.localeCompare(b.code)),
      links,
      page,
    );
  }

  @FieldResolver(() => ResponsibilityConnection)
  async responsibilities(@Root() rec: Recommendation, @Ctx() ctx: Context, @Args() page: PageArgs) {
    return pageOf(await ctx.loaders.responsibilitiesOfRecommendation.load(rec.id), page);
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
