/**
 * The connections of the commitment ↔ recommendation links (`Commitment.recommendations`,
 * `Recommendation.commitments`): Relay connections whose edges also carry the link's `kind` and
 * the passage that supports it.
 */
import { Field, ObjectType, type ClassType } from 'type-graphql';
import { CommitmentLinkKind } from '../domain/enums';
import { connectionOf, type Page } from './connection';

export interface LinkEdge<T> {
  cursor: string;
  node: T;
  kind: CommitmentLinkKind;
  evidence: string | null;
}

export interface LinkPage<T> extends Omit<Page<T>, 'edges'> {
  edges: LinkEdge<T>[];
}

/** `<name>Connection` / `<name>Edge` for linked nodes of `nodeType`. */
export function LinkConnectionType<T extends object>(name: string, nodeType: ClassType<T>): ClassType<LinkPage<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: T;

    @Field(() => CommitmentLinkKind, {
      description:
        'RESPONDS_TO: a document says the commitment answers the recommendation (coverage counts only these); CONTRIBUTES_TO: a measure cited as relevant.',
    })
    kind!: CommitmentLinkKind;

    @Field(() => String, {
      nullable: true,
      description: 'The passage that links them (verbatim in the commitment’s document for seeded answers).',
    })
    evidence!: string | null;
  }

  return connectionOf(name, EdgeType) as unknown as ClassType<LinkPage<T>>;
}
