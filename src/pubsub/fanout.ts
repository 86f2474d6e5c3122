/**
 * Grouped delivery of the event subscriptions: the work is done once per event, not once per
 * subscriber.
 *
 * Subscribers are grouped by what they may see (`policy.visibilityKey`) and by their operation
 * (the document and the values of the variables used inside its selection; `after` and the
 * filter are not part of it). For each event: every subscribed token re-checked against the
 * revocation signal (src/auth/revocation.ts: from memory, after one read of the change log),
 * the filters matched in memory against the event's scope (it travels with the event), each group
 * that has a recipient executed once (one EntityManager and one set of DataLoaders shared by all
 * groups), its result serialized once and the same string written to every recipient's socket, in
 * slices with the event loop released between them so writes are not starved. A client that does
 * not read (its socket buffer past `maxBufferedBytes`) is closed with 1013 and resumes with `after`.
 *
 * A subscriber with `after` is replayed on its own (page by page, from the database), buffering
 * the live events meanwhile; then it joins its group's live delivery with no gap and no duplicate.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as releaseEventLoop } from 'node:timers/promises';
import {
  createSourceEventStream,
  execute,
  GraphQLError,
  Kind,
  TypeInfo,
  getNamedType,
  getOperationAST,
  print,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { Repeater } from '@graphql-yoga/subscription';
import type { WebSocket } from 'ws';
import type { EntityManager } from '@mikro-orm/knex';
import type { AppServices, Context } from '../server/context';
import { createLoaders, type Loaders } from '../loaders';
import { Watch, type User } from '../entities';
import { policy } from '../auth/policy';
import { unauthenticated } from '../domain/errors';
import { CHANNEL, type Topic, type TrackerEvent } from './events';
import { matchesFilter, type EventFilterValues } from './filter';
import { eventsAfter } from './replay';
import type { Credential } from '../auth/revocation';

/** What a subscriber wants, besides the topics: events matching one filter, or any of its user's watches. */
export type Interest = { kind: 'filter'; filter: EventFilterValues } | { kind: 'watches'; userId: number };

/**
 * What an event subscription's `subscribe` resolver returns: the validated request, handed to
 * FanOut instead of a per-subscriber stream. (It is an empty async iterable only because graphql
 * requires a subscription field to return one.)
 */
export class SubscriptionRequest implements AsyncIterable<never> {
  constructor(
    readonly topics: readonly Topic[],
    readonly after: number | null,
    readonly interest: Interest,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<never> {
    return { next: async () => ({ done: true, value: undefined as never }) };
  }
}

/** Where a subscriber's events go: set by the WebSocket server in the operation's context. */
export interface SubscriberSocket {
  socket: WebSocket;
  /** The graphql-ws operation id. */
  id: string;
  /** The token the subscription was started with (null: anonymous), re-checked before every event. */
  credential: Credential | null;
}

export type SubscriberContext = Context & { subscriber?: SubscriberSocket };

export interface FanOutOptions {
  /** Formats a result's errors as the rest of the API does. */
  formatResult: (result: ExecutionResult) => unknown;
  /** Sends per slice before the event loop is released. */
  sliceSize?: number;
  /** A socket with more than this many bytes waiting to be sent is closed with 1013. */
  maxBufferedBytes?: number;
}

interface Group {
  key: string;
  args: ExecutionArgs;
  /** A member's user: every member of the group is shown the same data. */
  user: User | null;
  identitySensitive: boolean;
  members: Set<Member>;
}

interface Member {
  socket: WebSocket;
  /** `{"id":…,"type":"next","payload":` : the payload string is appended as it is. */
  prefix: string;
  request: SubscriptionRequest;
  group: Group;
  user: User | null;
  credential: Credential | null;
  /** While true, live events wait in `pending` until the replay has been sent. */
  replaying: boolean;
  pending: { sequence: number | null; json: string }[];
  lastSent: number;
  active: boolean;
  end(error?: GraphQLError): void;
}

/** Close code for a client too slow to read its events: "try again later" (it resumes with `after`). */
export const TRY_AGAIN_LATER = 1013;

export class FanOut {
  private readonly groups = new Map<string, Group>();
  private readonly shapes = new Map<string, { identitySensitive: boolean; usedVariables: string[] }>();
  private readonly sliceSize: number;
  private readonly maxBufferedBytes: number;
  private live?: AsyncIterator<TrackerEvent[]>;
  private running = Promise.resolve();

  constructor(
    private readonly services: AppServices,
    private readonly schema: GraphQLSchema,
    private readonly options: FanOutOptions,
  ) {
    this.sliceSize = options.sliceSize ?? 250;
    this.maxBufferedBytes = options.maxBufferedBytes ?? services.config.wsMaxBufferedBytes;
  }

  /** Starts listening to the event bus: one listener per instance, whatever the number of subscribers. */
  start(): void {
    const live = this.services.events.subscribe(CHANNEL)[Symbol.asyncIterator]();
    this.live = live;
    this.running = (async () => {
      for (;;) {
        const next = await live.next();
        if (next.done) return;
        for (const event of next.value) {
          try {
            await this.deliver(event);
          } catch (err) {
            this.services.logger.error({ err }, 'event delivery failed');
          }
        }
      }
    })();
  }

