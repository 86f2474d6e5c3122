import { PrimaryKey, Property, ManyToOne, type Ref, OptionalProps, DateTimeType } from '@mikro-orm/core';
import { Field, ID, InterfaceType, ObjectType } from 'type-graphql';
import { toGlobalId } from '../schema/global-id';
import type { User } from './User';

/**
 * Every business object: a Relay `Node` with a global ID, timestamps, who wrote it, and
 * archiving (records are archived, never deleted).
 */
@InterfaceType('Node', {
  description: 'An object with a global ID, fetchable with `node(id)`.',
  resolveType: (value: object) => value.constructor.name,
})
export abstract class Node {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Global ID.' })
  get globalId(): string {
    return toGlobalId(this.constructor.name, this.id);
  }
}

/** Not emitted in the schema itself: its fields are inherited by the concrete types. */
@ObjectType()
/** `Optional`: properties with defaults that `em.create()` may omit. */
export abstract class TrackedEntity<Optional extends string = never> extends Node {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'globalId' | Optional;

  @Field(() => Date)
  @Property({ type: DateTimeType, onCreate: () => new Date() })
  createdAt!: Date;

  @Field(() => Date)
  @Property({ type: DateTimeType, onCreate: () => new Date(), onUpdate: () => new Date() })
  updatedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Set when archived; archived records are hidden unless a filter asks for them.' })
  @Property({ type: DateTimeType, nullable: true, index: true })
  archivedAt?: Date | null;

  @ManyToOne('User', { nullable: true, ref: true })
  createdBy?: Ref<User> | null;

  @ManyToOne('User', { nullable: true, ref: true })
  updatedBy?: Ref<User> | null;
}

/** Where a seeded or imported record comes from. */
@ObjectType()
export abstract class ProvenancedEntity<Optional extends string = never> extends TrackedEntity<Optional> {
  @Field(() => String, { nullable: true, description: 'Source document file name (provenance of seeded records).' })
  @Property({ type: 'text', nullable: true })
  document?: string | null;

  @Field(() => String, { nullable: true, description: 'Section heading of the document the record comes from.' })
  @Property({ type: 'text', nullable: true })
  section?: string | null;
}
