/** Types of the subscriptions and of watch lists. */
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Commitment, ProgressUpdate, StatusChange } from '../entities';
import { Theme } from '../domain/enums';
import { Topic } from '../pubsub/events';

registerEnumType(Topic, { name: 'EventTopic', description: 'What happened: a status change or a progress update.' });

@InputType({
  description:
    'AND between kinds, OR within one kind (ids and codes of one kind too: actorIds or actorCodes); leave a kind out to match all. An unknown code is BAD_USER_INPUT.',
})
export class EventFilter {
  @Field(() => [ID], { nullable: true }) actorIds?: string[] | null;
  @Field(() => [String], { nullable: true }) actorCodes?: string[] | null;
  @Field(() => [ID], { nullable: true }) commitmentIds?: string[] | null;
  @Field(() => [String], { nullable: true }) commitmentCodes?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'The actor’s country, or its parent’s.' }) countryCodes?: string[] | null;
  @Field(() => [String], { nullable: true }) sourceCodes?: string[] | null;
  @Field(() => [String], { nullable: true }) recommendationCodes?: string[] | null;
  @Field(() => [Theme], { nullable: true, description: 'Themes of the recommendations the commitment addresses.' }) themes?: Theme[] | null;
}

@ObjectType({ description: 'A committed change of a commitment, as pushed to subscribers.' })
export class CommitmentEvent {
  @Field(() => Topic) topic!: Topic;
  @Field(() => Int, { nullable: true, description: 'Global sequence; pass the last one you saw as `after` to resume. Null for drafts.' })
  sequence!: number | null;
  @Field(() => Commitment, { description: 'The commitment as it is now, with its new status.' }) commitment!: Commitment;
  @Field(() => StatusChange, { nullable: true }) statusChange!: StatusChange | null;
  @Field(() => ProgressUpdate, { nullable: true }) progressUpdate!: ProgressUpdate | null;
}

@InputType()
export class WatchInput {
  @Field() name!: string;
  @Field(() => EventFilter) filter!: EventFilter;
}

@InputType()
export class UnwatchInput {
  @Field(() => ID) id!: string;
}

@ObjectType({ description: 'A saved event filter.' })
export class WatchFilter {
  @Field(() => [ID], { nullable: true }) actorIds!: string[] | null;
  @Field(() => [String], { nullable: true }) actorCodes!: string[] | null;
  @Field(() => [ID], { nullable: true }) commitmentIds!: string[] | null;
  @Field(() => [String], { nullable: true }) commitmentCodes!: string[] | null;
  @Field(() => [String], { nullable: true }) countryCodes!: string[] | null;
  @Field(() => [String], { nullable: true }) sourceCodes!: string[] | null;
  @Field(() => [String], { nullable: true }) recommendationCodes!: string[] | null;
  @Field(() => [Theme], { nullable: true }) themes!: Theme[] | null;
}
