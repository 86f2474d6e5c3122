/**
 * The outbox's webhook consumer: each event becomes one delivery per enabled webhook whose
 * topics and filter match it (the filter rules of subscriptions, src/pubsub/filter.ts).
 */
import type { EntityManager } from '@mikro-orm/knex';
import { Webhook } from '../entities';
import { matchesFilter } from '../pubsub/filter';
import { insertDeliveries, type NewDelivery } from '../queries/webhooks';
import type { OutboxConsumer } from '../worker/outbox';
import { payloadsOf } from './payload';

export const webhookFanOut: OutboxConsumer = {
  async dispatch(em: EntityManager, events, now) {
    const webhooks = await em.find(Webhook, { disabledAt: null, archivedAt: null });
    if (!webhooks.length) return;
    const matches = events.map((e) => ({
      e,
      hooks: webhooks.filter((w) => w.topics.includes(e.event.topic) && matchesFilter(e.event, w.filter)),
    }));
    const wanted = matches.filter((m) => m.hooks.length);
    if (!wanted.length) return;
    const bodies = await payloadsOf(
      em,
      wanted.map((m) => m.e),
    );
    const rows: NewDelivery[] = [];
    for (const { e, hooks } of wanted) {
      const body = bodies.get(e.id);
      if (!body) continue;
      for (const hook of hooks)
        rows.push({ webhookId: hook.id, eventId: e.eventId, topic: e.event.topic, sequence: e.event.sequence!, body });
    }
    await insertDeliveries(em, rows, now);
  },
};
