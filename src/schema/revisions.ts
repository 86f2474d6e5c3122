/** GraphQL types of the edit history (src/services/revisions.ts). */
import { Field, ObjectType } from 'type-graphql';
import { Revision } from '../entities';
import { ConnectionType } from './connection';
import { PartialDateScalar } from './scalars';

export const RevisionConnection = ConnectionType('Revision', Revision);

@ObjectType({ description: 'One due date a commitment had: when it was set, by whom and why.' })
export class DueDateChange {
  @Field(() => PartialDateScalar, { nullable: true, description: 'The due date set (null: cleared).' })
  dueDate!: string | null;

  @Field(() => PartialDateScalar, { nullable: true, description: 'The one it replaced (null: none).' })
  previousDueDate!: string | null;

  @Field(() => Date, { description: 'When it was set.' })
  at!: Date;

  @Field(() => String, { nullable: true, description: 'Why, when the write gave a reason.' })
  reason!: string | null;

  /** Who set it (resolved to a User by src/resolvers/revisions.resolver.ts). */
  byId!: number | null;
}
