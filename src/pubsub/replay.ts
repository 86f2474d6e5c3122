/** Events committed after a sequence, rebuilt from the database page by page (StatusChange rows, published updates). */
import type { EntityManager } from '@mikro-orm/knex';
import type { Topic, TrackerEvent } from './events';
import type { EventFilterValues } from './filter';
import { scopesOf } from './scope';
import { replayPage } from '../queries/replay';

/** Every event after `after` that matches one of `filters` (null: all), in pages of `pageSize`, oldest first. */
export async function* eventsAfter(
  fork: () => EntityManager,
  topics: readonly Topic[],
  after: number,
  filters: EventFilterValues[] | null,
  pageSize: number,
): AsyncGenerator<TrackerEvent[]> {
  let last = after;
  for (;;) {
    const em = fork();
    const rows = await replayPage(em, topics, last, filters, pageSize);
    if (rows.length === 0) return;
    const scopes = await scopesOf(em, [...new Set(rows.map((r) => r.commitmentId))]);
    yield rows.map((r) => ({ ...scopes.get(r.commitmentId)!, ...r, draft: false }));
    if (rows.length < pageSize) return;
    last = rows[rows.length - 1].sequence;
  }
}
