import { Entity, Enum, ManyToOne, type Ref, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { ProvenancedEntity, Node } from './base';
import { ResponsibilityRole } from '../domain/enums';
import type { Recommendation } from './Recommendation';
import type { Actor } from './Actor';

/** Who must act on a recommendation, and in what role, whether or not they have committed yet. */
@ObjectType({ implements: Node })
@Entity()
@Unique({ properties: ['recommendation', 'actor', 'role'] })
export class Responsibility extends ProvenancedEntity {
  @ManyToOne('Recommendation', { ref: true })
  recommendation!: Ref<Recommendation>;

  @ManyToOne('Actor', { ref: true })
  actor!: Ref<Actor>;

  @Field(() => ResponsibilityRole)
  @Enum({ items: () => ResponsibilityRole })
  role!: ResponsibilityRole;
}
