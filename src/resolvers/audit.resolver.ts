/** `createdBy` and `updatedBy` on every written record type, through the batched user loader. */
import { Ctx, FieldResolver, Resolver, Root, type ClassType } from 'type-graphql';
import {
  Actor,
  Assessment,
  Commitment,
  ProgressUpdate,
  Recommendation,
  Responsibility,
  Source,
  User,
  type TrackedEntity,
} from '../entities';
import type { Context } from '../server/context';

// type-graphql takes resolver classes as plain `Function`s.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function auditResolver(type: ClassType<TrackedEntity<string>>): Function {
  @Resolver(() => type)
  class AuditResolver {
    @FieldResolver(() => User, { nullable: true, description: 'Who created the record (the built-in system user for seeded data).' })
    createdBy(@Root() record: TrackedEntity<string>, @Ctx() ctx: Context) {
      return record.createdBy ? ctx.loaders.user.load(record.createdBy.id) : null;
    }

    @FieldResolver(() => User, { nullable: true, description: 'Who last changed the record.' })
    updatedBy(@Root() record: TrackedEntity<string>, @Ctx() ctx: Context) {
      return record.updatedBy ? ctx.loaders.user.load(record.updatedBy.id) : null;
    }
  }
  Object.defineProperty(AuditResolver, 'name', { value: `${type.name}AuditResolver` });
  return AuditResolver;
}

export const auditResolvers = (
  [Source, Recommendation, Actor, Responsibility, Commitment, ProgressUpdate, Assessment] as ClassType<TrackedEntity<string>>[]
).map(auditResolver);
