import { Entity, Enum, ManyToOne, PrimaryKeyProp, Property, type Ref } from '@mikro-orm/core';
import { CommitmentLinkKind } from '../domain/enums';
import type { Commitment } from './Commitment';
import type { Recommendation } from './Recommendation';

/**
 * A commitment's link to a recommendation, with its kind (src/domain/links.ts) and the passage
 * that supports it. Written only through services/links.ts, which applies the time rule.
 */
@Entity({ tableName: 'commitment_recommendations' })
export class CommitmentLink {
  [PrimaryKeyProp]?: ['commitment', 'recommendation'];

  @ManyToOne('Commitment', { primary: true, ref: true, deleteRule: 'cascade' })
  commitment!: Ref<Commitment>;

  @ManyToOne('Recommendation', { primary: true, ref: true, deleteRule: 'cascade' })
  recommendation!: Ref<Recommendation>;

  @Enum({ items: () => CommitmentLinkKind })
  kind: CommitmentLinkKind = CommitmentLinkKind.RESPONDS_TO;

  /** The passage that links them (verbatim in the commitment's document for seeded RESPONDS_TO links). */
  @Property({ type: 'text', nullable: true })
  evidence?: string | null;

  /**
   * Copies of the commitment's code and archived_at, which `Recommendation.commitments` pages by
   * (src/queries/children.ts). Kept by triggers (migration 20261201100000_nested_pages), whoever
   * writes the link or the commitment: never set them here.
   */
  @Property({ type: 'text', nullable: true })
  commitmentCode?: string | null;

  @Property({ type: 'datetime', nullable: true })
  commitmentArchivedAt?: Date | null;
}
