/**
 * Subscriptions (graphql-ws): live status changes and progress, filtered, resumable from a
 * sequence, with permissions checked on every event and a fresh EntityManager per event
 * (delivered by FanOut, src/pubsub/fanout.ts).
 */
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../server/context';
import { User, Watch } from '../entities';
import { Topic, type TrackerEvent } from '../pubsub/events';
import { SubscriptionRequest, type Interest } from '../pubsub/fanout';
import type { EventFilterValues } from '../pubsub/filter';
import { CommitmentEvent, EventFilter, UnwatchInput, WatchFilter, WatchInput } from '../schema/subscriptions';
import { localIds } from '../queries/filters';
import { badInput, unauthenticated } from '../domain/errors';
import { write } from '../services/write';
import { addWatch, removeWatch, watchesOf } from '../services/watches';
import { toGlobalId } from '../schema/global-id';
import { checkFilter } from '../domain/filters';
import type { Theme } from '../domain/enums';
import { knownCodesIn } from '../queries/codes';

interface SubscriptionArgs {
  filter?: EventFilter | null;
  after?: number | null;
}

/** The filter as stored and matched: local ids, and codes (checked to exist by ../domain/filters.ts). */
export function filterValues(filter: EventFilter | null | undefined): EventFilterValues {
  return {
    actorIds: filter?.actorIds ? localIds(filter.actorIds, 'Actor', 'actorIds') : null,
    actorCodes: filter?.actorCodes ?? null,
    commitmentIds: filter?.commitmentIds ? localIds(filter.commitmentIds, 'Commitment', 'commitmentIds') : null,
    commitmentCodes: filter?.commitmentCodes ?? null,
    countryCodes: filter?.countryCodes ?? null,
    sourceCodes: filter?.sourceCodes ?? null,
    recommendationCodes: filter?.recommendationCodes ?? null,
    themes: filter?.themes ?? null,
  };
}

/**
 * The event subscriptions hand their validated request to FanOut (src/pubsub/fanout.ts), which
 * groups subscribers, re-checks credentials, matches filters and replays; the field resolvers
 * below run once per event and group.
 */
function subscribe(topics: readonly Topic[], interestOf: (ctx: Context, args: SubscriptionArgs) => Interest) {
  return async ({ args, context: ctx }: SubscribeResolverData<unknown, SubscriptionArgs, Context>) => {
    const { after, filter } = args as SubscriptionArgs;
    if (after !== undefined && after !== null && after < 0) throw badInput('after', 'after must be a sequence number (0 or more)');
    // Checked once here: the argument hook (../schema/validate-args.ts) skips subscriptions.
    await checkFilter(filter, knownCodesIn(ctx.em.getKnex('read')));
    return new SubscriptionRequest(topics, after ?? null, interestOf(ctx, args as SubscriptionArgs));
  };
}

const byFilter = (_ctx: Context, args: SubscriptionArgs): Interest => ({ kind: 'filter', filter: filterValues(args.filter) });

const byWatches = (ctx: Context): Interest => {
  if (!ctx.user) throw unauthenticated('Watch lists belong to a signed-in user');
  return { kind: 'watches', userId: ctx.user.id };
};

/** The event as shown: the context is fresh for every event, so nothing is cached across events. */
async function toEvent(ctx: Context, event: TrackerEvent): Promise<CommitmentEvent> {
  const [commitment, statusChange, progressUpdate] = await Promise.all([
    ctx.loaders.commitment.load(event.commitmentId),
    event.topic === Topic.STATUS_CHANGED ? ctx.loaders.statusChange.load(event.recordId) : null,
    event.topic === Topic.PROGRESS_LOGGED ? ctx.loaders.progressUpdate.load(event.recordId) : null,
  ]);
  return { topic: event.topic, sequence: event.sequence, commitment: commitment!, statusChange, progressUpdate };
}

const AFTER = { nullable: true, description: 'Replay the events after this sequence, then go live (no gap, no duplicate).' } as const;

@Resolver()
export class SubscriptionResolver {
  @Subscription(() => CommitmentEvent, {
    description: 'Every committed status change that matches the filter.',
    subscribe: subscribe([Topic.STATUS_CHANGED], byFilter),
  })
  commitmentStatusChanged(
    @Root() event: TrackerEvent,
    @Ctx() ctx: Context,
    @Arg('filter', () => EventFilter, { nullable: true }) _filter?: EventFilter,
    @Arg('after', () => Int, AFTER) _after?: number,
  ) {
    return toEvent(ctx, event);
  }

  @Subscription(() => CommitmentEvent, {
    description: 'Every published progress update that matches the filter (and drafts, to those who may read them).',
    subscribe: subscribe([Topic.PROGRESS_LOGGED], byFilter),
  })
  progressLogged(
    @Root() event: TrackerEvent,
    @Ctx() ctx: Context,
    @Arg('filter', () => EventFilter, { nullable: true }) _filter?: EventFilter,
    @Arg('after', () => Int, AFTER) _after?: number,
  ) {
    return toEvent(ctx, event);
  }

  @Authorized()
  @Subscription(() => CommitmentEvent, {
    description: 'Status changes and progress matching any of the caller’s watches.',
    subscribe: subscribe([Topic.STATUS_CHANGED, Topic.PROGRESS_LOGGED], byWatches),
  })
  watchedChanges(@Root() event: TrackerEvent, @Ctx() ctx: Context, @Arg('after', () => Int, AFTER) _after?: number) {
    return toEvent(ctx, event);
  }

  @Authorized()
  @Mutation(() => Watch, { description: 'Save a filter to follow with watchedChanges.' })
  watch(@Ctx() ctx: Context, @Arg('input', () => WatchInput) input: WatchInput) {
    return write(ctx, (w) => addWatch(w, input.name, filterValues(input.filter)));
  }

  @Authorized()
  @Mutation(() => Watch, { description: 'Stop following a saved filter.' })
  unwatch(@Ctx() ctx: Context, @Arg('input', () => UnwatchInput) input: UnwatchInput) {
    return write(ctx, (w) => removeWatch(w, input.id));
  }
}

@Resolver(() => Watch)
export class WatchResolver {
  @FieldResolver(() => WatchFilter, { description: 'The saved filter.' })
  filter(@Root() watch: Watch): WatchFilter {
    return filterOutput(watch.filter);
  }
}

/** A stored filter as GraphQL shows it (global ids). */
export function filterOutput(f: EventFilterValues): WatchFilter {
  return {
    actorIds: f.actorIds?.map((id) => toGlobalId('Actor', id)) ?? null,
    actorCodes: f.actorCodes ?? null,
    commitmentIds: f.commitmentIds?.map((id) => toGlobalId('Commitment', id)) ?? null,
    commitmentCodes: f.commitmentCodes ?? null,
    countryCodes: f.countryCodes ?? null,
    sourceCodes: f.sourceCodes ?? null,
    recommendationCodes: f.recommendationCodes ?? null,
    themes: (f.themes as Theme[] | undefined) ?? null,
  };
}

@Resolver(() => User)
export class UserWatchesResolver {
  @FieldResolver(() => [Watch], { description: 'The user’s saved filters (visible to the user only).' })
  async watches(@Root() user: User, @Ctx() ctx: Context): Promise<Watch[]> {
    return ctx.user?.id === user.id ? watchesOf(ctx.em, user) : [];
  }
}
