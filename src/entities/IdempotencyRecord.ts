import { Entity, ManyToOne, PrimaryKey, Property, type Ref, Unique, DateTimeType } from '@mikro-orm/core';
import type { User } from './User';

/**
 * The first result of a mutation sent with an `idempotencyKey`: a retry with the same key and
 * the same input gets that result again; the same key with another input is refused.
 */
@Entity()
@Unique({ properties: ['user', 'operation', 'key'] })
export class IdempotencyRecord {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne('User', { ref: true })
  user!: Ref<User>;

  @Property({ type: 'text' })
  operation!: string;

  @Property({ type: 'text' })
  key!: string;

  /** SHA-256 of the canonical JSON of the input (without the key). */
  @Property({ type: 'text' })
  requestHash!: string;

  /** Ids of what the first call wrote, as JSON. */
  @Property({ type: 'json' })
  result!: Record<string, number | null>;

  @Property({ type: DateTimeType })
  createdAt!: Date;
}
