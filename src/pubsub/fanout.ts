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
 * Within a group, members are kept in buckets of the same topics, interest (filter or watches)
 * and token: the token is re-checked and the filter matched once per bucket, not per member, and
 * the graphql-ws `next` frame is built once per group and operation id (clients mostly use the
 * same id), with its WebSocket framing (src/pubsub/frame.ts). What is left per socket is a state
 * check and one write of those ready bytes. The tokens are re-checked while the groups execute.
 * Delivery starts after the event loop has turned once, so the write that published the event
 * answers its caller first, and between slices it waits while a write of this process is queued
 * or in its transaction. Events that arrive while a round is sent go out together in the next
 * round, each socket's frames in one write: under a backlog, the system calls per socket do not
 * grow with the number of events.
 *
 * A subscriber with `after` is replayed on its own (page by page, from the database), buffering
 * the live events meanwhile; then it joins its group's live delivery with no gap and no duplicate.
 * Live events are not required to arrive in sequence order (across instances, Redis passes them
 * on in publish order, not commit order): only what the replay sent is skipped, never an event
 * because a later one came first.
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
import { CHANNEL, WRITES_CHANNEL, type Topic, type TrackerEvent } from './events';
import { matchesFilter, type EventFilterValues } from './filter';
import { eventsAfter } from './replay';
import { writeQueueOf } from '../db/write-queue';
import type { Credential } from '../auth/revocation';
import { nextFrame, writeFrame, type Frame } from './frame';

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
  /** Sends per slice before the event loop is released (at most; a slice also ends after `sliceMs`). */
  sliceSize?: number;
  /** Milliseconds a slice of sends may take before the event loop is released. */
  sliceMs?: number;
  /** A socket with more than this many bytes waiting to be sent is closed with 1013. */
  maxBufferedBytes?: number;
}

interface Group {
  key: string;
  args: ExecutionArgs;
  /** A member's user: every member of the group is shown the same data. */
  user: User | null;
  identitySensitive: boolean;
  buckets: Map<string, Bucket>;
}

/** Members of a group alike in everything an event is checked against: topics, interest, token. */
interface Bucket {
  key: string;
  group: Group;
  topics: readonly Topic[];
  interest: Interest;
  /** The members' token (they all hold the same one), or null: anonymous. */
  credential: Credential | null;
  members: Set<Member>;
}

interface Member {
  socket: WebSocket;
  /** The graphql-ws operation id. */
  id: string;
  request: SubscriptionRequest;
  group: Group;
  bucket: Bucket;
  user: User | null;
  /** While true, live events wait in `pending` until the replay has been sent. */
  replaying: boolean;
  pending: { sequence: number | null; frame: Frame }[];
  /** `after`, then the last sequence the replay sent: a live event at or below it was sent already. */
  replayedUpTo: number;
  active: boolean;
  end(error?: GraphQLError): void;
}

/**
 * Events delivered in one round at most: the events that arrived while a round was being sent go
 * out together, each socket's frames in one write (when there are more subscribers than one
 * event's sends per interval can reach, this is what keeps the backlog from growing).
 */
const MAX_EVENTS_PER_ROUND = 50;
/** The longest a slice of sends waits for this process's writes to finish before it goes anyway. */
const WRITE_WAIT_MS = 100;

/** Close code for a client too slow to read its events: "try again later" (it resumes with `after`). */
export const TRY_AGAIN_LATER = 1013;

export class FanOut {
  private readonly groups = new Map<string, Group>();
  private readonly shapes = new Map<string, { identitySensitive: boolean; usedVariables: string[] }>();
  private readonly sliceSize: number;
  private readonly sliceMs: number;
  private readonly maxBufferedBytes: number;
  /** This process's write queue: its `pending` writes go before the next slice of sends. */
  private readonly writes: { pending: number } | null;
  /** Mutations under way in this process (writeArrived), with the time each arrived and its number. */
  private readonly mutations = new Map<object, { since: number; write: number }>();
  /** Mutations under way on other instances (told on WRITES_CHANNEL), by instance and number, with the time this one heard of them. */
  private readonly writesElsewhere = new Map<string, number>();
  private readonly instance = randomUUID();
  private writeNumber = 0;
  private signals?: AsyncIterator<unknown>;
  private live?: AsyncIterator<TrackerEvent[]>;
  private running = Promise.resolve();

