import { Entity, Enum, Property, ManyToMany, Collection } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { ProvenancedEntity, Node } from './base';
import { SourceKind } from '../domain/enums';
import { PartialDateScalar } from '../schema/scalars';
import type { Actor } from './Actor';

/** The meeting or body that issued recommendations. */
@ObjectType({ implements: Node })
@Entity()
export class Source extends ProvenancedEntity<'documents'> {
  @Field()
  @Property({ type: 'text', unique: true })
  code!: string;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => SourceKind)
  @Enum({ items: () => SourceKind })
  kind!: SourceKind;

  @Field(() => PartialDateScalar, { nullable: true })
  @Property({ type: 'text', nullable: true })
  startDate?: string | null;

  @Field(() => PartialDateScalar, { nullable: true })
  @Property({ type: 'text', nullable: true })
  endDate?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  place?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Field(() => [String], { description: 'Documents (file names) the source is known from.' })
  @Property({ type: 'json' })
  documents: string[] = [];

  @ManyToMany('Actor', undefined, { owner: true, pivotTable: 'source_organisers' })
  organisers = new Collection<Actor>(this);
}
