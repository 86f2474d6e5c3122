import { DateTimeType, Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node, TrackedEntity } from './base';
import type { User } from './User';
import type { Watch } from './Watch';
import { DigestFrequency } from '../domain/enums';

/**
 * An e-mail digest of one watch list (src/digests): when it goes out (src/domain/digest-schedule.ts)
 * and how far it has got. `lastSequence` is the last event a digest covered and `nextDigestAt`
 * the next time one is due, both kept in the database so that a restart neither sends a digest
 * again nor skips one. Unsubscribing archives it.
 */
@ObjectType({ implements: Node, description: 'An e-mail digest of one of the caller’s watch lists.' })
@Entity()
@Index({ properties: ['archivedAt', 'nextDigestAt'] })
export class DigestSubscription extends TrackedEntity<'lastSequence' | 'lastSentAt' | 'leaseUntil'> {
  @ManyToOne('Watch', { ref: true, index: true })
  watch!: Ref<Watch>;

  @ManyToOne('User', { ref: true, index: true })
  user!: Ref<User>;

  @Field(() => DigestFrequency)
  @Enum({ items: () => DigestFrequency })
  frequency!: DigestFrequency;

  @Field({ description: 'IANA time zone the hour is counted in.' })
  @Property({ type: 'text' })
  timeZone!: string;

  @Field(() => Int, { description: 'Local hour of the day (0–23) at which the digest is sent.' })
  @Property({ type: 'integer' })
  hour!: number;

  @Field(() => Date, { description: 'When the next digest is due (sent only if there is something to say).' })
  @Property({ type: DateTimeType })
  nextDigestAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the last digest was sent.' })
  @Property({ type: DateTimeType, nullable: true })
  lastSentAt?: Date | null = null;

  /** The sequence of the last event a digest covered: the next one lists the events after it. */
  @Property({ type: 'integer' })
  lastSequence: number = 0;

  /** While a worker sends this digest, other instances leave it alone until then. */
  @Property({ type: DateTimeType, nullable: true })
  leaseUntil?: Date | null = null;
}
