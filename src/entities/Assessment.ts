import { Entity, Enum, Property, ManyToOne, type Ref, DateTimeType } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { TrackedEntity, Node } from './base';
import { AssessmentRating } from '../domain/enums';
import type { Commitment } from './Commitment';
import type { User } from './User';
import type { Actor } from './Actor';

/** An ombudsperson's or civil-society organisation's independent rating (shadow reporting). */
@ObjectType({ implements: Node })
@Entity()
export class Assessment extends TrackedEntity<'evidenceLinks'> {
  @ManyToOne('Commitment', { ref: true, index: true })
  commitment!: Ref<Commitment>;

  @ManyToOne('User', { ref: true })
  author!: Ref<User>;

  /** The civil-society actor the assessment is made as, when there is one. */
  @ManyToOne('Actor', { ref: true, nullable: true })
  assessor?: Ref<Actor> | null;

  @Field(() => AssessmentRating)
  @Enum({ items: () => AssessmentRating })
  rating!: AssessmentRating;

  @Field()
  @Property({ type: 'text' })
  summary!: string;

  @Field(() => [String])
  @Property({ type: 'json' })
  evidenceLinks: string[] = [];

  @Field(() => Date)
  @Property({ type: DateTimeType })
  assessedAt!: Date;

  /** Set when its author withdrew it: no longer current, still readable (src/services/assessments.ts). */
  @Property({ type: DateTimeType, nullable: true })
  withdrawnAt?: Date | null;
}
