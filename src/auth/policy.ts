/**
 * Who may do what: the one place where permissions are decided (../shared/design/domain-and-api.md,
 * "Users and roles"). Resolvers and services ask here; none checks a role by itself.
 */
import { Role } from '../domain/enums';
import { forbidden, unauthenticated } from '../domain/errors';
import type { User } from '../entities';

const STAFF: readonly Role[] = [Role.SECRETARIAT, Role.ADMIN];

export interface ActorScope {
  /** The actor a commitment belongs to. */
  actorId: number;
  /** Its country, or its parent's. */
  country: string | null;
}

const actorIdOf = (user: User): number | null => (user.actor ? user.actor.id : null);

/**
 * What each role may do, in the words of every FORBIDDEN: a refused caller learns what is open to
 * it, not only what is not (an ombudsperson refused logProgress is not told about "your actor").
 */
const ROLE_MAY: Record<Role, string> = {
  [Role.VIEWER]: 'As a VIEWER you may read published data only',
  [Role.OMBUDSPERSON]:
    'As an OMBUDSPERSON you may read, and add assessments of commitments of actors in your own country (and update or withdraw your own)',
  [Role.CIVIL_SOCIETY]:
    'As CIVIL_SOCIETY you may read, and add assessments of any commitment as your own actor (and update or withdraw your own)',
  [Role.FOCAL_POINT]:
    'As a FOCAL_POINT you may read, and log progress (as drafts for the secretariat to publish) on your own actor’s commitments',
  [Role.SECRETARIAT]:
    'As SECRETARIAT you may edit sources, recommendations, actors, responsibilities and commitments, and log and publish progress for any actor; managing users and tokens is for an ADMIN',
  [Role.ADMIN]: 'As an ADMIN you may do everything',
};

/** The rule that refused `user`, followed by what its role may do. */
export function refusal(user: User, rule: string): string {
  return `${rule}. ${ROLE_MAY[user.role]}.`;
}

/** The roles an operation needs, as a FORBIDDEN message (type-graphql's @Authorized with roles). */
export function roleRequired(user: User, roles: readonly Role[]): string {
  return refusal(user, `This operation needs the role ${roles.join(' or ')}; you are ${user.role}`);
}

/** Rules in words, shared by the services that enforce them. */
export const RULES = {
  editReferenceData: 'Only SECRETARIAT and ADMIN edit reference data (sources, recommendations, actors, responsibilities, commitments)',
  logProgress: 'Progress is logged by SECRETARIAT and ADMIN on any commitment, and by a FOCAL_POINT on its own actor’s commitments only',
  publish: 'Only SECRETARIAT and ADMIN publish progress updates',
  returnDraft: 'Only SECRETARIAT and ADMIN return drafts to their focal points',
  editDraft: 'Drafts are edited and withdrawn by the FOCAL_POINTs of the actor whose commitment they report on',
  readDrafts: 'The review queue is read by SECRETARIAT and ADMIN, and by a FOCAL_POINT for its own actor',
  assess:
    'Assessments are added by an OMBUDSPERSON on commitments of actors in their own country, by CIVIL_SOCIETY as its own actor, and by an ADMIN',
  reviseAssessment:
    'An assessment is updated or withdrawn by its author only, while the author may still assess the commitment (its previous versions stay in its revisions)',
  importData: 'Only SECRETARIAT and ADMIN import data',
  ownWatch: 'This watch belongs to another user; you may unwatch only your own watches',
  manageWebhooks: 'Only SECRETARIAT and ADMIN see and manage webhooks',
  ownDigest: 'This watch list belongs to another user; you may ask for and stop digests of your own watch lists only',
} as const;

