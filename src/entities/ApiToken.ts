import { Entity, Property, ManyToOne, type Ref, PrimaryKey, DateTimeType } from '@mikro-orm/core';
import type { User } from './User';

/** A bearer token, stored only as its SHA-256 hash. */
@Entity()
export class ApiToken {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne('User', { ref: true })
  user!: Ref<User>;

  @Property({ type: 'text', unique: true })
  tokenHash!: string;

  /** The first characters of the token, to tell tokens apart in listings. */
  @Property({ type: 'text' })
  prefix!: string;

  @Property({ type: DateTimeType })
  createdAt!: Date;

  @Property({ type: DateTimeType, nullable: true })
  expiresAt?: Date | null;

  @Property({ type: DateTimeType, nullable: true })
  revokedAt?: Date | null;
}
