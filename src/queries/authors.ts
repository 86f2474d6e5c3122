/**
 * Whether a user authored anything the public can read: a published progress update, a status
 * change, or an assessment. Such a user's name and actor are public (they say who wrote the
 * record); the user rule itself is in src/auth/policy.ts.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { ProgressUpdateState } from '../domain/enums';

export async function authoredPublicly(em: EntityManager, userId: number): Promise<boolean> {
  const knex = em.getKnex('read');
  const row = await knex
    .select(
      knex.raw(
        `(exists (select 1 from progress_update where reported_by_id = ? and state = ?)
          or exists (select 1 from status_change where by_id = ?)
          or exists (select 1 from assessment where author_id = ?)) as authored`,
        [userId, ProgressUpdateState.PUBLISHED, userId, userId],
      ),
    )
    .first();
  // SQLite answers 0/1, PostgreSQL a boolean.
  return Number(row?.authored ?? 0) > 0;
}
