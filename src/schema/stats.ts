/** The dashboard types: commitment counts by dimension, recommendation coverage, the status timeline. */
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CommitmentStatus } from '../domain/enums';

export enum StatsDimension {
  STATUS = 'STATUS',
  SOURCE = 'SOURCE',
  ACTOR = 'ACTOR',
  ACTOR_KIND = 'ACTOR_KIND',
  THEME = 'THEME',
  LEVEL = 'LEVEL',
  COUNTRY = 'COUNTRY',
  DUE_YEAR = 'DUE_YEAR',
}
registerEnumType(StatsDimension, {
  name: 'StatsDimension',
  description:
    'What commitments are counted by. SOURCE, THEME and LEVEL go through the recommendations a commitment addresses: a commitment addressing recommendations of several sources, themes or levels is counted in the bucket of each, so the buckets add up to `bucketSum`, which may exceed `total`.',
  valuesConfig: {
    COUNTRY: { description: 'The actor’s country, or its parent’s.' },
    DUE_YEAR: { description: 'The year of the due date.' },
  },
});

@ObjectType({ description: 'One dimension’s value in a bucket.' })
export class StatsKey {
  @Field(() => StatsDimension) dimension!: StatsDimension;

  @Field(() => String, { nullable: true, description: 'The code, enum value or year; null for none (no due date, no country...).' })
  value!: string | null;

  @Field(() => String, { nullable: true, description: 'A human name where there is one (source and actor names).' })
  label!: string | null;
}

@ObjectType({ description: 'The commitments sharing one value of each dimension asked for.' })
export class StatsBucket {
  @Field(() => [StatsKey], { description: 'In the order of `groupBy`.' }) keys!: StatsKey[];

  @Field(() => Int, { description: 'Commitments in the bucket, each counted once.' }) count!: number;
}

@ObjectType({ description: 'The commitments sharing one value of the first dimension, whatever their value of the second.' })
export class StatsSubtotal {
  @Field(() => StatsKey) key!: StatsKey;

  @Field(() => Int, { description: 'Commitments with this value, each counted once.' }) count!: number;

  @Field(() => Int, {
    description: 'The sum of the counts of this value’s buckets: more than `count` when a commitment falls in several of them.',
  })
  bucketSum!: number;
}

@ObjectType()
export class CommitmentStats {
  @Field(() => Int, {
    description:
      'Commitments matching the filter, each counted once. By SOURCE, THEME or LEVEL a commitment may fall in several buckets (one per source, theme or level it addresses), so the buckets may add up to more: see `bucketSum`.',
  })
  total!: number;

  @Field(() => Int, { description: 'The sum of the bucket counts: `total` when every commitment falls in one bucket, more otherwise.' })
  bucketSum!: number;

  @Field(() => [StatsBucket], { description: 'Largest first.' }) buckets!: StatsBucket[];

  @Field(() => [StatsSubtotal], {
    description:
      'Grouping by two dimensions: per value of the first, the commitments counted once (largest first), to label a stacked chart. Empty for one dimension.',
  })
  subtotals!: StatsSubtotal[];
}

@ObjectType({ description: 'How well one source’s recommendations (those matching the filter) are taken up.' })
export class SourceCoverage {
  /** Resolved to `source` by the resolver, through the source loader. */
  sourceId!: number;

  @Field(() => Int) total!: number;
  @Field(() => Int, { description: 'No actor is named responsible for them.' }) withoutResponsibleActor!: number;
  @Field(() => Int, { description: 'No commitment addresses them.' }) withoutCommitment!: number;
  @Field(() => Int, { description: 'All their live commitments are STALLED or overdue.' }) onlyStalledOrOverdue!: number;
}

@ObjectType()
export class StatusCount {
  @Field(() => CommitmentStatus) status!: CommitmentStatus;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Commitments by status at the end of a month, from their status history.' })
export class TimelineMonth {
  @Field({ description: 'YYYY-MM.' }) month!: string;

  @Field(() => [StatusCount], { description: 'Every status, in the enum’s order (zero where none).' }) counts!: StatusCount[];

  @Field(() => Int, { description: 'Commitments that had a status by then.' }) total!: number;
}
