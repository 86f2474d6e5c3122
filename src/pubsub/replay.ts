/** Events committed after a sequence, rebuilt from the database (StatusChange rows, published updates). */
import type { EntityManager } from '@mikro-orm/knex';
import { Topic, type TrackerEvent } from './events';
import { scopesOf } from './scope';
import type { CommitmentStatus } from '../domain/enums';

/** At most this many events are replayed per request; a client further behind resumes again from the last one. */
export const MAX_REPLAY = 1000;

export async function eventsAfter(em: EntityManager, topics: readonly Topic[], after: number): Promise<TrackerEvent[]> {
  const parts: string[] = [];
  if (topics.includes(Topic.STATUS_CHANGED)) {
    parts.push(`select '${Topic.STATUS_CHANGED}' as topic, sc.sequence, sc.commitment_id, sc.id as record_id, sc.to_status as status
      from status_change sc where sc.sequence > ?`);
  }
  if (topics.includes(Topic.PROGRESS_LOGGED)) {
    parts.push(`select '${Topic.PROGRESS_LOGGED}' as topic, pu.sequence, pu.commitment_id, pu.id as record_id,
        coalesce(pu.new_status, (select c.status from commitment c where c.id = pu.commitment_id)) as status
      from progress_update pu where pu.state = 'PUBLISHED' and pu.sequence > ?`);
  }
  if (parts.length === 0) return [];
  const rows: { topic: Topic; sequence: number; commitment_id: number; record_id: number; status: CommitmentStatus }[] = await em
    .getConnection()
    .execute(
      `${parts.join(' union all ')} order by sequence limit ${MAX_REPLAY}`,
      parts.map(() => after),
    );
  const scopes = await scopesOf(em, [...new Set(rows.map((r) => Number(r.commitment_id)))]);
  return rows.map((r) => ({
    ...scopes.get(Number(r.commitment_id))!,
    topic: r.topic,
    sequence: Number(r.sequence),
    recordId: Number(r.record_id),
    status: r.status,
    draft: false,
  }));
}
