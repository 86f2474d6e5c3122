import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../server/context';
import { User } from '../entities';
import { Role } from '../domain/enums';
import { idOf } from '../domain/validation';
import { createUser, findUser, newToken, revokeAll, setDisabled } from '../services/users';
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
} from '../schema/mutations/user';

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
