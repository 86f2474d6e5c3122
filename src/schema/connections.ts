/** The connection types of every list in the schema. */
import { ConnectionType } from './connection';
import { LinkConnectionType } from './link-connection';
import { PartnerConnectionType } from './partner-connection';
import { Actor, Assessment, Commitment, ProgressUpdate, Recommendation, Responsibility, Source, StatusChange } from '../entities';

export const SourceConnection = ConnectionType('Source', Source);
export const RecommendationConnection = ConnectionType('Recommendation', Recommendation);
export const ActorConnection = ConnectionType('Actor', Actor);
export const CommitmentConnection = ConnectionType('Commitment', Commitment);
export const ResponsibilityConnection = ConnectionType('Responsibility', Responsibility);
export const ProgressUpdateConnection = ConnectionType('ProgressUpdate', ProgressUpdate);
export const StatusChangeConnection = ConnectionType('StatusChange', StatusChange);
export const AssessmentConnection = ConnectionType('Assessment', Assessment);

/** Commitment.recommendations and Recommendation.commitments: edges carry the link's kind. */
export const CommitmentRecommendationConnection = LinkConnectionType('CommitmentRecommendation', Recommendation);
export const RecommendationCommitmentConnection = LinkConnectionType('RecommendationCommitment', Commitment);

/** Commitment.partners (the partner actors) and Actor.partnerships (the commitments it is a partner of): edges carry the role. */
export const CommitmentPartnerConnection = PartnerConnectionType('CommitmentPartner', Actor);
export const ActorPartnershipConnection = PartnerConnectionType('ActorPartnership', Commitment);
