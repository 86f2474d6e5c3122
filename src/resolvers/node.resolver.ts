import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { DigestSubscription, Node, ProgressUpdate, User, Watch, Webhook } from '../entities';
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

/**
 * Records private to a user or to staff, which no shared loader fetches: each found by its id
 * and shown only to whom the policy lets read it (anyone else gets null, as for an unknown id).
 */
const privateNodes = new Map<
  string,
  { entity: typeof Watch | typeof DigestSubscription | typeof Webhook; mayRead: (ctx: Context, node: any) => boolean }
>(
  Object.entries({
    Watch: { entity: Watch, mayRead: (ctx: Context, watch: Watch) => policy.mayReadOwn(ctx.user, watch.user.id) },
    DigestSubscription: {
      entity: DigestSubscription,
      mayRead: (ctx: Context, digest: DigestSubscription) => policy.mayReadOwn(ctx.user, digest.user.id),
    },
    Webhook: { entity: Webhook, mayRead: (ctx: Context) => policy.mayManageWebhooks(ctx.user) },
  }),
);

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global ID (null when unknown).' })
  async node(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Node | null> {
    const decoded = fromGlobalId(id);
    // A Map: a type such as `__proto__` or `constructor` is just unknown (a plain object would answer it).
    if (!decoded) return null;
    const privateNode = privateNodes.get(decoded.type);
    if (privateNode) {
      const record = await ctx.em.findOne(privateNode.entity as typeof Watch, { id: decoded.id });
      return record && privateNode.mayRead(ctx, record) ? (record as unknown as Node) : null;
    }
    const key = loaderOf.get(decoded.type);
    if (!key) return null;
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
