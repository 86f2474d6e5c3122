/** Filter and order inputs of the list queries (names from ../shared/design/domain-and-api.md). */
import { Field, ID, InputType } from 'type-graphql';
import { ActorKind, CommitmentStatus, Level, RecommendationStatus, SourceKind, Theme } from '../domain/enums';
import { CommitmentOrderField, OrderDirection, RecommendationOrderField } from './enums';
import { DateScalar } from './scalars';

@InputType({
  description:
    'All fields optional, combined with AND; a list matches any of its values, and ids and codes of one kind (actorIds, actorCodes) combine with OR. An unknown code is BAD_USER_INPUT.',
})
export class RecommendationFilter {
  @Field(() => [String], { nullable: true }) sourceCodes?: string[];
  @Field(() => [Theme], { nullable: true }) themes?: Theme[];
  @Field(() => [Level], { nullable: true }) levels?: Level[];
  @Field(() => [ID], {
    nullable: true,
    description: 'Actors responsible for, or committed to (as the lead or a partner), the recommendation.',
  })
  actorIds?: string[];
  @Field(() => [String], { nullable: true, description: 'The same by actor code; combined with actorIds by OR.' }) actorCodes?: string[];
  @Field(() => [String], { nullable: true, description: 'Countries of the actors responsible or committed.' }) countryCodes?: string[];
  @Field(() => [RecommendationStatus], { nullable: true }) statuses?: RecommendationStatus[];
  @Field(() => Boolean, { nullable: true }) hasCommitment?: boolean;
  @Field(() => Boolean, { nullable: true, description: 'Whether an actor is named responsible for it (any role).' })
  hasResponsibleActor?: boolean;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether it has live (not withdrawn) commitments and every one of them is STALLED or overdue (today: the UTC day).',
  })
  onlyStalledOrOverdue?: boolean;
  @Field(() => String, {
    nullable: true,
    description:
      'Full-text search in the code, title, text or section: words (all must match), "quoted phrases", prefix*. Best matches first unless orderBy is given.',
  })
  search?: string;
  @Field(() => Boolean, { nullable: true }) includeArchived?: boolean;
}

@InputType({
  description:
    'All fields optional, combined with AND; a list matches any of its values, and ids and codes of one kind (actorIds, actorCodes) combine with OR. An unknown code is BAD_USER_INPUT.',
})
export class CommitmentFilter {
  @Field(() => [String], { nullable: true }) sourceCodes?: string[];
  @Field(() => [String], { nullable: true }) recommendationCodes?: string[];
  @Field(() => [Theme], { nullable: true, description: 'Themes of the recommendations it addresses (any link kind).' }) themes?: Theme[];
  @Field(() => [ID], { nullable: true, description: 'Commitments these actors lead or are partners of.' }) actorIds?: string[];
  @Field(() => [String], { nullable: true, description: 'Actors by code (lead or partner); combined with actorIds by OR.' })
  actorCodes?: string[];
  @Field(() => [ID], { nullable: true }) commitmentIds?: string[];
  @Field(() => [String], { nullable: true, description: 'Commitments by code; combined with commitmentIds by OR.' })
  commitmentCodes?: string[];
  @Field(() => [String], { nullable: true, description: 'The actor’s country, or its parent’s.' }) countryCodes?: string[];
  @Field(() => [CommitmentStatus], { nullable: true }) statuses?: CommitmentStatus[];
  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the due date has passed (before today, the UTC day) and it is neither IMPLEMENTED nor WITHDRAWN.',
  })
  overdue?: boolean;
  @Field(() => Boolean, { nullable: true, description: 'Whether its next progress report is due on or before today (the UTC day).' })
  reportDue?: boolean;
  @Field(() => DateScalar, { nullable: true, description: 'Due on or before this day.' }) dueBefore?: string;
  @Field(() => DateScalar, { nullable: true, description: 'Due on or after this day.' }) dueAfter?: string;
  @Field(() => String, {
    nullable: true,
    description:
      'Full-text search in the code, title or description: words (all must match), "quoted phrases", prefix*. Best matches first unless orderBy is given.',
  })
  search?: string;
  @Field(() => Boolean, { nullable: true }) includeArchived?: boolean;
}

@InputType({
  description:
    'All fields optional, combined with AND; a list matches any of its values, and ids and codes of one kind (actorIds, actorCodes) combine with OR. An unknown code is BAD_USER_INPUT.',
})
export class ActorFilter {
  @Field(() => [ActorKind], { nullable: true }) kinds?: ActorKind[];
  @Field(() => [String], { nullable: true }) countryCodes?: string[];
  @Field(() => String, { nullable: true, description: 'Words to find in the code or name.' }) search?: string;
  @Field(() => Boolean, { nullable: true }) includeArchived?: boolean;
}

@InputType()
export class SourceFilter {
  @Field(() => [SourceKind], { nullable: true }) kinds?: SourceKind[];
  @Field(() => Boolean, { nullable: true }) includeArchived?: boolean;
}

@InputType()
export class RecommendationOrder {
  @Field(() => RecommendationOrderField) field!: RecommendationOrderField;
  @Field(() => OrderDirection) direction!: OrderDirection;
}

@InputType()
export class CommitmentOrder {
  @Field(() => CommitmentOrderField) field!: CommitmentOrderField;
  @Field(() => OrderDirection) direction!: OrderDirection;
}
