import { Entity, Enum, Property, ManyToOne, type Ref, DateTimeType } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { TrackedEntity, Node } from './base';
import { AssessmentRating } from '../domain/enums';
import type { Commitment } from './Commitment';
import type { User } from './User';
import type { Actor } from './Actor';

/** An ombudsperson's or civil-society organisation's independent rating (shadow reporting). */
@ObjectType({ implements: Node })
@Entity()
export class Assessment extends TrackedEntity<'evidenceLinks' | 'version'> {
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

  @Field(() => Date, {
    nullable: true,
    description: 'Set when its author withdrew it: it is no longer current (left out of Commitment.assessments) but stays readable.',
  })
  @Property({ type: DateTimeType, nullable: true })
  withdrawnAt?: Date | null;

  /** Optimistic concurrency: the ORM bumps it on every update and refuses a stale one. */
  @Field(() => Int, { description: 'Increases on every change; pass it back as `expectedVersion` to updateAssessment.' })
  @Property({ type: 'integer', version: true })
  version: number = 1;
}
