/**
 * The connections of the commitment ↔ recommendation links (`Commitment.recommendations`,
 * `Recommendation.commitments`): Relay connections whose edges also carry the link's `kind` and
 * the passage that supports it.
 */
import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { CommitmentLinkKind } from '../domain/enums';
import { PageInfo, type Page } from './connection';

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

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items the whole list holds (all pages).' })
    totalCount!: number;
  }

  return Connection as unknown as ClassType<LinkPage<T>>;
}
