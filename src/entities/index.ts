/** Every persisted entity; the ORM configuration and the schema take this list. */
import { Node, TrackedEntity, ProvenancedEntity } from './base';
import { User } from './User';
import { ApiToken } from './ApiToken';
import { Actor } from './Actor';
import { Source } from './Source';
import { Recommendation } from './Recommendation';
import { RecommendationLink } from './RecommendationLink';
import { RecommendationCodeAlias } from './RecommendationCodeAlias';
import { Responsibility } from './Responsibility';
import { Commitment } from './Commitment';
import { CommitmentLink } from './CommitmentLink';
import { CommitmentPartner } from './CommitmentPartner';
import { ProgressUpdate } from './ProgressUpdate';
import { StatusChange } from './StatusChange';
import { Assessment } from './Assessment';
import { EventCounter } from './EventCounter';
import { IdempotencyRecord } from './IdempotencyRecord';
import { Watch } from './Watch';
import { Revision, FieldChange } from './Revision';
import { Webhook } from './Webhook';
import { DigestSubscription } from './DigestSubscription';

export {
  Node,
  TrackedEntity,
  ProvenancedEntity,
  User,
  ApiToken,
  Actor,
  Source,
  Recommendation,
  RecommendationLink,
  RecommendationCodeAlias,
  Responsibility,
  Commitment,
  CommitmentLink,
  CommitmentPartner,
  ProgressUpdate,
  StatusChange,
  Assessment,
  EventCounter,
  IdempotencyRecord,
  Watch,
  Revision,
  FieldChange,
  Webhook,
  DigestSubscription,
};

export const entities = [
  User,
  ApiToken,
  Actor,
  Source,
  Recommendation,
  RecommendationLink,
  RecommendationCodeAlias,
  Responsibility,
  Commitment,
  CommitmentLink,
  CommitmentPartner,
  ProgressUpdate,
  StatusChange,
  Assessment,
  EventCounter,
  IdempotencyRecord,
  Watch,
  Revision,
  Webhook,
  DigestSubscription,
];
