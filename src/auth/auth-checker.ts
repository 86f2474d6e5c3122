import type { AuthChecker } from 'type-graphql';
import type { Role } from '../domain/enums';
import type { Context } from '../server/context';
import { unauthenticated } from '../domain/errors';

/**
 * `@Authorized(...roles)`: the caller must be signed in and, when roles are listed, have one of
 * them. Finer rules (own actor, own country) are in policy.ts.
 */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  if (!context.user) throw unauthenticated();
  return roles.length === 0 || roles.includes(context.user.role);
};
