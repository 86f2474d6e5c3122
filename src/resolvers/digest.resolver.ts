/** E-mail digests of watch lists: ask for one, stop it, list one's own (src/services/digests.ts, src/digests). */
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../server/context';
import { DigestSubscription, User, Watch } from '../entities';
import { write } from '../services/write';
import { digestsOf, subscribeDigest, unsubscribeDigest } from '../services/digests';
import { SubscribeDigestInput, SubscribeDigestPayload, UnsubscribeDigestInput, UnsubscribeDigestPayload } from '../schema/digests';

@Resolver(() => DigestSubscription)
export class DigestResolver {
  @Authorized()
  @Mutation(() => SubscribeDigestPayload, {
    description:
      'Ask for an e-mail digest of one of your watch lists (DAILY, or WEEKLY on Mondays, at `hour` in `timeZone`); asking again for the same watch changes its schedule. BAD_USER_INPUT when the server sends no e-mail (SMTP_URL unset).',
  })
  async subscribeDigest(@Ctx() ctx: Context, @Arg('input', () => SubscribeDigestInput) input: SubscribeDigestInput) {
    return { digest: await write(ctx, (w) => subscribeDigest(w, ctx.services.config, input)) };
  }

  @Authorized()
  @Mutation(() => UnsubscribeDigestPayload, { description: 'Stop a digest (by its id or its watch list’s id).' })
  async unsubscribeDigest(@Ctx() ctx: Context, @Arg('input', () => UnsubscribeDigestInput) input: UnsubscribeDigestInput) {
    return { digest: await write(ctx, (w) => unsubscribeDigest(w, input)) };
  }

  @FieldResolver(() => Watch, { description: 'The watch list the digest covers.' })
  async watch(@Root() digest: DigestSubscription, @Ctx() ctx: Context): Promise<Watch> {
    return digest.watch.isInitialized() ? digest.watch.getEntity() : ctx.em.findOneOrFail(Watch, digest.watch.id);
  }
}

@Resolver(() => User)
export class UserDigestsResolver {
  @FieldResolver(() => [DigestSubscription], { description: 'The user’s live e-mail digests (visible to the user only).' })
  async digests(@Root() user: User, @Ctx() ctx: Context): Promise<DigestSubscription[]> {
    return ctx.user?.id === user.id ? digestsOf(ctx.em, user) : [];
  }
}
