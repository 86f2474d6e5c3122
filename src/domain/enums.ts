/** The domain's vocabularies (../shared/design/domain-and-api.md). Values are the GraphQL enum values. */

export enum CommitmentStatus {
  NOT_STARTED = 'NOT_STARTED',
  IN_PROGRESS = 'IN_PROGRESS',
  PARTIALLY_IMPLEMENTED = 'PARTIALLY_IMPLEMENTED',
  IMPLEMENTED = 'IMPLEMENTED',
  STALLED = 'STALLED',
  WITHDRAWN = 'WITHDRAWN',
}

export enum RecommendationStatus {
  NO_COMMITMENT = 'NO_COMMITMENT',
  NOT_STARTED = 'NOT_STARTED',
  IN_PROGRESS = 'IN_PROGRESS',
  IMPLEMENTED = 'IMPLEMENTED',
}

export enum SourceKind {
  WORLD_CONGRESS = 'WORLD_CONGRESS',
  CONSULTATION = 'CONSULTATION',
  CONFERENCE = 'CONFERENCE',
  TREATY = 'TREATY',
  TREATY_BODY = 'TREATY_BODY',
  MONITORING_BODY = 'MONITORING_BODY',
  UN_GENERAL_ASSEMBLY = 'UN_GENERAL_ASSEMBLY',
  OTHER = 'OTHER',
}

export enum Theme {
  PREVENTION = 'PREVENTION',
  PROTECTION = 'PROTECTION',
  PROSECUTION = 'PROSECUTION',
  PARTICIPATION = 'PARTICIPATION',
  COOPERATION = 'COOPERATION',
  MONITORING = 'MONITORING',
}

export enum Level {
  OVERARCHING = 'OVERARCHING',
  NATIONAL = 'NATIONAL',
  REGIONAL = 'REGIONAL',
  INTERNATIONAL = 'INTERNATIONAL',
  DONOR = 'DONOR',
}

export enum ActorKind {
  STATE = 'STATE',
  GOVERNMENT_BODY = 'GOVERNMENT_BODY',
  INTERGOVERNMENTAL_ORGANISATION = 'INTERGOVERNMENTAL_ORGANISATION',
  UN_AGENCY = 'UN_AGENCY',
  DONOR_AGENCY = 'DONOR_AGENCY',
  CIVIL_SOCIETY = 'CIVIL_SOCIETY',
  OMBUDSPERSON = 'OMBUDSPERSON',
  PRIVATE_SECTOR = 'PRIVATE_SECTOR',
  MEDIA = 'MEDIA',
  RESEARCH = 'RESEARCH',
  CHILDREN = 'CHILDREN',
  OTHER = 'OTHER',
}

export enum ResponsibilityRole {
  LEAD = 'LEAD',
  SUPPORTING = 'SUPPORTING',
  MONITORING = 'MONITORING',
}

/** What a partner does in a commitment led by another actor (src/entities/CommitmentPartner.ts). */
export enum PartnerRole {
  IMPLEMENTING = 'IMPLEMENTING',
  FUNDING = 'FUNDING',
  MONITORING = 'MONITORING',
}

export enum ReportingFrequency {
  MONTHLY = 'MONTHLY',
  QUARTERLY = 'QUARTERLY',
  SEMIANNUAL = 'SEMIANNUAL',
  ANNUAL = 'ANNUAL',
  NONE = 'NONE',
}

export enum AssessmentRating {
  NOT_IMPLEMENTED = 'NOT_IMPLEMENTED',
  PARTIALLY_IMPLEMENTED = 'PARTIALLY_IMPLEMENTED',
  IMPLEMENTED = 'IMPLEMENTED',
  INSUFFICIENT_INFORMATION = 'INSUFFICIENT_INFORMATION',
}

/** What a revision did to its record (src/services/revisions.ts). */
export enum RevisionKind {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  ARCHIVED = 'ARCHIVED',
  RESTORED = 'RESTORED',
  WITHDRAWN = 'WITHDRAWN',
}

export enum RecommendationRelation {
  REITERATES = 'REITERATES',
  FOLLOWS_UP = 'FOLLOWS_UP',
}

/** How a commitment relates to a recommendation (seeds/README.md, "Link kinds"). */
export enum CommitmentLinkKind {
  /** A document says the commitment answers the recommendation: counted as coverage. */
  RESPONDS_TO = 'RESPONDS_TO',
  /** A measure cited as relevant to the recommendation (it may predate it): not coverage. */
  CONTRIBUTES_TO = 'CONTRIBUTES_TO',
}

export enum Role {
  VIEWER = 'VIEWER',
  OMBUDSPERSON = 'OMBUDSPERSON',
  CIVIL_SOCIETY = 'CIVIL_SOCIETY',
  FOCAL_POINT = 'FOCAL_POINT',
  SECRETARIAT = 'SECRETARIAT',
  ADMIN = 'ADMIN',
}

/** A progress update's place in the review (src/domain/review.ts). */
export enum ProgressUpdateState {
  /** Submitted by a focal point, awaiting the secretariat's review (the review queue). */
  DRAFT = 'DRAFT',
  /** Public; never edited again (a correction is a new update naming it in `corrects`). */
  PUBLISHED = 'PUBLISHED',
  /** Sent back by the secretariat with a comment; the focal point edits it, which submits it again (DRAFT). */
  RETURNED = 'RETURNED',
  /** Withdrawn by its actor's focal point before publication; final. */
  WITHDRAWN = 'WITHDRAWN',
}

export const enumValues = <T extends Record<string, string>>(e: T): string[] => Object.values(e);

/** How often an e-mail digest of a watch list is sent (src/domain/digest-schedule.ts). */
export enum DigestFrequency {
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
}
