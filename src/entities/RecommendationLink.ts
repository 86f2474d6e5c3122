import { Entity, Enum, ManyToOne, type Ref, Unique } from '@mikro-orm/core';
import { TrackedEntity } from './base';
import { RecommendationRelation } from '../domain/enums';
import type { Recommendation } from './Recommendation';

/** `from` reiterates or follows up `to` (a later recommendation pointing at an earlier one). */
@Entity()
@Unique({ properties: ['from', 'to', 'relation'] })
export class RecommendationLink extends TrackedEntity {
  @ManyToOne('Recommendation', { ref: true })
  from!: Ref<Recommendation>;

  @ManyToOne('Recommendation', { ref: true })
  to!: Ref<Recommendation>;

  @Enum({ items: () => RecommendationRelation })
  relation!: RecommendationRelation;
}
