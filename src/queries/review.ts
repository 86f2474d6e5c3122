/**
 * The review queue: live drafts awaiting the secretariat (state DRAFT), oldest submission first,
 * of the commitments a CommitmentFilter selects (filters.ts, archived commitments hidden unless
 * asked for), optionally of one actor only (a focal point's own queue).
 */
import type { Context } from '../server/context';
import type { Page, PageArgs } from '../schema/connection';
import type { CommitmentFilter } from '../schema/filters';
import type { ProgressUpdate } from '../entities';
import { ProgressUpdateState } from '../domain/enums';
import { applyCommitmentFilter } from './filters';
import { hydrate, pageIds } from './keyset';

export async function listReviewQueue(
  ctx: Context,
  filter: CommitmentFilter | null | undefined,
  args: PageArgs,
  actorId: number | null,
): Promise<Page<ProgressUpdate>> {
  const knex = ctx.em.getKnex('read');
  const commitments = applyCommitmentFilter(knex('commitment as c').select('c.id'), filter, ctx.services.clock.now());
  if (actorId !== null) commitments.where('c.actor_id', actorId);
  const qb = knex('progress_update as pu')
    .where('pu.state', ProgressUpdateState.DRAFT)
    .whereNull('pu.archived_at')
    .whereIn('pu.commitment_id', commitments);
  const page = await pageIds(knex, qb, 'pu.id', { expression: 'pu.submitted_at', direction: 'asc' }, args);
  return hydrate(page, (ids) => ctx.loaders.progressUpdate.loadMany(ids) as Promise<(ProgressUpdate | null)[]>);
}