  async close(): Promise<void> {
    for (const group of this.groups.values()) for (const member of group.members) member.end();
    await this.live?.return?.();
    await this.running;
  }

  /** graphql-ws's `subscribe`: event subscriptions join their group, any other subscription runs as graphql would run it. */
  async subscribe(args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    const subscriber = (args.contextValue as SubscriberContext).subscriber;
    if (source instanceof SubscriptionRequest && subscriber) return this.join(source, args, subscriber);
    if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
    return executeEach(source as AsyncIterable<unknown>, args);
  }

  /** Number of subscribers and groups, for the benchmark and tests. */
  stats(): { subscribers: number; groups: number } {
    let subscribers = 0;
    for (const group of this.groups.values()) subscribers += group.members.size;
    return { subscribers, groups: this.groups.size };
  }

  private join(request: SubscriptionRequest, args: ExecutionArgs, subscriber: SubscriberSocket): AsyncGenerator<ExecutionResult> {
    const user = (args.contextValue as Context).user;
    return new Repeater<ExecutionResult>(async (_push, stop) => {
      const member: Member = {
        socket: subscriber.socket,
        prefix: `{"id":${JSON.stringify(subscriber.id)},"type":"next","payload":`,
        request,
        group: undefined as unknown as Group,
        user,
        credential: subscriber.credential,
        replaying: request.after !== null,
        pending: [],
        lastSent: request.after ?? 0,
        active: true,
        end: (error) => stop(error),
      };
      this.enter(member, args);
      if (member.replaying) this.replay(member).catch((err) => stop(err));
      await stop;
      member.active = false;
      this.leave(member);
    });
  }

  private enter(member: Member, args: ExecutionArgs): void {
    const shape = this.shapeOf(args);
    const visibility = policy.visibilityKey(member.user, shape.identitySensitive);
    const variables = args.variableValues ?? {};
    const used = shape.usedVariables.map((name) => [name, variables[name] ?? null]);
    const key = `${visibility}\n${args.operationName ?? ''}\n${JSON.stringify(used)}\n${print(args.document)}`;
    let group = this.groups.get(key);
    if (!group) {
      group = {
        key,
        args: { ...args, contextValue: undefined },
        user: member.user,
        identitySensitive: shape.identitySensitive,
        members: new Set(),
      };
      this.groups.set(key, group);
    }
    group.members.add(member);
    member.group = group;
  }

  private leave(member: Member): void {
    const group = member.group;
    group.members.delete(member);
    if (group.members.size === 0) this.groups.delete(group.key);
  }

  /** Whether the selection shows a User (whose e-mail depends on who asks), and which variables it uses (not the root field's arguments). */
  private shapeOf(args: ExecutionArgs): { identitySensitive: boolean; usedVariables: string[] } {
    const text = print(args.document);
    const cacheKey = `${args.operationName ?? ''}\n${text}`;
    const cached = this.shapes.get(cacheKey);
    if (cached) return cached;
    const shape = { identitySensitive: showsUser(this.schema, args.document), usedVariables: variablesInSelection(args) };
    if (this.shapes.size > 1000) this.shapes.clear();
    this.shapes.set(cacheKey, shape);
    return shape;
  }

  private async deliver(event: TrackerEvent): Promise<void> {
    const candidates: Member[] = [];
    for (const group of this.groups.values())
      for (const member of group.members) if (member.request.topics.includes(event.topic)) candidates.push(member);
    if (candidates.length === 0) return;

    await this.recheck(candidates);
    const watches = await this.watchFilters(candidates);
    const recipients = new Map<Group, Member[]>();
    for (const member of candidates) {
      if (!member.active) continue;
      const interest = member.request.interest;
      const wanted =
        interest.kind === 'filter'
          ? matchesFilter(event, interest.filter)
          : (watches.get(interest.userId) ?? []).some((f) => matchesFilter(event, f));
      if (!wanted) continue;
      const list = recipients.get(member.group);
      if (list) list.push(member);
      else recipients.set(member.group, [member]);
    }
    for (const group of recipients.keys()) if (event.draft && !policy.mayReadDrafts(group.user, event)) recipients.delete(group);
    if (recipients.size === 0) return;

    const em = this.services.orm.em.fork() as EntityManager;
    const loaders = createLoaders(em);
    const requestId = randomUUID();
    const payloads = await Promise.all([...recipients.keys()].map((group) => this.execute(group, event, em, loaders, requestId)));
    let sent = 0;
    let index = 0;
    for (const members of recipients.values()) {
      const json = payloads[index++];
      for (const member of members) {
        this.deliverTo(member, event.sequence, json);
        if (++sent % this.sliceSize === 0) await releaseEventLoop();
      }
    }
  }

