import { Entity, Enum, Property, ManyToOne, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { ProvenancedEntity, Node } from './base';
import { ActorKind } from '../domain/enums';

/** Whoever is responsible or acts: a state, ministry, UN agency, donor, NGO, ombudsperson... */
@ObjectType({ implements: Node })
@Entity()
export class Actor extends ProvenancedEntity {
  @Field()
  @Property({ type: 'text', unique: true })
  code!: string;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => ActorKind)
  @Enum({ items: () => ActorKind })
  kind!: ActorKind;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code, where the actor has one.' })
  @Property({ type: 'text', nullable: true, index: true })
  country?: string | null;

  @ManyToOne('Actor', { nullable: true, ref: true })
  parent?: Ref<Actor> | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description?: string | null;
}
