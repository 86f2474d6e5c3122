import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Role } from '../../domain/enums';
import { User } from '../../entities';

@InputType()
export class CreateUserInput {
  @Field() email!: string;
  @Field(() => Role) role!: Role;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true, description: 'FOCAL_POINT and CIVIL_SOCIETY: the actor they act for.' }) actorCode?: string | null;
  @Field(() => String, { nullable: true, description: 'OMBUDSPERSON: their country (ISO 3166-1 alpha-2).' }) country?: string | null;
  @Field(() => Int, { nullable: true }) expiresInDays?: number | null;
}

@ObjectType()
export class CreateUserPayload {
  @Field(() => User) user!: User;
  @Field({ description: 'The bearer token, shown only this once.' }) token!: string;
}

@InputType()
export class IssueTokenInput {
  @Field(() => ID) userId!: string;
  @Field(() => Int, { nullable: true }) expiresInDays?: number | null;
}

@ObjectType()
export class IssueTokenPayload {
  @Field({ description: 'The bearer token, shown only this once.' }) token!: string;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
}

@InputType()
export class RevokeTokensInput {
  @Field(() => ID) userId!: string;
}

@ObjectType()
export class RevokeTokensPayload {
  @Field(() => Int) revokedCount!: number;
}

@InputType()
export class DisableUserInput {
  @Field(() => ID) userId!: string;
}

@ObjectType()
export class DisableUserPayload {
  @Field(() => User) user!: User;
}

@InputType()
export class EnableUserInput {
  @Field(() => ID) userId!: string;
}

@ObjectType()
export class EnableUserPayload {
  @Field(() => User) user!: User;
}

@InputType({ description: 'Fields left out stay as they are; null clears name, actorId or country.' })
export class UpdateUserInput {
  @Field(() => ID, { description: 'The user’s global ID.' }) id!: string;
  @Field(() => Role, { nullable: true }) role?: Role | null;
  @Field(() => ID, { nullable: true, description: 'FOCAL_POINT and CIVIL_SOCIETY: the actor they act for.' }) actorId?: string | null;
  @Field(() => String, { nullable: true, description: 'OMBUDSPERSON: their country (ISO 3166-1 alpha-2).' }) country?: string | null;
  @Field(() => String, { nullable: true }) name?: string | null;
}

@ObjectType()
export class UpdateUserPayload {
  @Field(() => User) user!: User;
}

@ObjectType('ApiToken', { description: 'One of the caller’s bearer tokens. The secret itself is never shown again.' })
export class ApiTokenView {
  @Field(() => ID, { description: 'Global ID (for revokeMyToken).' }) id!: string;
  @Field({ description: 'The token’s first characters, to tell tokens apart.' }) prefix!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Null: never expires.' }) expiresAt!: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
  @Field({ description: 'Neither revoked nor expired.' }) live!: boolean;
}

@InputType()
export class RevokeMyTokenInput {
  @Field(() => ID, { description: 'An ApiToken id from `viewer { tokens }`.' }) id!: string;
}

@ObjectType()
export class RevokeMyTokenPayload {
  @Field(() => ApiTokenView) token!: ApiTokenView;
}
