import { Entity, Enum, Property, ManyToOne, type Ref, Index, DateTimeType } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { ProvenancedEntity, Node } from './base';
import { CommitmentStatus, ProgressUpdateState } from '../domain/enums';
import { PartialDateScalar } from '../schema/scalars';
import type { Commitment } from './Commitment';
import type { User } from './User';

/** A dated report on a commitment; a draft until published. */
@ObjectType({ implements: Node })
@Entity()
@Index({ properties: ['commitment', 'state'] })
export class ProgressUpdate extends ProvenancedEntity<'state' | 'evidenceLinks'> {
  @Field()
  @Property({ type: 'text', unique: true })
  code!: string;

  @ManyToOne('Commitment', { ref: true })
  commitment!: Ref<Commitment>;

  @Field({ description: 'The narrative.' })
  @Property({ type: 'text' })
  summary!: string;

  @Field(() => [String], { description: 'Links (URLs) to evidence.' })
  @Property({ type: 'json' })
  evidenceLinks: string[] = [];

  @Field(() => String, { nullable: true, description: 'Verbatim passage of `document` the update rests on (seeded records).' })
  @Property({ type: 'text', nullable: true })
  evidence?: string | null;

  @Field(() => PartialDateScalar, { nullable: true })
  @Property({ type: 'text', nullable: true })
  periodStart?: string | null;

  @Field(() => PartialDateScalar, { nullable: true })
  @Property({ type: 'text', nullable: true })
  periodEnd?: string | null;

  @Field(() => Date, { description: 'When the update was reported.' })
  @Property({ type: DateTimeType })
  reportedAt!: Date;

  @ManyToOne('User', { ref: true })
  reportedBy!: Ref<User>;

  @Field(() => CommitmentStatus, { nullable: true, description: 'The status the update moves the commitment to, if any.' })
  @Enum({ items: () => CommitmentStatus, nullable: true })
  newStatus?: CommitmentStatus | null;

  /** Why the status changes (needed for WITHDRAWN and for re-opening), applied on publication. */
  @Property({ type: 'text', nullable: true })
  statusReason?: string | null;

  /** The commitment version the reporter saw, checked when a draft with a new status is published. */
  @Property({ type: 'integer', nullable: true })
  expectedVersion?: number | null;

  @Field(() => ProgressUpdateState)
  @Enum({ items: () => ProgressUpdateState })
  state: ProgressUpdateState = ProgressUpdateState.PUBLISHED;

  @Field(() => Date, { nullable: true })
  @Property({ type: DateTimeType, nullable: true })
  publishedAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'Global event sequence, stamped on publication.' })
  @Property({ type: 'integer', nullable: true, unique: true })
  sequence?: number | null;

  /** The published update this one corrects (published updates are never edited). */
  @ManyToOne('ProgressUpdate', { ref: true, nullable: true })
  corrects?: Ref<ProgressUpdate> | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it last entered the review queue: reported as a draft, or submitted again by an edit. Null when published directly.',
  })
  @Property({ type: DateTimeType, nullable: true })
  submittedAt?: Date | null;

  /** The secretariat's comment when it last returned the draft (shown to draft readers only). */
  @Property({ type: 'text', nullable: true })
  returnComment?: string | null;

  @Field(() => Date, { nullable: true, description: 'When the secretariat last returned it.' })
  @Property({ type: DateTimeType, nullable: true })
  returnedAt?: Date | null;

  @ManyToOne('User', { ref: true, nullable: true })
  returnedBy?: Ref<User> | null;

  @Field(() => Date, { nullable: true, description: 'When its focal point withdrew it.' })
  @Property({ type: DateTimeType, nullable: true })
  withdrawnAt?: Date | null;
}
