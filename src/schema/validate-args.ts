/**
 * type-graphql's argument hook (`validateFn`): every filter argument, on any query, mutation or
 * nested field, is checked by ../domain/filters.ts before its resolver runs. Subscriptions check
 * their filter once when they start (subscription.resolver.ts), not again for every event.
 */
import type { ResolverData } from 'type-graphql';
import type { Context } from '../server/context';
import { checkFilter } from '../domain/filters';
import { knownCodesIn } from '../queries/codes';
import { ActorFilter, CommitmentFilter, RecommendationFilter, SourceFilter } from './filters';
import { EventFilter, WatchInput } from './subscriptions';
import { CreateWebhookInput, UpdateWebhookInput } from './webhooks';

const FILTERS = [RecommendationFilter, CommitmentFilter, ActorFilter, SourceFilter, EventFilter];

function filterIn(value: unknown): object | undefined {
  if (value instanceof WatchInput) return value.filter;
  if (value instanceof CreateWebhookInput || value instanceof UpdateWebhookInput) return value.filter ?? undefined;
  return FILTERS.some((type) => value instanceof type) ? (value as object) : undefined;
}

export async function validateArgument(value: unknown, _type: unknown, data: ResolverData<object>): Promise<void> {
  if (data.info.operation.operation === 'subscription') return;
  const filter = filterIn(value);
  if (filter) await checkFilter(filter, knownCodesIn((data.context as Context).em.getKnex('read')));
}
