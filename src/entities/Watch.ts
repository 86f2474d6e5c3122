import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node, TrackedEntity } from './base';
import type { User } from './User';
import type { EventFilterValues } from '../pubsub/filter';

/** A saved filter: `watchedChanges` streams every event that matches any of a user's watches. */
@ObjectType({ implements: Node })
@Entity()
export class Watch extends TrackedEntity {
  @ManyToOne('User', { ref: true, index: true })
  user!: Ref<User>;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  /** Local ids and codes; exposed through WatchResolver as GraphQL values. */
  @Property({ type: 'json' })
  filter!: EventFilterValues;
}