  constructor(
    private readonly services: AppServices,
    private readonly schema: GraphQLSchema,
    private readonly options: FanOutOptions,
  ) {
    this.sliceSize = options.sliceSize ?? 250;
    this.sliceMs = options.sliceMs ?? 4;
    this.writes = writeQueueOrNull(services.orm);
    this.maxBufferedBytes = options.maxBufferedBytes ?? services.config.wsMaxBufferedBytes;
  }

  /** Starts listening to the event bus: one listener per instance, whatever the number of subscribers. */
  start(): void {
    const signals = this.services.events.subscribe(WRITES_CHANNEL)[Symbol.asyncIterator]();
    this.signals = signals;
    void (async () => {
      for (let next = await signals.next(); !next.done; next = await signals.next()) {
        const { instance, write, underWay } = next.value;
        if (instance === this.instance) continue;
        if (underWay) this.writesElsewhere.set(`${instance}:${write}`, performance.now());
        else this.writesElsewhere.delete(`${instance}:${write}`);
      }
    })().catch((err) => this.services.logger.warn({ err }, 'the write signal failed'));
    const live = this.services.events.subscribe(CHANNEL)[Symbol.asyncIterator]();
    this.live = live;
    // The bus is read as fast as it publishes, into `queue`: a bus that had to hold events while
    // a delivery runs would refuse them past its limit (1,024 pending batches).
    const queue: TrackerEvent[] = [];
    let ended = false;
    const waiting: { wake?: () => void } = {};
    const reading = (async () => {
      for (let next = await live.next(); !next.done; next = await live.next()) {
        for (const event of next.value) queue.push(event);
        waiting.wake?.();
      }
    })()
      .catch((err) => this.services.logger.error({ err }, 'the event bus failed'))
      .finally(() => {
        ended = true;
        waiting.wake?.();
      });
    const delivering = (async () => {
      for (;;) {
        if (queue.length === 0) {
          if (ended) return;
          await new Promise<void>((resolve) => (waiting.wake = resolve));
          waiting.wake = undefined;
          continue;
        }
        // Let the write that published these answer first (its response is on its way in this turn).
        await releaseEventLoop();
        // Whatever arrived while the last round was sent goes out in one round.
        await this.deliver(queue.splice(0, MAX_EVENTS_PER_ROUND));
      }
    })();
    this.running = Promise.all([reading, delivering]).then(() => undefined);
  }

