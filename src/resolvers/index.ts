/** Every resolver class of the schema. Resolvers stay thin: rules live in src/domain and src/auth. */
import { NodeResolver } from './node.resolver';
import { SourceResolver } from './source.resolver';
import { RecommendationResolver } from './recommendation.resolver';
import { ActorResolver } from './actor.resolver';
import { ResponsibilityResolver } from './responsibility.resolver';
import { CommitmentResolver } from './commitment.resolver';
import { AssessmentResolver, ProgressUpdateResolver, StatusChangeResolver, UserResolver } from './records.resolver';

export const resolvers = [
  NodeResolver, SourceResolver, RecommendationResolver, ActorResolver, ResponsibilityResolver, CommitmentResolver,
  ProgressUpdateResolver, StatusChangeResolver, AssessmentResolver, UserResolver,
] as const;
