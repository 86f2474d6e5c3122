/** Every resolver class of the schema. Resolvers stay thin: rules live in src/domain and src/auth. */
import { NodeResolver } from './node.resolver';
import { SourceResolver } from './source.resolver';
import { RecommendationResolver } from './recommendation.resolver';
import { ActorResolver } from './actor.resolver';
import { ResponsibilityResolver } from './responsibility.resolver';
import { CommitmentResolver } from './commitment.resolver';
import { AssessmentResolver, ProgressUpdateResolver, StatusChangeResolver, UserResolver } from './records.resolver';
import { CommitmentMutations } from './commitment.mutations';
import { ReferenceMutations } from './reference.mutations';
import { UserMutations, UserTokensResolver } from './user.mutations';
import { ReviewResolver } from './review.resolver';
import { SubscriptionResolver, UserWatchesResolver, WatchResolver } from './subscription.resolver';
import { auditResolvers } from './audit.resolver';
import { CommitmentDueDatesResolver, DueDateChangeResolver, RevisionResolver, revisionsResolvers } from './revisions.resolver';
import { DigestResolver, UserDigestsResolver } from './digest.resolver';
import { SourceCoverageResolver, StatsResolver } from './stats.resolver';
import { WebhookResolver } from './webhook.resolver';

// type-graphql's buildSchema takes a non-empty array of resolver classes typed as `Function`.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: [Function, ...Function[]] = [
  NodeResolver,
  SourceResolver,
  RecommendationResolver,
  ActorResolver,
  ResponsibilityResolver,
  CommitmentResolver,
  ProgressUpdateResolver,
  StatusChangeResolver,
  AssessmentResolver,
  UserResolver,
  StatsResolver,
  SourceCoverageResolver,
  CommitmentMutations,
  ReferenceMutations,
  UserMutations,
  UserTokensResolver,
  ReviewResolver,
  SubscriptionResolver,
  WatchResolver,
  UserWatchesResolver,
  WebhookResolver,
  DigestResolver,
  UserDigestsResolver,
  ...auditResolvers,
  ...revisionsResolvers,
  RevisionResolver,
  DueDateChangeResolver,
  CommitmentDueDatesResolver,
];
