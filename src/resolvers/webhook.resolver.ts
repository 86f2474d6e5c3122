/** Webhooks: managed and listed by ADMIN and SECRETARIAT only (src/auth/policy.ts); mutations run through write(). */
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Webhook } from '../entities';
import type { Context } from '../server/context';
import { authorize, policy, RULES } from '../auth/policy';
import { write } from '../services/write';
import { createWebhook, disableWebhook, rotateWebhookSecret, updateWebhook } from '../services/webhooks';
import { PageArgs, decodeCursor, encodeCursor, mapEdges, pageSize, toPage, type Page } from '../schema/connection';
import { WatchFilter } from '../schema/subscriptions';
import {
  CreateWebhookInput,
  CreateWebhookPayload,
  DisableWebhookInput,
  DisableWebhookPayload,
  RotateWebhookSecretInput,
  RotateWebhookSecretPayload,
  UpdateWebhookInput,
  UpdateWebhookPayload,
  WebhookConnection,
  WebhookDelivery,
  WebhookDeliveryConnection,
  type WebhookDeliveryState,
} from '../schema/webhooks';
import { filterOutput, filterValues } from './subscription.resolver';
import { deliveryCount, type DeliveryRow } from '../queries/webhooks';
import type { Topic } from '../pubsub/events';
import { toGlobalId } from '../schema/global-id';

const mayManage = (ctx: Context) => authorize(ctx.user, policy.mayManageWebhooks(ctx.user), RULES.manageWebhooks);

const deliveryOf = (r: DeliveryRow): WebhookDelivery => ({
  id: toGlobalId('WebhookDelivery', r.id),
  eventId: r.eventId,
  topic: r.topic as Topic,
  sequence: r.sequence,
  state: r.state as WebhookDeliveryState,
  attempt: r.attempt,
  statusCode: r.statusCode,
  durationMs: r.durationMs,
  error: r.error,
  createdAt: r.createdAt,
  lastAttemptAt: r.lastAttemptAt,
  nextAttemptAt: r.state === 'PENDING' ? r.nextAttemptAt : null,
  deliveredAt: r.deliveredAt,
});

@Resolver(() => Webhook)
export class WebhookResolver {
  @Query(() => WebhookConnection, { description: 'ADMIN and SECRETARIAT: the webhooks, oldest first (deleted ones left out).' })
  async webhooks(@Ctx() ctx: Context, @Args() page: PageArgs): Promise<Page<Webhook>> {
    mayManage(ctx);
    const size = pageSize(page.first);
    const after = page.after ? Number(decodeCursor(page.after, 1)[0]) : 0;
    const rows = await ctx.em.find(Webhook, { archivedAt: null, id: { $gt: after } }, { orderBy: { id: 'asc' }, limit: size + 1 });
    return toPage(
      rows,
      size,
      () => ctx.em.count(Webhook, { archivedAt: null }),
      (w) => encodeCursor([w.id]),
      after > 0,
    );
  }

  @Mutation(() => CreateWebhookPayload, {
    description:
      'ADMIN and SECRETARIAT: register a URL for signed POSTs of the events of `topics` that match `filter`; the secret is shown only in this payload.',
  })
  createWebhook(@Ctx() ctx: Context, @Arg('input', () => CreateWebhookInput) input: CreateWebhookInput) {
    return write(ctx, (w) =>
      createWebhook(w, ctx.services.config, { url: input.url, topics: input.topics, filter: filterValues(input.filter) }),
    );
  }

  @Mutation(() => UpdateWebhookPayload, {
    description: 'ADMIN and SECRETARIAT: change a webhook’s URL, topics or filter, or turn it on or off.',
  })
  async updateWebhook(@Ctx() ctx: Context, @Arg('input', () => UpdateWebhookInput) input: UpdateWebhookInput) {
    const webhook = await write(ctx, (w) =>
      updateWebhook(w, ctx.services.config, input.id, {
        url: input.url ?? undefined,
        topics: input.topics ?? undefined,
        filter: input.filter === undefined ? undefined : filterValues(input.filter),
        enabled: input.enabled,
      }),
    );
    return { webhook };
  }

  @Mutation(() => DisableWebhookPayload, {
    description: 'ADMIN and SECRETARIAT: stop delivering to a webhook (updateWebhook with enabled: true turns it back on).',
  })
  async disableWebhook(@Ctx() ctx: Context, @Arg('input', () => DisableWebhookInput) input: DisableWebhookInput) {
    return { webhook: await write(ctx, (w) => disableWebhook(w, input.id, input.reason)) };
  }

  @Mutation(() => RotateWebhookSecretPayload, {
    description:
      'ADMIN and SECRETARIAT: a new signing secret, shown only in this payload; for 24 hours deliveries carry a signature with each secret.',
  })
  rotateWebhookSecret(@Ctx() ctx: Context, @Arg('input', () => RotateWebhookSecretInput) input: RotateWebhookSecretInput) {
    return write(ctx, (w) => rotateWebhookSecret(w, input.id));
  }

  @FieldResolver(() => WatchFilter, { description: 'Which events it receives (the filter of subscriptions).' })
  filter(@Root() webhook: Webhook): WatchFilter {
    return filterOutput(webhook.filter);
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: 'Its deliveries, newest first.' })
  async deliveries(@Root() webhook: Webhook, @Ctx() ctx: Context, @Args() page: PageArgs): Promise<Page<WebhookDelivery>> {
    mayManage(ctx);
    const size = pageSize(page.first);
    const before = page.after ? Number(decodeCursor(page.after, 1)[0]) : null;
    const rows = await ctx.loaders.webhookDeliveries.load(`${webhook.id}:${size}:${before ?? ''}`);
    const rowPage = toPage(
      rows,
      size,
      () => deliveryCount(ctx.em, webhook.id),
      (r) => encodeCursor([r.id]),
      before !== null,
    );
    return mapEdges(
      rowPage,
      rowPage.edges.map((e) => ({ cursor: e.cursor, node: deliveryOf(e.node) })),
    );
  }
}
