import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Node, ProgressUpdate, User } from '../entities';
import { authoredPublicly } from '../queries/authors';
import { isUnpublished } from '../domain/review';
import { policy } from '../auth/policy';
import type { Context } from '../server/context';
import { fromGlobalId } from '../schema/global-id';
import type { Loaders } from '../loaders';

/** Which loader fetches each node type by its local id. */
const loaderOf = new Map<string, keyof Loaders>(
  Object.entries({
    Source: 'source',
    Recommendation: 'recommendation',
    Actor: 'actor',
    Commitment: 'commitment',
    User: 'user',
    ProgressUpdate: 'progressUpdate',
    Responsibility: 'responsibility',
    StatusChange: 'statusChange',
    Assessment: 'assessment',
  } satisfies Record<string, keyof Loaders>),
);

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global ID (null when unknown).' })
  async node(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Node | null> {
    const decoded = fromGlobalId(id);
    // A Map: a type such as `__proto__` or `constructor` is just unknown (a plain object would answer it).
    const key = decoded && loaderOf.get(decoded.type);
    if (!decoded || !key) return null;
    const node = (await (ctx.loaders[key] as any).load(decoded.id)) as Node | null;
    // An unpublished update (draft, returned, withdrawn) is visible only to those who may read drafts of its commitment's actor.
    if (node instanceof ProgressUpdate && isUnpublished(node.state)) {
      const commitment = await ctx.loaders.commitment.load(node.commitment.id);
      if (!commitment || !policy.mayReadDrafts(ctx.user, { actorId: commitment.actor.id })) return null;
    }
    // A user is found only by the user, staff, or once the user authored something public.
    if (node instanceof User && !(await policy.mayFindUser(ctx.user, node, () => authoredPublicly(ctx.em, node.id)))) return null;
    return node ?? null;
  }
}
