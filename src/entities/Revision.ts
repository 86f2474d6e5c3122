import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Ref, DateTimeType } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { RevisionKind } from '../domain/enums';
import type { User } from './User';

/** One field of a revision: its value before and after (JSON: text, numbers, lists, ISO dates, global IDs of linked records). */
@ObjectType({ description: 'One changed field: its value before and after the write (null for a field that was empty).' })
export class FieldChange {
  @Field({
    description:
      'The field’s name in the schema (e.g. `dueDate`, `title`, `parent` for Actor.parent, `links` for a commitment’s recommendations, `partners` for its partners).',
  })
  field!: string;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'The value before (null when the record was created). Linked records by global ID.',
  })
  old!: unknown;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The value after.' })
  new!: unknown;
}

/**
 * One write to a record: who, when, which fields went from what to what, and why. Written by the
 * write path itself (src/services/revisions.ts) in the same transaction as the write; append-only.
 */
@ObjectType({
  description: 'One write to a record (its edit history): who, when, the fields changed with old and new values, the reason given.',
})
@Entity()
@Index({ properties: ['recordType', 'recordId', 'id'] })
export class Revision {
  [OptionalProps]?: 'reason';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  /** The record's GraphQL type: Commitment, Recommendation, Actor, Source, Responsibility, Assessment, ProgressUpdate. */
  @Property({ type: 'text' })
  recordType!: string;

  @Property({ type: 'integer' })
  recordId!: number;

  @Field(() => RevisionKind)
  @Enum({ items: () => RevisionKind })
  kind!: RevisionKind;

  @Field(() => Date, { description: 'When the write was made (the write’s clock time).' })
  @Property({ type: DateTimeType })
  at!: Date;

  @ManyToOne('User', { ref: true, index: true })
  by!: Ref<User>;

  @Field(() => [FieldChange])
  @Property({ type: 'json' })
  changes!: FieldChange[];

  @Field(() => String, { nullable: true, description: 'Why, when the write gave a reason.' })
  @Property({ type: 'text', nullable: true })
  reason?: string | null;
}
