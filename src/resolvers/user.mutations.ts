import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ApiToken } from '../entities';
import { toGlobalId } from '../schema/global-id';
import type { Context } from '../server/context';
import { User } from '../entities';
import { Role } from '../domain/enums';
import { idOf } from '../domain/validation';
import { createUser, findUser, newToken, revokeAll, revokeOwnToken, setDisabled, tokensOf, updateUser } from '../services/users';
import { write } from '../services/write';
import {
  CreateUserInput,
  CreateUserPayload,
  DisableUserInput,
  DisableUserPayload,
  EnableUserInput,
  EnableUserPayload,
  IssueTokenInput,
  IssueTokenPayload,
  RevokeTokensInput,
  RevokeTokensPayload,
  ApiTokenView,
  RevokeMyTokenInput,
  RevokeMyTokenPayload,
  UpdateUserInput,
  UpdateUserPayload,
} from '../schema/mutations/user';

/** A token as its owner sees it: never the secret (only its hash is stored anyway). */
function tokenView(token: ApiToken, now: Date): ApiTokenView {
  return {
    id: toGlobalId('ApiToken', token.id),
    prefix: token.prefix,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt ?? null,
    revokedAt: token.revokedAt ?? null,
    live: !token.revokedAt && !(token.expiresAt && token.expiresAt <= now),
  };
}

/** The caller, and user administration (ADMIN only). */
@Resolver()
export class UserMutations {
  @Query(() => User, { nullable: true, description: 'The authenticated caller; null when anonymous.' })
  viewer(@Ctx() ctx: Context) {
    return ctx.user;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CreateUserPayload, { description: 'Admin: create a user; the token in the payload is shown only once.' })
  createUser(@Ctx() ctx: Context, @Arg('input', () => CreateUserInput) input: CreateUserInput) {
    return write(ctx, (w) => createUser(w.em, input, w.now, w.user));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => IssueTokenPayload, { description: 'Admin: issue another token for a user.' })
  issueToken(@Ctx() ctx: Context, @Arg('input', () => IssueTokenInput) input: IssueTokenInput) {
    return write(ctx, async (w) => {
      const user = await findUser(w.em, { id: idOf('userId', input.userId, 'User') });
      const { token, record } = await newToken(w.em, user, w.now, input.expiresInDays);
      return { token, expiresAt: record.expiresAt ?? null };
    });
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => RevokeTokensPayload, { description: 'Admin: revoke every token of a user.' })
  async revokeTokens(@Ctx() ctx: Context, @Arg('input', () => RevokeTokensInput) input: RevokeTokensInput) {
    const payload = await write(ctx, async (w) => {
      const user = await findUser(w.em, { id: idOf('userId', input.userId, 'User') });
      return { revokedCount: await revokeAll(w.em, user, w.now) };
    });
    await ctx.services.revocations.announce(); // open sockets with these tokens close now, on every instance
    return payload;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => DisableUserPayload, { description: 'Admin: disable a user; their tokens stop working at once, open sockets included.' })
  disableUser(@Ctx() ctx: Context, @Arg('input', () => DisableUserInput) input: DisableUserInput) {
    return this.setDisabled(ctx, input.userId, true);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => EnableUserPayload, { description: 'Admin: enable a disabled user again; their unrevoked, unexpired tokens work again.' })
  enableUser(@Ctx() ctx: Context, @Arg('input', () => EnableUserInput) input: EnableUserInput) {
    return this.setDisabled(ctx, input.userId, false);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => UpdateUserPayload, {
    description:
      'Admin: change a user’s role, actor, country or name (still fitting the role, as at creation). A change of role, actor or country ends the user’s open WebSocket connections (UNAUTHENTICATED, close 4403): they connect again with the new rights.',
  })
  async updateUser(@Ctx() ctx: Context, @Arg('input', () => UpdateUserInput) input: UpdateUserInput) {
    const user = await write(ctx, async (w) => {
      const target = await findUser(w.em, { id: idOf('id', input.id, 'User') });
      const actorId = input.actorId === undefined || input.actorId === null ? input.actorId : idOf('actorId', input.actorId, 'Actor');
      return updateUser(w.em, target, { name: input.name, role: input.role, actorId, country: input.country }, w.user);
    });
    // A changed role, actor or country ends the user's open sockets now, on every instance: they
    // were authorized for what the user could see before (the client connects again).
    await ctx.services.revocations.announce();
    return { user };
  }

  @Authorized()
  @Mutation(() => RevokeMyTokenPayload, {
    description: 'Revoke one of your own tokens; it is refused at once (UNAUTHENTICATED), open sockets included.',
  })
  async revokeMyToken(@Ctx() ctx: Context, @Arg('input', () => RevokeMyTokenInput) input: RevokeMyTokenInput) {
    const token = await write(ctx, (w) => revokeOwnToken(w.em, w.user, idOf('id', input.id, 'ApiToken'), input.id, w.now));
    await ctx.services.revocations.announce(); // open sockets with this token close now, on every instance
    return { token: tokenView(token, ctx.services.clock.now()) };
  }

  private async setDisabled(ctx: Context, userId: string, disabled: boolean): Promise<{ user: User }> {
    const user = await write(ctx, async (w) => {
      const target = await findUser(w.em, { id: idOf('userId', userId, 'User') });
      await setDisabled(w.em, target, disabled, w.now);
      return target;
    });
    await ctx.services.revocations.announce();
    return { user };
  }
}

@Resolver(() => User)
export class UserTokensResolver {
  @FieldResolver(() => [ApiTokenView], {
    nullable: true,
    description: 'The user’s own bearer tokens, newest first, revoked and expired ones too (to the user alone; null to anyone else).',
  })
  async tokens(@Root() user: User, @Ctx() ctx: Context): Promise<ApiTokenView[] | null> {
    if (ctx.user?.id !== user.id) return null;
    const now = ctx.services.clock.now();
    return (await tokensOf(ctx.em, user)).map((token) => tokenView(token, now));
  }
}
