import { Entity, Enum, Property, ManyToOne, type Ref, Collection, OneToMany, DateTimeType } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { TrackedEntity, Node } from './base';
import { Role } from '../domain/enums';
import type { Actor } from './Actor';
import type { ApiToken } from './ApiToken';

/** A person or system that reads or writes. Secrets live in ApiToken, never on a field. */
@ObjectType({ implements: Node })
@Entity({ tableName: 'app_user' })
export class User extends TrackedEntity {
  /** The built-in user that owns seeded records. */
  static readonly SYSTEM_EMAIL = 'system@follow-up-tracker.local';

  @Property({ type: 'text', unique: true })
  email!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  name?: string | null;

  // role, country, e-mail and dates are shown to the user and staff only (src/resolvers/records.resolver.ts).
  @Enum({ items: () => Role, nativeEnumName: undefined })
  role!: Role;

  /** FOCAL_POINT and CIVIL_SOCIETY users act for one actor. */
  @ManyToOne('Actor', { nullable: true, ref: true })
  actor?: Ref<Actor> | null;

  /** OMBUDSPERSON users act for one country (ISO 3166-1 alpha-2). */
  @Property({ type: 'text', nullable: true })
  country?: string | null;

  @Property({ type: DateTimeType, nullable: true })
  disabledAt?: Date | null;

  @OneToMany('ApiToken', 'user')
  tokens = new Collection<ApiToken>(this);
}
