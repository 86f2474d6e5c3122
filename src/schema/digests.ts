/** Inputs and payloads of the e-mail digest mutations. */
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DigestFrequency } from '../domain/enums';
import { DigestSubscription } from '../entities';

@InputType()
export class SubscribeDigestInput {
  @Field(() => ID, { description: 'One of the caller’s watch lists.' }) watchId!: string;
  @Field(() => DigestFrequency) frequency!: DigestFrequency;
  @Field({ description: 'IANA time zone, e.g. "Europe/Rome".' }) timeZone!: string;
  @Field(() => Int, { description: 'Local hour of the day, 0–23 (WEEKLY: on Mondays at that hour).' }) hour!: number;
}

@ObjectType()
export class SubscribeDigestPayload {
  @Field(() => DigestSubscription) digest!: DigestSubscription;
}

@InputType({ description: 'The digest to stop: by its id, or by its watch list’s.' })
export class UnsubscribeDigestInput {
  @Field(() => ID, { nullable: true }) digestId?: string | null;
  @Field(() => ID, { nullable: true }) watchId?: string | null;
}

@ObjectType()
export class UnsubscribeDigestPayload {
  @Field(() => DigestSubscription, { description: 'The digest, now archived.' }) digest!: DigestSubscription;
}
