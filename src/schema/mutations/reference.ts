/** Inputs and payloads of the source, recommendation, actor, responsibility and archive mutations. */
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ActorKind, Level, ResponsibilityRole, SourceKind, Theme } from '../../domain/enums';
import { Actor, Node, Recommendation, Responsibility, Source } from '../../entities';
import { PartialDateScalar } from '../scalars';

@InputType()
export class CreateSourceInput {
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => SourceKind) kind!: SourceKind;
  @Field(() => PartialDateScalar, { nullable: true }) startDate?: string | null;
  @Field(() => PartialDateScalar, { nullable: true }) endDate?: string | null;
  @Field(() => String, { nullable: true }) place?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [ID], { nullable: true }) organiserIds?: string[] | null;
}

@InputType({ description: 'Fields left out stay as they are; null clears an optional field.' })
export class UpdateSourceInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) code?: string | null;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => SourceKind, { nullable: true }) kind?: SourceKind | null;
  @Field(() => PartialDateScalar, { nullable: true }) startDate?: string | null;
  @Field(() => PartialDateScalar, { nullable: true }) endDate?: string | null;
  @Field(() => String, { nullable: true }) place?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [ID], { nullable: true }) organiserIds?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Why: kept in the record’s revisions.' }) reason?: string | null;
}

@ObjectType()
export class SourcePayload {
  @Field(() => Source) source!: Source;
}

@InputType()
export class CreateRecommendationInput {
  @Field(() => ID) sourceId!: string;
  @Field(() => String, { nullable: true, description: 'Stable code (<SOURCE>-<PART>-<NN>); generated when omitted.' }) code?: string | null;
  @Field() title!: string;
  @Field() text!: string;
  @Field(() => String, { nullable: true }) section?: string | null;
  @Field(() => Level) level!: Level;
  @Field(() => [Theme]) themes!: Theme[];
  @Field(() => [ActorKind], { nullable: true }) addressees?: ActorKind[] | null;
  @Field(() => PartialDateScalar, { nullable: true }) deadline?: string | null;
}

@InputType({ description: 'Fields left out stay as they are; null clears an optional field.' })
export class UpdateRecommendationInput {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) sourceId?: string | null;
  @Field(() => String, { nullable: true }) code?: string | null;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) text?: string | null;
  @Field(() => String, { nullable: true }) section?: string | null;
  @Field(() => Level, { nullable: true }) level?: Level | null;
  @Field(() => [Theme], { nullable: true }) themes?: Theme[] | null;
  @Field(() => [ActorKind], { nullable: true }) addressees?: ActorKind[] | null;
  @Field(() => PartialDateScalar, { nullable: true }) deadline?: string | null;
  @Field(() => String, { nullable: true, description: 'Why: kept in the record’s revisions.' }) reason?: string | null;
}

@ObjectType()
export class RecommendationPayload {
  @Field(() => Recommendation) recommendation!: Recommendation;
}

@InputType()
export class CreateActorInput {
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => ActorKind) kind!: ActorKind;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2.' }) country?: string | null;
  @Field(() => ID, { nullable: true }) parentId?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType({ description: 'Fields left out stay as they are; null clears an optional field.' })
export class UpdateActorInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) code?: string | null;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => ActorKind, { nullable: true }) kind?: ActorKind | null;
  @Field(() => String, { nullable: true }) country?: string | null;
  @Field(() => ID, { nullable: true }) parentId?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true, description: 'Why: kept in the record’s revisions.' }) reason?: string | null;
}

@ObjectType()
export class ActorPayload {
  @Field(() => Actor) actor!: Actor;
}

@InputType()
export class CreateResponsibilityInput {
  @Field(() => ID) recommendationId!: string;
  @Field(() => ID) actorId!: string;
  @Field(() => ResponsibilityRole) role!: ResponsibilityRole;
}

@InputType()
export class UpdateResponsibilityInput {
  @Field(() => ID) id!: string;
  @Field(() => ResponsibilityRole) role!: ResponsibilityRole;
  @Field(() => String, { nullable: true, description: 'Why: kept in the record’s revisions.' }) reason?: string | null;
}

@ObjectType()
export class ResponsibilityPayload {
  @Field(() => Responsibility) responsibility!: Responsibility;
}

@InputType()
export class ArchiveInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: 'Why: kept in the record’s revisions.' }) reason?: string | null;
}

@ObjectType()
export class ArchivePayload {
  @Field(() => Node, { description: 'The archived record (its archivedAt is set).' }) node!: Node;
}

@InputType()
export class RestoreInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: 'Why: kept in the record’s revisions.' }) reason?: string | null;
}

@ObjectType()
export class RestorePayload {
  @Field(() => Node, { description: 'The restored record (its archivedAt is null): listed and writable again.' }) node!: Node;
}
