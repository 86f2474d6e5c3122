/**
 * Whether a user authored anything the public can read: a published progress update, a status
 * change, an assessment, a revision of a public record, or a record its createdBy or updatedBy names. Such a user's name and actor are public (they say who wrote the
 * record); the user rule itself is in src/auth/policy.ts.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { ProgressUpdateState } from '../domain/enums';

/** Public records whose createdBy and updatedBy name their writer to any reader. */
const RECORD_TABLES = ['source', 'recommendation', 'actor', 'responsibility', 'commitment'];

export async function authoredPublicly(em: EntityManager, userId: number): Promise<boolean> {
  const knex = em.getKnex('read');
  const row = await knex
    .select(
      knex.raw(
        `(exists (select 1 from progress_update where reported_by_id = ? and state = ?)
          or exists (select 1 from status_change where by_id = ?)
          or exists (select 1 from assessment where author_id = ?)
          or exists (select 1 from revision where by_id = ? and record_type <> 'ProgressUpdate')
          ${RECORD_TABLES.map((t) => `or exists (select 1 from ${t} where created_by_id = ? or updated_by_id = ?)`).join('\n          ')}) as authored`,
        [userId, ProgressUpdateState.PUBLISHED, userId, userId, userId, ...RECORD_TABLES.flatMap(() => [userId, userId])],
      ),
    )
    .first();
  // SQLite answers 0/1, PostgreSQL a boolean.
  return Number(row?.authored ?? 0) > 0;
}
