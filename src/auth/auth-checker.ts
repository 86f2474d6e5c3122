import type { AuthChecker } from 'type-graphql';
import type { Role } from '../domain/enums';
import type { Context } from '../server/context';
import { forbidden, unauthenticated } from '../domain/errors';
import { roleRequired } from './policy';

/**
 * `@Authorized(...roles)`: the caller must be signed in and, when roles are listed, have one of
 * them. Finer rules (own actor, own country) are in policy.ts. A refusal is thrown here rather
 * than returned, so the caller reads which role is needed instead of type-graphql's "Access denied!".
 */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  if (!context.user) throw unauthenticated();
  if (roles.length > 0 && !roles.includes(context.user.role)) throw forbidden(roleRequired(context.user, roles));
  return true;
};
