import { Entity, Enum, ManyToOne, PrimaryKeyProp, Property, type Ref } from '@mikro-orm/core';
import { PartnerRole } from '../domain/enums';
import type { Commitment } from './Commitment';
import type { Actor } from './Actor';

/**
 * An actor taking part, with a role, in a commitment another actor leads (the implementing
 * partners a document names). Actor filters match the lead or a partner; permissions and stats by
 * actor follow the lead (Commitment.actor). Written only through services/partners.ts.
 */
@Entity({ tableName: 'commitment_partner' })
export class CommitmentPartner {
  [PrimaryKeyProp]?: ['commitment', 'actor'];

  @ManyToOne('Commitment', { primary: true, ref: true, deleteRule: 'cascade' })
  commitment!: Ref<Commitment>;

  @ManyToOne('Actor', { primary: true, ref: true, index: true })
  actor!: Ref<Actor>;

  @Enum({ items: () => PartnerRole })
  role!: PartnerRole;

  /** The passage that names the partner (verbatim in `document` for seeded partners). */
  @Property({ type: 'text', nullable: true })
  evidence?: string | null;

  /** Where the passage is: the source document's file name (seeded and imported records). */
  @Property({ type: 'text', nullable: true })
  document?: string | null;

  @Property({ type: 'text', nullable: true })
  section?: string | null;
}