  /** Runs the group's operation on one event and serializes the result (once for the whole group). */
  private async execute(group: Group, event: TrackerEvent, em: EntityManager, loaders: Loaders, requestId: string): Promise<string> {
    const contextValue: Context = {
      em,
      loaders,
      user: group.user,
      services: this.services,
      requestId,
      log: this.services.logger,
    };
    const result = await execute({ ...group.args, rootValue: event, contextValue });
    return JSON.stringify(this.options.formatResult(result));
  }

  private deliverTo(member: Member, sequence: number | null, json: string): void {
    if (!member.active) return;
    if (member.replaying) member.pending.push({ sequence, json });
    else this.write(member, sequence, json);
  }

  private write(member: Member, sequence: number | null, json: string): void {
    if (sequence !== null) {
      if (sequence <= member.lastSent) return; // already sent by the replay
      member.lastSent = sequence;
    }
    const socket = member.socket;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > this.maxBufferedBytes) {
      member.active = false;
      socket.close(TRY_AGAIN_LATER, 'Too far behind: reconnect and resume with after');
      return;
    }
    socket.send(member.prefix + json + '}');
  }

  /** Replays the events after `after` to one member, then flushes what arrived live meanwhile. */
  private async replay(member: Member): Promise<void> {
    const { request } = member;
    await this.recheck([member]);
    if (!member.active) return;
    const filters =
      request.interest.kind === 'filter'
        ? [request.interest.filter]
        : ((await this.watchFilters([member])).get(request.interest.userId) ?? []);
    const fork = () => this.services.orm.em.fork() as EntityManager;
    for await (const page of eventsAfter(fork, request.topics, request.after!, filters, this.services.config.replayPageSize)) {
      if (!member.active) return;
      const em = fork();
      const loaders = createLoaders(em);
      const requestId = randomUUID();
      const payloads = await Promise.all(page.map((event) => this.execute(member.group, event, em, loaders, requestId)));
      for (let i = 0; i < page.length; i++) {
        // A replay is sent as fast as the client reads it: wait rather than close.
        while (member.active && member.socket.bufferedAmount > this.maxBufferedBytes / 2) await pause(10);
        if (!member.active) return;
        this.write(member, page[i].sequence, payloads[i]);
      }
    }
    for (const { sequence, json } of member.pending) this.write(member, sequence, json);
    member.pending = [];
    member.replaying = false;
  }

  /**
   * Ends the streams whose token no longer works (revoked, expired, its user disabled): the
   * revocation signal, brought up to date once for all of them, answers from memory.
   */
  private async recheck(members: Member[]): Promise<void> {
    const signedIn = members.filter((m) => m.credential !== null && m.active);
    if (signedIn.length === 0) return;
    const { revocations } = this.services;
    await revocations.catchUp();
    for (const member of signedIn) {
      if (revocations.isStillValid(member.credential!)) continue;
      member.active = false;
      member.end(unauthenticated('The token was revoked or has expired, or its user was disabled'));
    }
  }

  /** The saved filters of every watching member's user, in one query. */
  private async watchFilters(members: Member[]): Promise<Map<number, EventFilterValues[]>> {
    const userIds = new Set<number>();
    for (const m of members) if (m.request.interest.kind === 'watches') userIds.add(m.request.interest.userId);
    const filters = new Map<number, EventFilterValues[]>();
    if (userIds.size === 0) return filters;
    const em = this.services.orm.em.fork() as EntityManager;
    const watches = await em.find(Watch, { user: { $in: [...userIds] }, archivedAt: null }, { orderBy: { id: 'asc' } });
    for (const w of watches) filters.set(w.user.id, [...(filters.get(w.user.id) ?? []), w.filter]);
    return filters;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the operation selects a field of type User anywhere. */
function showsUser(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        if (getNamedType(typeInfo.getType())?.name === 'User') found = true;
      },
    }),
  );
  return found;
}

/** Variables used anywhere but in the arguments of the root field (`filter`, `after`), sorted. */
function variablesInSelection(args: ExecutionArgs): string[] {
  const names = new Set<string>();
  const collect = (node: Parameters<typeof visit>[0]) =>
    visit(node, {
      Variable(variable) {
        names.add(variable.name.value);
      },
    });
  const operation = getOperationAST(args.document, args.operationName);
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      for (const directive of selection.directives ?? []) collect(directive);
      if (selection.selectionSet) collect(selection.selectionSet);
    } else collect(selection);
  }
  for (const definition of args.document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) collect(definition);
  return [...names].sort();
}

/** What graphql's subscribe does for a subscription that is not grouped: execute the selection for each event. */
function executeEach(source: AsyncIterable<unknown>, args: ExecutionArgs): AsyncGenerator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  const generator = {
    async next(): Promise<IteratorResult<ExecutionResult>> {
      const next = await iterator.next();
      if (next.done) return { done: true, value: undefined };
      return { done: false, value: await execute({ ...args, rootValue: next.value }) };
    },
    async return(): Promise<IteratorResult<ExecutionResult>> {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return generator;
    },
  };
  return generator as unknown as AsyncGenerator<ExecutionResult>;
}
