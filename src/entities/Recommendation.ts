import { Entity, Enum, Property, ManyToOne, type Ref, Index } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { ProvenancedEntity, Node } from './base';
import { ActorKind, Level, Theme } from '../domain/enums';
import { PartialDateScalar } from '../schema/scalars';
import type { Source } from './Source';

/** One recommendation, call for action or obligation, as issued by its source. */
@ObjectType({ implements: Node })
@Entity()
@Index({ properties: ['source', 'code'] })
export class Recommendation extends ProvenancedEntity<'isSummary' | 'themes' | 'addressees'> {
  @Field()
  @Property({ type: 'text', unique: true })
  code!: string;

  @Field()
  @Property({ type: 'text' })
  title!: string;

  @Field({ description: 'The passage as issued (white space collapsed), or the summarising document’s account when isSummary.' })
  @Property({ type: 'text' })
  text!: string;

  @Field({ description: 'True when `text` is another document’s account of the recommendation, not its original wording.' })
  @Property({ type: 'boolean' })
  isSummary: boolean = false;

  @ManyToOne('Source', { ref: true })
  source!: Ref<Source>;

  @Field(() => Level)
  @Enum({ items: () => Level })
  level!: Level;

  @Field(() => [Theme])
  @Property({ type: 'json' })
  themes: Theme[] = [];

  @Field(() => [ActorKind], { description: 'The kinds of actor the recommendation addresses.' })
  @Property({ type: 'json' })
  addressees: ActorKind[] = [];

  @Field(() => PartialDateScalar, { nullable: true })
  @Property({ type: 'text', nullable: true })
  deadline?: string | null;
}