  async close(): Promise<void> {
    for (const group of this.groups.values())
      for (const bucket of group.buckets.values()) for (const member of bucket.members) member.end();
    await this.live?.return?.();
    await this.signals?.return?.();
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
  stats(): { subscribers: number; groups: number; mutationsUnderWay: number; writesElsewhere: number } {
    let subscribers = 0;
    for (const group of this.groups.values()) for (const bucket of group.buckets.values()) subscribers += bucket.members.size;
    return { subscribers, groups: this.groups.size, mutationsUnderWay: this.mutations.size, writesElsewhere: this.writesElsewhere.size };
  }

  private join(request: SubscriptionRequest, args: ExecutionArgs, subscriber: SubscriberSocket): AsyncGenerator<ExecutionResult> {
    const user = (args.contextValue as Context).user;
    return new Repeater<ExecutionResult>(async (_push, stop) => {
      const member: Member = {
        socket: subscriber.socket,
        id: subscriber.id,
        request,
        group: undefined as unknown as Group,
        bucket: undefined as unknown as Bucket,
        user,
        replaying: request.after !== null,
        pending: [],
        replayedUpTo: request.after ?? 0,
        active: true,
        end: (error) => stop(error),
      };
      this.enter(member, args, subscriber.credential);
      if (member.replaying) this.replay(member).catch((err) => stop(err));
      await stop;
      member.active = false;
      this.leave(member);
    });
  }

  private enter(member: Member, args: ExecutionArgs, credential: Credential | null): void {
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
        buckets: new Map(),
      };
      this.groups.set(key, group);
    }
    const { topics, interest } = member.request;
    const token = credential ? `${credential.tokenId}:${credential.userId}:${credential.expiresAt?.getTime() ?? ''}` : '';
    const bucketKey = `${topics.join(',')}\n${JSON.stringify(interest)}\n${token}`;
    let bucket = group.buckets.get(bucketKey);
    if (!bucket) {
      bucket = { key: bucketKey, group, topics, interest, credential, members: new Set() };
      group.buckets.set(bucketKey, bucket);
    }
    bucket.members.add(member);
    member.group = group;
    member.bucket = bucket;
  }

  private leave(member: Member): void {
    const { group, bucket } = member;
    bucket.members.delete(member);
    if (bucket.members.size === 0 && group.buckets.get(bucket.key) === bucket) group.buckets.delete(bucket.key);
    if (group.buckets.size === 0 && this.groups.get(group.key) === group) this.groups.delete(group.key);
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

  /**
   * One round: the recipients and payload of each event (in order), then every recipient's frames
   * written together. An event whose preparation fails is logged and skipped, as before rounds.
   */
  private async deliver(events: TrackerEvent[]): Promise<void> {
    const candidates = new Set<Bucket>();
    for (const group of this.groups.values())
      for (const bucket of group.buckets.values()) if (events.some((e) => bucket.topics.includes(e.topic))) candidates.add(bucket);
    if (candidates.size === 0) return;
    // The tokens are re-checked while the events are executed: the frames are built meanwhile,
    // and a stream the check ends (its member inactive) is skipped when they are sent.
    const rechecked = this.recheck([...candidates]);
    rechecked.catch(() => undefined); // awaited below
    let watches: Map<number, EventFilterValues[]>;
    try {
      watches = await this.watchFilters([...candidates]);
    } catch (err) {
      await rechecked.catch(() => undefined);
      this.services.logger.error({ err, events: events.length }, 'event delivery failed');
      return;
    }

    // Each event's groups executed, the events of the round at once (each with its own EntityManager).
    const prepared = await Promise.all(
      events.map((event) =>
        this.prepare(event, candidates, watches).catch((err) => {
          this.services.logger.error({ err, sequence: event.sequence }, 'event delivery failed');
          return null;
        }),
      ),
    );
    try {
      await rechecked;
    } catch (err) {
      this.services.logger.error({ err, events: events.length }, 'event delivery failed');
      return;
    }
    const outbox = new Map<Member, { sequence: number | null; frame: Frame }[]>();
    for (const p of prepared) if (p) this.address(p.event, p.recipients, p.payloads, outbox);

    await this.yieldToWrites();
    let inSlice = 0;
    let sliceStarted = performance.now();
    for (const [member, frames] of outbox) {
      if (frames.length === 1) this.deliverTo(member, frames[0].sequence, frames[0].frame);
      else this.deliverAll(member, frames);
      // Checking the clock every 16 sockets keeps the slice's bookkeeping below the sends' cost.
      if (++inSlice >= this.sliceSize || ((inSlice & 15) === 0 && performance.now() - sliceStarted >= this.sliceMs)) {
        await this.yieldToWrites();
        inSlice = 0;
        sliceStarted = performance.now();
      }
    }
  }

  /**
   * Between slices: lets pending I/O run, then, while a write of this process is under way (a
   * mutation from its operation's resolution to its response, see writeArrived, or a write queued
   * or in its transaction), waits for it (at most WRITE_WAIT_MS at a time, so a long import slows
   * delivery without stopping it): the sends never stretch a write's transaction or hold its lock
   * longer, nor come between the steps of a mutation before and after its transaction.
   */
  private async yieldToWrites(): Promise<void> {
    await releaseEventLoop();
    const until = performance.now() + WRITE_WAIT_MS;
    while (this.writeUnderWay() && performance.now() < until) await pause(1);
  }

  /**
   * A mutation of this process's HTTP server is under way, from the resolution of its operation
   * (before it reads what it changes) until its response (src/server/http.ts): the fan-out's
   * slices wait for it, here and, told on WRITES_CHANNEL (through Redis), on the other instances,
   * whose sends would otherwise take the CPU it needs. Each arrival is ended by writeLeft with the same key.
   */
  writeArrived(key: object): void {
    const write = ++this.writeNumber;
    this.mutations.set(key, { since: performance.now(), write });
    this.signal(write, true);
  }

  writeLeft(key: object): void {
    const mutation = this.mutations.get(key);
    if (!mutation) return;
    this.mutations.delete(key);
    this.signal(mutation.write, false);
  }

  private signal(write: number, underWay: boolean): void {
    try {
      this.services.events.publish(WRITES_CHANNEL, { instance: this.instance, write, underWay });
    } catch (err) {
      this.services.logger.warn({ err }, 'the write signal failed');
    }
  }

  /**
   * Whether a write is under way, here or on another instance; a mutation older than the
   * operation time limit is forgotten (its end was missed).
   */
  private writeUnderWay(): boolean {
    if (this.writes && this.writes.pending > 0) return true;
    if (this.mutations.size === 0 && this.writesElsewhere.size === 0) return false;
    const stale = performance.now() - (this.services.config.operationTimeoutMs || 60_000) - WRITE_WAIT_MS;
    for (const [key, { since }] of this.mutations) if (since < stale) this.mutations.delete(key);
    for (const [key, since] of this.writesElsewhere) if (since < stale) this.writesElsewhere.delete(key);
    return this.mutations.size > 0 || this.writesElsewhere.size > 0;
  }

  /** One event's recipients, by group, and each group's result (each group executed once). */
  private async prepare(
    event: TrackerEvent,
    candidates: Set<Bucket>,
    watches: Map<number, EventFilterValues[]>,
  ): Promise<{ event: TrackerEvent; recipients: Map<Group, Bucket[]>; payloads: string[] } | null> {
    const recipients = new Map<Group, Bucket[]>();
    for (const bucket of candidates) {
      if (bucket.members.size === 0 || !bucket.topics.includes(event.topic)) continue;
      if (event.draft && !policy.mayReadDrafts(bucket.group.user, event)) continue;
      const interest = bucket.interest;
      const wanted =
        interest.kind === 'filter'
          ? matchesFilter(event, interest.filter)
          : (watches.get(interest.userId) ?? []).some((f) => matchesFilter(event, f));
      if (!wanted) continue;
      const list = recipients.get(bucket.group);
      if (list) list.push(bucket);
      else recipients.set(bucket.group, [bucket]);
    }
    if (recipients.size === 0) return null;

    const em = this.services.orm.em.fork() as EntityManager;
    const loaders = createLoaders(em);
    const requestId = randomUUID();
    const payloads = await Promise.all([...recipients.keys()].map((group) => this.execute(group, event, em, loaders, requestId)));
    return { event, recipients, payloads };
  }

  /** Adds the event's frame for each of its recipients to `outbox`: one frame per group and operation id. */
  private address(
    event: TrackerEvent,
    recipients: Map<Group, Bucket[]>,
    payloads: string[],
    outbox: Map<Member, { sequence: number | null; frame: Frame }[]>,
  ): void {
    let index = 0;
    for (const buckets of recipients.values()) {
      const json = payloads[index++];
      // One frame per operation id: members whose client numbers its operations alike share it.
      const frames = new Map<string, Frame>();
      for (const bucket of buckets)
        for (const member of bucket.members) {
          if (!member.active) continue;
          let frame = frames.get(member.id);
          if (!frame) frames.set(member.id, (frame = nextFrame(member.id, json)));
          const list = outbox.get(member);
          if (list) list.push({ sequence: event.sequence, frame });
          else outbox.set(member, [{ sequence: event.sequence, frame }]);
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

  /** Several frames to one socket in one write (corked): one system call instead of one per event. */
  private deliverAll(member: Member, frames: { sequence: number | null; frame: Frame }[]): void {
    // ws has no public cork; its socket is a net.Socket, whose cork nests with ws's own.
    const raw = (member.socket as unknown as { _socket?: { cork?(): void; uncork?(): void } })._socket;
    raw?.cork?.();
    try {
      for (const { sequence, frame } of frames) this.deliverTo(member, sequence, frame);
    } finally {
      raw?.uncork?.();
    }
  }

  private deliverTo(member: Member, sequence: number | null, frame: Frame): void {
    if (!member.active) return;
    if (member.replaying) member.pending.push({ sequence, frame });
    else this.write(member, sequence, frame);
  }

  private write(member: Member, sequence: number | null, frame: Frame): void {
    // Sent by the replay already, or not after `after`. A live event that comes after a later one
    // (another instance's, through Redis) is still sent: skipping it would lose it.
    if (sequence !== null && sequence <= member.replayedUpTo) return;
    const socket = member.socket;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > this.maxBufferedBytes) {
      member.active = false;
      socket.close(TRY_AGAIN_LATER, 'Too far behind: reconnect and resume with after');
      return;
    }
    writeFrame(socket, frame);
  }

  /** Replays the events after `after` to one member, then flushes what arrived live meanwhile. */
  private async replay(member: Member): Promise<void> {
    const { request } = member;
    await this.recheck([member.bucket]);
    if (!member.active) return;
    const filters =
      request.interest.kind === 'filter'
        ? [request.interest.filter]
        : ((await this.watchFilters([member.bucket])).get(request.interest.userId) ?? []);
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
        const sequence = page[i].sequence;
        this.write(member, sequence, nextFrame(member.id, payloads[i]));
        if (sequence !== null && sequence > member.replayedUpTo) member.replayedUpTo = sequence;
      }
    }
    for (const { sequence, frame } of member.pending) this.write(member, sequence, frame);
    member.pending = [];
    member.replaying = false;
  }

  /**
   * Ends the streams whose token no longer works (revoked, expired, its user disabled): the
   * revocation signal, brought up to date once for all of them, answers from memory.
   */
  private async recheck(buckets: Bucket[]): Promise<void> {
    const signedIn = buckets.filter((b) => b.credential !== null);
    if (signedIn.length === 0) return;
    const { revocations } = this.services;
    await revocations.catchUp();
    for (const bucket of signedIn) {
      if (revocations.isStillValid(bucket.credential!)) continue;
      for (const member of [...bucket.members]) {
        if (!member.active) continue;
        member.active = false;
        member.end(unauthenticated('The token was revoked or has expired, or its user was disabled'));
      }
    }
  }

  /** The saved filters of every watching bucket's user, in one query. */
  private async watchFilters(buckets: Bucket[]): Promise<Map<number, EventFilterValues[]>> {
    const userIds = new Set<number>();
    for (const b of buckets) if (b.interest.kind === 'watches') userIds.add(b.interest.userId);
    const filters = new Map<number, EventFilterValues[]>();
    if (userIds.size === 0) return filters;
    const em = this.services.orm.em.fork() as EntityManager;
    const watches = await em.find(Watch, { user: { $in: [...userIds] }, archivedAt: null }, { orderBy: { id: 'asc' } });
    for (const w of watches) filters.set(w.user.id, [...(filters.get(w.user.id) ?? []), w.filter]);
    return filters;
  }
}

function writeQueueOrNull(orm: object): { pending: number } | null {
  try {
    return writeQueueOf(orm);
  } catch {
    return null; // an ORM not opened by openDatabase(): no write queue to give way to
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
