/**
 * The connections of a commitment's partners (`Commitment.partners`: the partner actors;
 * `Actor.partnerships`: the commitments it is a partner of): Relay connections whose edges also
 * carry the partner's role and the passage that names it.
 */
import { Field, ObjectType, type ClassType } from 'type-graphql';
import { PartnerRole } from '../domain/enums';
import { connectionOf, type Page } from './connection';

export interface PartnerEdge<T> {
  cursor: string;
  node: T;
  role: PartnerRole;
  evidence: string | null;
  document: string | null;
  section: string | null;
}

export interface PartnerPage<T> extends Omit<Page<T>, 'edges'> {
  edges: PartnerEdge<T>[];
}

/** `<name>Connection` / `<name>Edge` for the partner nodes of `nodeType`. */
export function PartnerConnectionType<T extends object>(name: string, nodeType: ClassType<T>): ClassType<PartnerPage<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: T;

    @Field(() => PartnerRole, { description: 'What the partner does in the commitment (the lead actor is Commitment.actor).' })
    role!: PartnerRole;

    @Field(() => String, {
      nullable: true,
      description: 'The passage that names the partner (verbatim in `document` for seeded partners).',
    })
    evidence!: string | null;

    @Field(() => String, { nullable: true, description: 'Source document file name of the passage.' })
    document!: string | null;

    @Field(() => String, { nullable: true, description: 'Section heading of the document the passage sits under.' })
    section!: string | null;
  }

  return connectionOf(name, EdgeType) as unknown as ClassType<PartnerPage<T>>;
}
