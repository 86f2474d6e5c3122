/** Inputs and payloads of the commitment, progress and assessment mutations. */
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { AssessmentRating, CommitmentLinkKind, CommitmentStatus, PartnerRole, ReportingFrequency } from '../../domain/enums';
import { Assessment, Commitment, ProgressUpdate, StatusChange } from '../../entities';
import { PartialDateScalar } from '../scalars';

@InputType({ description: 'A link to a recommendation, with its kind.' })
export class CommitmentLinkInput {
  @Field(() => ID) recommendationId!: string;
  @Field(() => CommitmentLinkKind, {
    defaultValue: CommitmentLinkKind.RESPONDS_TO,
    description: 'RESPONDS_TO is refused when the commitment began before the recommendation was issued.',
  })
  kind!: CommitmentLinkKind;
  @Field(() => String, { nullable: true, description: 'The passage that links them.' }) evidence?: string | null;
}

@InputType()
export class CreateCommitmentInput {
  @Field(() => String, { nullable: true, description: 'Stable code; generated when omitted.' }) code?: string | null;
  @Field(() => ID) actorId!: string;
  @Field(() => [ID], {
    nullable: true,
    description: 'The recommendations it answers (RESPONDS_TO). With `links`, at least one link in all.',
  })
  recommendationIds?: string[] | null;
  @Field(() => [CommitmentLinkInput], { nullable: true, description: 'Links with their kind (e.g. CONTRIBUTES_TO).' })
  links?: CommitmentLinkInput[] | null;
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
  @Field(() => [ID], { nullable: true, description: 'With or without `links`: replaces every link (these as RESPONDS_TO).' })
  recommendationIds?: string[] | null;
  @Field(() => [CommitmentLinkInput], { nullable: true, description: 'With or without `recommendationIds`: replaces every link.' })
  links?: CommitmentLinkInput[] | null;
  @Field(() => CommitmentStatus, { nullable: true }) status?: CommitmentStatus | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Why: kept in the commitment’s revisions (and its status change). Required to withdraw or to re-open an implemented commitment.',
  })
  reason?: string | null;
}

@ObjectType()
export class CommitmentPayload {
  @Field(() => Commitment) commitment!: Commitment;
}

@InputType({ description: 'An actor taking part, with a role, in a commitment another actor leads.' })
export class AddCommitmentPartnerInput {
  @Field(() => ID) commitmentId!: string;
  @Field(() => ID, { description: 'Not the lead actor, and not a partner already (remove it first to change its role).' }) actorId!: string;
  @Field(() => PartnerRole) role!: PartnerRole;
  @Field(() => String, { nullable: true, description: 'The passage that names the partner.' }) evidence?: string | null;
  @Field(() => String, { nullable: true, description: 'The source document of the passage.' }) document?: string | null;
  @Field(() => String, { nullable: true, description: 'Its section heading.' }) section?: string | null;
  @Field(() => Int, { nullable: true, description: 'The commitment version you read; when given, a stale one is refused with CONFLICT.' })
  expectedVersion?: number | null;
  @Field(() => String, { nullable: true, description: 'Why: kept in the commitment’s revisions.' }) reason?: string | null;
}

@InputType()
export class RemoveCommitmentPartnerInput {
  @Field(() => ID) commitmentId!: string;
  @Field(() => ID, { description: 'A partner of the commitment.' }) actorId!: string;
  @Field(() => Int, { nullable: true, description: 'The commitment version you read; when given, a stale one is refused with CONFLICT.' })
  expectedVersion?: number | null;
  @Field(() => String, { nullable: true, description: 'Why: kept in the commitment’s revisions.' }) reason?: string | null;
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
  @Field(() => ID, {
    nullable: true,
    description: 'A published progress update of the same commitment that this one corrects (published updates are never edited).',
  })
  corrects?: string | null;
}

@InputType()
export class PublishProgressUpdateInput {
  @Field(() => ID) id!: string;
}

@InputType()
export class ReturnProgressUpdateInput {
  @Field(() => ID, { description: 'A DRAFT awaiting review.' }) id!: string;
  @Field({ description: 'What the focal point should change; shown to the draft’s readers.' }) comment!: string;
}

@InputType({ description: 'Fields left out stay as they are; null clears an optional field. The edit submits the draft again (DRAFT).' })
export class UpdateProgressUpdateInput {
  @Field(() => ID, { description: 'A DRAFT or RETURNED progress update.' }) id!: string;
  @Field(() => String, { nullable: true }) summary?: string | null;
  @Field(() => [String], { nullable: true }) evidenceLinks?: string[] | null;
  @Field(() => PartialDateScalar, { nullable: true }) periodStart?: string | null;
  @Field(() => PartialDateScalar, { nullable: true }) periodEnd?: string | null;
  @Field(() => CommitmentStatus, { nullable: true, description: 'Applied on publication; with it, expectedVersion is required.' })
  newStatus?: CommitmentStatus | null;
  @Field(() => String, { nullable: true }) reason?: string | null;
  @Field(() => Int, { nullable: true, description: 'The commitment version you read (checked when the status is given or changed).' })
  expectedVersion?: number | null;
}

@InputType()
export class WithdrawProgressUpdateInput {
  @Field(() => ID, { description: 'A DRAFT or RETURNED progress update.' }) id!: string;
}

@ObjectType()
export class ReviewPayload {
  @Field(() => ProgressUpdate) progressUpdate!: ProgressUpdate;
  @Field(() => Commitment) commitment!: Commitment;
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

@InputType({ description: 'Fields left out stay as they are.' })
export class UpdateAssessmentInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true, description: 'The version you read; a stale one is refused with CONFLICT.' })
  expectedVersion?: number | null;
  @Field(() => AssessmentRating, { nullable: true }) rating?: AssessmentRating | null;
  @Field(() => String, { nullable: true }) summary?: string | null;
  @Field(() => [String], { nullable: true, description: 'Replaces the links.' }) evidenceLinks?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Why: kept in the assessment’s revisions.' }) reason?: string | null;
}

@InputType()
export class WithdrawAssessmentInput {
  @Field(() => ID) id!: string;
  @Field({ description: 'Why it is withdrawn: kept in its revisions.' }) reason!: string;
}

@ObjectType()
export class AssessmentPayload {
  @Field(() => Assessment) assessment!: Assessment;
}
