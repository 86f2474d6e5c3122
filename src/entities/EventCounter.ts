import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** The one global event counter (`sequence`): a single row, bumped inside each writing transaction. */
@Entity()
export class EventCounter {
  static readonly NAME = 'events';

  @PrimaryKey({ type: 'text' })
  name!: string;

  @Property({ type: 'integer' })
  value: number = 0;
}
