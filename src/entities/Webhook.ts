import { DateTimeType, Entity, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node, TrackedEntity } from './base';
import { Topic } from '../pubsub/events';
import type { EventFilterValues } from '../pubsub/filter';

/**
 * A receiver of signed event POSTs (src/webhooks). Managed by ADMIN and SECRETARIAT only; the
 * secret is shown once, at creation or rotation, and never again.
 */
@ObjectType({ implements: Node, description: 'A URL that receives signed POSTs of committed events (ADMIN and SECRETARIAT).' })
@Entity()
export class Webhook extends TrackedEntity<'enabled'> {
  @Field({ description: 'Where events are POSTed (https, or http to a host WEBHOOK_ALLOWED_HOSTS names).' })
  @Property({ type: 'text' })
  url!: string;

  @Field(() => [Topic], { description: 'The topics delivered.' })
  @Property({ type: 'json' })
  topics!: Topic[];

  /** Local ids and codes, as a watch's; exposed through WebhookResolver. */
  @Property({ type: 'json' })
  filter!: EventFilterValues;

  /**
   * The signing secret, stored as it is: an HMAC needs the secret itself to sign (a hash of it
   * would not do), and only the worker reads it. README, "Notifications".
   */
  @Property({ type: 'text', lazy: true })
  secret!: string;

  /** The secret before the last rotation: it signs too until previousSecretExpiresAt. */
  @Property({ type: 'text', nullable: true, lazy: true })
  previousSecret?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Until then, deliveries carry a second v1 signature with the secret before the last rotation.',
  })
  @Property({ type: DateTimeType, nullable: true })
  previousSecretExpiresAt?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Set when disabled (by disableWebhook, or after a day of failed deliveries); null while it receives events.',
  })
  @Property({ type: DateTimeType, nullable: true })
  disabledAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was disabled.' })
  @Property({ type: 'text', nullable: true })
  disabledReason?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'The first of the consecutive failed attempts since the last success; null when the last attempt succeeded.',
  })
  @Property({ type: DateTimeType, nullable: true })
  failingSince?: Date | null;

  @Field({ description: 'Whether events are delivered to it.' })
  get enabled(): boolean {
    return !this.disabledAt;
  }
}
