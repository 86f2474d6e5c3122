import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { RecommendationRelation } from '../domain/enums';
import { Recommendation } from '../entities';

export enum LinkDirection {
  /** This recommendation reiterates or follows up the other one. */
  OUTGOING = 'OUTGOING',
  /** The other recommendation reiterates or follows up this one. */
  INCOMING = 'INCOMING',
}
registerEnumType(LinkDirection, { name: 'LinkDirection' });

@ObjectType({ description: 'A link between two recommendations, seen from one of them.' })
export class RelatedRecommendation {
  @Field(() => RecommendationRelation) relation!: RecommendationRelation;
  @Field(() => LinkDirection) direction!: LinkDirection;
  @Field(() => Recommendation) recommendation!: Recommendation;
}
