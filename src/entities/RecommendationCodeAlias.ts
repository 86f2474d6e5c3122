import { Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import type { Recommendation } from './Recommendation';

/**
 * A code a recommendation was known by before it was recoded (e.g. the background paper's own
 * analysis, once filed as LANZAROTE-CONVENTION-TOOLS-*): `recommendation(code:)` still resolves
 * it, so existing links and bookmarks keep working.
 */
@Entity()
export class RecommendationCodeAlias {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property({ type: 'text', unique: true })
  code!: string;

  @ManyToOne('Recommendation', { ref: true, deleteRule: 'cascade', index: true })
  recommendation!: Ref<Recommendation>;
}
