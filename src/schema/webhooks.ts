/** GraphQL types of webhooks: inputs and payloads of their mutations, and their deliveries. */
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Webhook } from '../entities';
import { Topic } from '../pubsub/events';
import { EventFilter } from './subscriptions';
import { ConnectionType } from './connection';

export enum WebhookDeliveryState {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryState, {
  name: 'WebhookDeliveryState',
  description: 'PENDING: not yet delivered (an attempt is due at nextAttemptAt); DELIVERED: a 2xx answer; FAILED: given up.',
});

@InputType()
export class CreateWebhookInput {
  @Field({
    description:
      'https, or http to a host WEBHOOK_ALLOWED_HOSTS names; never a loopback, link-local or private address unless named there.',
  })
  url!: string;
  @Field(() => [Topic]) topics!: Topic[];
  @Field(() => EventFilter, {
    nullable: true,
    description: 'Which events: the same filter as subscriptions (none: every event of the topics).',
  })
  filter?: EventFilter | null;
}

@ObjectType()
export class CreateWebhookPayload {
  @Field(() => Webhook) webhook!: Webhook;
  @Field({ description: 'The signing secret, shown only this once.' }) secret!: string;
}

@InputType()
export class UpdateWebhookInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => [Topic], { nullable: true }) topics?: Topic[] | null;
  @Field(() => EventFilter, { nullable: true, description: 'Replaces the filter (null: every event of the topics).' })
  filter?: EventFilter | null;
  @Field(() => Boolean, { nullable: true, description: 'true turns a disabled webhook back on; false disables it.' })
  enabled?: boolean | null;
}

@ObjectType()
export class UpdateWebhookPayload {
  @Field(() => Webhook) webhook!: Webhook;
}

@InputType()
export class DisableWebhookInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: 'Shown as disabledReason.' }) reason?: string | null;
}

@ObjectType()
export class DisableWebhookPayload {
  @Field(() => Webhook) webhook!: Webhook;
}

@InputType()
export class RotateWebhookSecretInput {
  @Field(() => ID) id!: string;
}

@ObjectType()
export class RotateWebhookSecretPayload {
  @Field(() => Webhook) webhook!: Webhook;
  @Field({ description: 'The new signing secret, shown only this once; the previous one keeps signing for 24 hours.' }) secret!: string;
}

@ObjectType({ description: 'One event to deliver to a webhook, and how its last attempt went.' })
export class WebhookDelivery {
  @Field(() => ID) id!: string;
  @Field({ description: 'X-Tracker-Event-Id: the same on every attempt.' }) eventId!: string;
  @Field(() => Topic) topic!: Topic;
  @Field(() => Int) sequence!: number;
  @Field(() => WebhookDeliveryState) state!: WebhookDeliveryState;
  @Field(() => Int, { description: 'Attempts made.' }) attempt!: number;
  @Field(() => Int, { nullable: true, description: 'HTTP status of the last attempt (null: no answer).' }) statusCode!: number | null;
  @Field(() => Int, { nullable: true, description: 'How long the last attempt took, in ms.' }) durationMs!: number | null;
  @Field(() => String, { nullable: true, description: 'Why the last attempt failed.' }) error!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) lastAttemptAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the next attempt is due (PENDING only).' }) nextAttemptAt!: Date | null;
  @Field(() => Date, { nullable: true }) deliveredAt!: Date | null;
}

export const WebhookConnection = ConnectionType('Webhook', Webhook);
export const WebhookDeliveryConnection = ConnectionType('WebhookDelivery', WebhookDelivery);