export const policy = {
  isStaff(user: User | null): boolean {
    return !!user && STAFF.includes(user.role);
  },

  /** Sources, recommendations, actors, responsibilities and commitments. */
  mayEditReferenceData(user: User | null): boolean {
    return policy.isStaff(user);
  },

  mayLogProgress(user: User | null, scope: ActorScope): boolean {
    if (!user) return false;
    if (policy.isStaff(user)) return true;
    return user.role === Role.FOCAL_POINT && actorIdOf(user) === scope.actorId;
  },

  /** Progress logged by anyone but staff waits, as a draft, for staff to publish it. */
  publishesDirectly(user: User): boolean {
    return policy.isStaff(user);
  },

  mayPublish(user: User | null): boolean {
    return policy.isStaff(user);
  },

  /** A user's own records (watch lists, digests): read by their owner only, staff included. */
  mayReadOwn(user: User | null, ownerId: number): boolean {
    return !!user && user.id === ownerId;
  },

  /** Webhooks, their secrets and deliveries. */
  mayManageWebhooks(user: User | null): boolean {
    return policy.isStaff(user);
  },

  mayReadDrafts(user: User | null, scope: Pick<ActorScope, 'actorId'>): boolean {
    if (!user) return false;
    if (policy.isStaff(user)) return true;
    return user.role === Role.FOCAL_POINT && actorIdOf(user) === scope.actorId;
  },

  /** Returning a draft with a comment is the secretariat's part of the review, as publishing is. */
  mayReturnDraft(user: User | null): boolean {
    return policy.isStaff(user);
  },

  /**
   * Editing and withdrawing a draft (or a returned one) is the focal points' part: those of the
   * actor the draft reports for, who wrote it. Staff return a draft rather than rewrite it.
   */
  mayEditDraft(user: User | null, scope: Pick<ActorScope, 'actorId'>): boolean {
    return !!user && user.role === Role.FOCAL_POINT && actorIdOf(user) === scope.actorId;
  },

  /**
   * Whose drafts the review queue shows the caller: every actor's (staff), one actor's (a focal
   * point's own), or none (null: the caller may read no drafts at all).
   */
  draftQueueOf(user: User | null): { actorId: number | null } | null {
    if (!user) return null;
    if (policy.isStaff(user)) return { actorId: null };
    const actorId = actorIdOf(user);
    return user.role === Role.FOCAL_POINT && actorId !== null ? { actorId } : null;
  },

  mayAssess(user: User | null, scope: ActorScope): boolean {
    if (!user) return false;
    if (user.role === Role.ADMIN) return true;
    if (user.role === Role.OMBUDSPERSON) return !!user.country && user.country === scope.country;
    if (user.role === Role.CIVIL_SOCIETY) return actorIdOf(user) !== null;
    return false;
  },

  /** Updating or withdrawing an assessment: its author, while still allowed to assess the commitment. */
  mayReviseAssessment(user: User | null, authorId: number, scope: ActorScope): boolean {
    return !!user && user.id === authorId && policy.mayAssess(user, scope);
  },

  /**
   * Callers with the same key are shown the same data, so a subscription event is computed once
   * per key. The rules above look at the role, the own actor and the own country; a selection
   * that shows a User (`identitySensitive`) also depends on who asks (one's own details, src/resolvers/records.resolver.ts).
   */
  visibilityKey(user: User | null, identitySensitive: boolean): string {
    if (!user) return 'public';
    if (policy.isStaff(user)) return `staff:${user.role}`;
    if (identitySensitive) return `user:${user.id}`;
    return `${user.role}:${actorIdOf(user) ?? ''}:${user.country ?? ''}`;
  },

  /**
   * A user's details (role, country, e-mail, dates): shown to the user and to staff only. Others
   * see a user only as `name` and `actor`, which say who wrote a published record.
   */
  maySeeDetailsOf(viewer: User | null, user: User): boolean {
    return !!viewer && (viewer.id === user.id || policy.isStaff(viewer));
  },

  /**
   * Whether `node(id:)` shows a user at all: to those who see the details, and to everyone once
   * the user authored something public (a published progress update, a status change, an
   * assessment, a record whose createdBy or updatedBy names them); otherwise ids cannot be
   * walked to list the accounts.
   */
  async mayFindUser(viewer: User | null, user: User, authoredPublicly: () => Promise<boolean>): Promise<boolean> {
    return policy.maySeeDetailsOf(viewer, user) || (await authoredPublicly());
  },
};

/**
 * Throws UNAUTHENTICATED for anonymous callers and, when `allowed` is false, FORBIDDEN stating
 * `rule` and what the caller's role may do.
 */
export function authorize(user: User | null, allowed: boolean, rule: string): asserts user is User {
  if (!user) throw unauthenticated();
  if (!allowed) throw forbidden(refusal(user, rule));
}
