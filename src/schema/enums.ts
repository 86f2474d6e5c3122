/** Registers the domain's enums with GraphQL (SCREAMING_CASE values, as in the design note). */
import { registerEnumType } from 'type-graphql';
import {
  ActorKind,
  AssessmentRating,
  CommitmentLinkKind,
  CommitmentStatus,
  DigestFrequency,
  Level,
  ProgressUpdateState,
  RecommendationRelation,
  RecommendationStatus,
  ReportingFrequency,
  PartnerRole,
  ResponsibilityRole,
  RevisionKind,
  Role,
  SourceKind,
  Theme,
} from '../domain/enums';

registerEnumType(CommitmentStatus, { name: 'CommitmentStatus', description: 'Where a commitment stands.' });
registerEnumType(RecommendationStatus, {
  name: 'RecommendationStatus',
  description: 'Roll-up of a recommendation’s commitments (withdrawn ones ignored).',
});
registerEnumType(SourceKind, { name: 'SourceKind' });
registerEnumType(Theme, { name: 'Theme' });
registerEnumType(Level, { name: 'Level' });
registerEnumType(ActorKind, { name: 'ActorKind' });
registerEnumType(ResponsibilityRole, { name: 'ResponsibilityRole' });
registerEnumType(PartnerRole, {
  name: 'PartnerRole',
  description: 'What a partner does in a commitment another actor leads: IMPLEMENTING, FUNDING or MONITORING.',
});
registerEnumType(ReportingFrequency, { name: 'ReportingFrequency' });
registerEnumType(AssessmentRating, { name: 'AssessmentRating' });
registerEnumType(RevisionKind, {
  name: 'RevisionKind',
  description: 'What a write did to a record: CREATED, UPDATED, ARCHIVED, RESTORED or WITHDRAWN (an assessment withdrawn by its author).',
});
registerEnumType(RecommendationRelation, { name: 'RecommendationRelation' });
registerEnumType(CommitmentLinkKind, {
  name: 'CommitmentLinkKind',
  description:
    'RESPONDS_TO: a document says the commitment answers the recommendation (counted as coverage); CONTRIBUTES_TO: a measure cited as relevant.',
});
registerEnumType(Role, { name: 'Role' });
registerEnumType(ProgressUpdateState, {
  name: 'ProgressUpdateState',
  description: 'Where a progress update is in the review (README, "Review of progress updates").',
  valuesConfig: {
    DRAFT: { description: 'Submitted by a focal point, awaiting the secretariat (in the review queue).' },
    PUBLISHED: { description: 'Public; never edited again (a correction is a new update naming it in `corrects`).' },
    RETURNED: { description: 'Sent back by the secretariat with a comment; an edit submits it again (DRAFT).' },
    WITHDRAWN: { description: 'Withdrawn by a focal point of its actor before publication; final.' },
  },
});
registerEnumType(DigestFrequency, {
  name: 'DigestFrequency',
  description: 'DAILY: every day at the hour given, in the time zone given; WEEKLY: on Mondays at that hour.',
});

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection' });

export enum RecommendationOrderField {
  CODE = 'CODE',
  SOURCE_DATE = 'SOURCE_DATE',
}
registerEnumType(RecommendationOrderField, { name: 'RecommendationOrderField' });

export enum CommitmentOrderField {
  CODE = 'CODE',
  DUE_DATE = 'DUE_DATE',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(CommitmentOrderField, { name: 'CommitmentOrderField' });
