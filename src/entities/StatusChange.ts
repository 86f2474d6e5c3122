import { Entity, Enum, Property, ManyToOne, type Ref, OptionalProps, DateTimeType } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from './base';
import { CommitmentStatus } from '../domain/enums';
import type { Commitment } from './Commitment';
import type { User } from './User';
import type { ProgressUpdate } from './ProgressUpdate';

/** One change of a commitment's status. Append-only: never updated or deleted. */
@ObjectType({ implements: Node })
@Entity()
export class StatusChange extends Node {
  [OptionalProps]?: 'globalId';

  @ManyToOne('Commitment', { ref: true, index: true })
  commitment!: Ref<Commitment>;

  @Field(() => CommitmentStatus, { nullable: true, description: 'Null for the first status a commitment gets.' })
  @Enum({ items: () => CommitmentStatus, nullable: true })
  fromStatus?: CommitmentStatus | null;

  @Field(() => CommitmentStatus)
  @Enum({ items: () => CommitmentStatus })
  toStatus!: CommitmentStatus;

  @Field(() => Date)
  @Property({ type: DateTimeType })
  at!: Date;

  @ManyToOne('User', { ref: true })
  by!: Ref<User>;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Field(() => Int, { description: 'Global event sequence (shared with published progress updates).' })
  @Property({ type: 'integer', unique: true })
  sequence!: number;

  @ManyToOne('ProgressUpdate', { ref: true, nullable: true })
  progressUpdate?: Ref<ProgressUpdate> | null;

  @Field(() => String, { nullable: true, description: 'Source document file name (seeded records).' })
  @Property({ type: 'text', nullable: true })
  document?: string | null;

  @Field(() => String, { nullable: true, description: 'Verbatim passage supporting the status (seeded records).' })
  @Property({ type: 'text', nullable: true })
  evidence?: string | null;
}
