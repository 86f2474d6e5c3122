import { Entity, Enum, Property, ManyToOne, type Ref, Index } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { ProvenancedEntity, Node } from './base';
import { CommitmentStatus, ReportingFrequency } from '../domain/enums';
import { PartialDateScalar } from '../schema/scalars';
import { lastDayOf } from '../domain/dates';
import type { Actor } from './Actor';

/** What an actor undertook to do about one or more recommendations. */
@ObjectType({ implements: Node })
@Entity()
export class Commitment extends ProvenancedEntity<'status' | 'version' | 'reportingFrequency'> {
  @Field()
  @Property({ type: 'text', unique: true })
  code!: string;

  @Field()
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @ManyToOne('Actor', { ref: true, index: true })
  actor!: Ref<Actor>;

  @Field(() => PartialDateScalar, { nullable: true })
  @Property({ type: 'text', nullable: true })
  startDate?: string | null;

  @Field(() => PartialDateScalar, { nullable: true })
  @Property({ type: 'text', nullable: true })
  dueDate?: string | null;

  @Field(() => PartialDateScalar, {
    nullable: true,
    description:
      'Date of the document that reports the commitment (seeded and imported records): reports are due from it when there is no start date.',
  })
  @Property({ type: 'text', nullable: true })
  reportedOn?: string | null;

  /** The last day `dueDate` covers (YYYY-MM-DD), kept for comparisons in SQL. */
  @Property({ type: 'text', nullable: true })
  @Index()
  dueDateEnd?: string | null;

  @Field(() => CommitmentStatus)
  @Enum({ items: () => CommitmentStatus, index: true })
  status: CommitmentStatus = CommitmentStatus.NOT_STARTED;

  /** Optimistic concurrency: the ORM bumps it on every update and refuses a stale one. */
  @Field(() => Int, { description: 'Increases on every change; pass it back as `expectedVersion`.' })
  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Field(() => ReportingFrequency)
  @Enum({ items: () => ReportingFrequency })
  reportingFrequency: ReportingFrequency = ReportingFrequency.NONE;

  @Field(() => String, { nullable: true, description: 'Verbatim passage of `document` stating the commitment (seeded records).' })
  @Property({ type: 'text', nullable: true })
  evidence?: string | null;

  /** Sets the due date and the last day it covers together (a hook would leave the ORM a stale snapshot). */
  setDueDate(dueDate: string | null): void {
    this.dueDate = dueDate;
    this.dueDateEnd = dueDate ? lastDayOf(dueDate) : null;
  }
}
