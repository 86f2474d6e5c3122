/** Watch lists: a user's saved event filters. */
import type { EntityManager } from '@mikro-orm/knex';
import { Watch, type User } from '../entities';
import { badInput } from '../domain/errors';
import { authorize, RULES } from '../auth/policy';
import { MAX, requiredText } from '../domain/validation';
import type { EventFilterValues } from '../pubsub/filter';
import { byGlobalId } from './lookup';
import type { Write } from './write';

const MAX_WATCHES = 50;

export async function addWatch(w: Write, name: string, filter: EventFilterValues): Promise<Watch> {
  if ((await w.em.count(Watch, { user: w.user, archivedAt: null })) >= MAX_WATCHES)
    throw badInput('name', `At most ${MAX_WATCHES} watches per user`);
  return w.em.create(Watch, { user: w.user, name: requiredText('name', name, MAX.name), filter, createdBy: w.user, updatedBy: w.user });
}

export async function removeWatch(w: Write, id: string): Promise<Watch> {
  const watch = await byGlobalId(w.em, Watch, 'id', id);
  authorize(w.user, watch.user.id === w.user.id, RULES.ownWatch);
  watch.archivedAt = w.now;
  return watch;
}

export function watchesOf(em: EntityManager, user: User): Promise<Watch[]> {
  return em.find(Watch, { user: user.id, archivedAt: null }, { orderBy: { id: 'asc' } });
}
