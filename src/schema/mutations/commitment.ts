/** Inputs and payloads of the commitment, progress and assessment mutations. */
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { AssessmentRating, CommitmentStatus, ReportingFrequency } from '../../domain/enums';
import { Assessment, Commitment, ProgressUpdate, StatusChange } from '../../entities';
import { PartialDateScalar } from '../scalars';

@InputType()
export class CreateCommitmentInput {
  @Field(() => String, { nullable: true, description: 'Stable code; generated when omitted.' }) code?: string | null;
  @Field(() => ID) actorId!: string;
  @Field(() => [ID], { description: 'The recommendations it answers (at least one).' }) recommendationIds!: string[];
  @Field() title!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => PartialDateScalar, { nullable: true }) startDate?: string | null;
  @Field(() => PartialDateScalar, { nullable: true }) dueDate?: string | null;
  @Field(() => ReportingFrequency, { nullable: true }) reportingFrequency?: ReportingFrequency | null;
  @Field(() => CommitmentStatus, { nullable: true, description: 'Default NOT_STARTED.' }) status?: CommitmentStatus | null;
}

@InputType({ description: 'Fields left out stay as they are; null clears an optional field.' })
export class UpdateCommitmentInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version you read; a stale one is refused with CONFLICT.' }) expectedVersion!: number;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => PartialDateScalar, { nullable: true }) startDate?: string | null;
  @Field(() => PartialDateScalar, { nullable: true }) dueDate?: string | null;
  @Field(() => ReportingFrequency, { nullable: true }) reportingFrequency?: ReportingFrequency | null;
  @Field(() => [ID], { nullable: true }) recommendationIds?: string[] | null;
  @Field(() => CommitmentStatus, { nullable: true }) status?: CommitmentStatus | null;
  @Field(() => String, { nullable: true, description: 'Required to withdraw or to re-open an implemented commitment.' }) reason?:
    string | null;
}

@ObjectType()
export class CommitmentPayload {
  @Field(() => Commitment) commitment!: Commitment;
}

@InputType()
export class LogProgressInput {
  @Field(() => ID) commitmentId!: string;
  @Field({ description: 'The narrative.' }) summary!: string;
  @Field(() => [String], { nullable: true, description: 'http(s) links to evidence.' }) evidenceLinks?: string[] | null;
  @Field(() => PartialDateScalar, { nullable: true }) periodStart?: string | null;
  @Field(() => PartialDateScalar, { nullable: true }) periodEnd?: string | null;
  @Field(() => CommitmentStatus, { nullable: true, description: 'Move the commitment to this status (then expectedVersion is required).' })
  newStatus?: CommitmentStatus | null;
  @Field(() => String, { nullable: true, description: 'Why the status changes (required to withdraw or re-open).' }) reason?: string | null;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
  @Field(() => String, { nullable: true, description: 'Retrying with the same key and input returns the first result and writes once.' })
  idempotencyKey?: string | null;
}

@InputType()
export class PublishProgressUpdateInput {
  @Field(() => ID) id!: string;
}

@ObjectType()
export class ProgressPayload {
  @Field(() => ProgressUpdate) progressUpdate!: ProgressUpdate;
  @Field(() => Commitment) commitment!: Commitment;
  @Field(() => StatusChange, { nullable: true, description: 'The status change it made, if published with a new status.' })
  statusChange!: StatusChange | null;
}

@InputType()
export class AddAssessmentInput {
  @Field(() => ID) commitmentId!: string;
  @Field(() => AssessmentRating) rating!: AssessmentRating;
  @Field() summary!: string;
  @Field(() => [String], { nullable: true }) evidenceLinks?: string[] | null;
}

@ObjectType()
export class AssessmentPayload {
  @Field(() => Assessment) assessment!: Assessment;
}
