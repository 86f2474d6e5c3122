/**
 * graphql-ws on the HTTP server's port and path. The token travels in `connection_init`
 * (`{ "authorization": "Bearer …" }`); a bad one closes the socket with 4403. Every operation is
 * authenticated again as an HTTP request is, then parsed and validated with the same limits as
 * HTTP, and its errors formatted the same way. When the token stops working (revoked, expired,
 * its user disabled), each operation still open gets UNAUTHENTICATED and the socket is closed
 * with 4403: at the next operation, or as soon as the revocation signal tells (../auth/revocation.ts).
 */
import type http from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { CloseCode, MessageType, type Context as SocketContext } from 'graphql-ws';
import {
  GraphQLError,
  execute,
  getOperationAST,
  getVariableValues,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
} from 'graphql';
import { withOperationBudget } from '../db/operation-budget';
import { createContext, type AppServices } from './context';
import { parseOptions, validationRulesFor, isTokenLimitError, type OperationLimits } from './limits';
import { clientKey } from './rate-limit';
import type { RefusalLog } from './request-log';
import { formatError } from './errors';
import { resolveCredential, type Caller } from '../auth/caller';
import { unauthenticated } from '../domain/errors';
import { FanOut, type SubscriberContext } from '../pubsub/fanout';

interface ConnectionState {
  /** The connection_init Authorization value, authenticated again for every operation. */
  authorization: unknown;
  /** Stops watching the connection's credential on the revocation signal. */
  stopWatching?: () => void;
  subscriptions: Set<string>;
  /** The rate limit's key: the token's hash prefix, or the client IP. */
  client: string;
}

const stateOf = (extra: any): ConnectionState => extra as ConnectionState;

/** The message types a client may send (graphql-transport-ws). */
const CLIENT_MESSAGE_TYPES = new Set<string>([
  MessageType.ConnectionInit,
  MessageType.Ping,
  MessageType.Pong,
  MessageType.Subscribe,
  MessageType.Complete,
]);

/** The `type` of a JSON message, when it has a string one (anything else graphql-ws refuses itself with 4400). */
function messageType(data: RawData): string | undefined {
  try {
    const type = JSON.parse(String(data))?.type;
    return typeof type === 'string' ? type : undefined;
  } catch {
    return undefined;
  }
}

/** graphql-js's own refusal (validation, variables) as BAD_USER_INPUT, keeping where it points. */
const asBadInput = (e: GraphQLError, extensions: Record<string, unknown> = {}) =>
  new GraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    extensions: { code: 'BAD_USER_INPUT', ...extensions },
  });

const REVOKED = 'The token was revoked or has expired, or its user was disabled';
const RIGHTS_CHANGED = "The user's role, actor or country changed: connect again to subscribe with the new rights";

/**
 * Ends every operation open on the socket with UNAUTHENTICATED, then closes it with 4403 (as
 * graphql-ws does for a bad token at connection_init); the error frames go out before the close.
 */
function refuseConnection(ctx: SocketContext<any, any>, message: string): void {
  const socket = (ctx.extra as { socket: WebSocket }).socket;
  if (socket.readyState !== socket.OPEN) return;
  const payload = [{ message, extensions: { code: 'UNAUTHENTICATED' } }];
  for (const id of Object.keys(ctx.subscriptions)) socket.send(JSON.stringify({ id, type: MessageType.Error, payload }));
  socket.close(CloseCode.Forbidden, 'Forbidden');
}

export interface SocketOptions {
  limits: OperationLimits;
  refusals: RefusalLog;
  /** The client IP under TRUST_PROXY, as express computes it. */
  clientIp: (req: http.IncomingMessage) => string | undefined;
}

/** Distinct operation texts whose parsed, validated document is kept (the map starts over past it). */
const VALID_DOCUMENTS_KEPT = 500;

/** Write errors that only say the client has gone. */
const PEER_GONE = new Set(['EPIPE', 'ECONNRESET']);

export function attachWebSocketServer(httpServer: http.Server, schema: GraphQLSchema, services: AppServices, options: SocketOptions) {
  const { config, logger } = services;
  const format = formatError(config.development, logger, { hideSuggestions: !config.introspection });
  const validationRules = [...specifiedRules, ...validationRulesFor(config)];
  const formatAll = (errors: readonly GraphQLError[]) =>
    errors.map(
      (e) =>
        new GraphQLError(format(e.toJSON(), e).message, {
          extensions: format(e.toJSON(), e).extensions as any,
          nodes: e.nodes,
          path: e.path,
        }),
    );

  // Documents that parsed and validated, by their text: thousands of dashboards subscribe with the
  // same few texts, so each is parsed and validated once and one tree is shared by all of them
  // (a subscription holds its document as long as it runs). What depends on the request (the
  // variables, the rate limit, the caller) is still checked for every operation.
  const validDocuments = new Map<string, DocumentNode>();

  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    // A message over the body limit closes the socket with 1009 (Message Too Big) unread.
    maxPayload: config.bodyLimitBytes,
    verifyClient: ({ origin }: { origin?: string }) => !origin || !config.allowedOrigins || config.allowedOrigins.includes(origin),
  });

  // Event subscriptions are delivered by FanOut: executed once per event and group of alike subscribers.
  const fanOut = new FanOut(services, schema, {
    formatResult: (result) => (result.errors?.length ? { ...result, errors: formatAll(result.errors).map((e) => e.toJSON()) } : result),
  });
  fanOut.start();

  const cleanup = useServer(
    {
      schema,
      subscribe: (args) => fanOut.subscribe(args),
      connectionInitWaitTimeout: 10_000,
      // Queries and mutations have the same time limit as over HTTP.
      execute: (args) => withOperationBudget(config.operationTimeoutMs, async () => execute(args)),
      async onConnect(ctx) {
        let caller: Caller | null;
        try {
          caller = await resolveCredential(services, ctx.connectionParams?.authorization);
        } catch {
          const client = clientKey(ctx.connectionParams?.authorization, options.clientIp(ctx.extra.request));
          options.refusals.refused({ status: 4403, codes: ['UNAUTHENTICATED'], client, path: 'websocket connection_init' });
          return false; // graphql-ws closes with 4403 Forbidden
        }
        const authorization = ctx.connectionParams?.authorization;
        const client = clientKey(authorization, options.clientIp(ctx.extra.request));
        const state: ConnectionState = { authorization, subscriptions: new Set<string>(), client };
        if (caller) {
          state.stopWatching = services.revocations.onRevoked(caller.credential, (why) =>
            refuseConnection(ctx, why === 'CHANGED' ? RIGHTS_CHANGED : REVOKED),
          );
        }
        Object.assign(ctx.extra, state);
        return true;
      },
      async onSubscribe(ctx, id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> {
        const state = stateOf(ctx.extra);
        let caller: Caller | null;
        try {
          caller = await resolveCredential(services, state.authorization);
        } catch {
          refuseConnection(ctx, REVOKED);
          return [unauthenticated(REVOKED)];
        }
        let document = validDocuments.get(payload.query);
        if (!document) {
          try {
            document = parse(payload.query, parseOptions);
          } catch (err) {
            const error = err as GraphQLError;
            const code = isTokenLimitError(error) ? 'QUERY_TOO_COMPLEX' : 'BAD_USER_INPUT';
            return [new GraphQLError(error.message, { extensions: { code } })];
          }
          const errors = validate(schema, document, validationRules);
          if (errors.length) return formatAll(errors.map((e) => asBadInput(e, e.extensions)));
          if (validDocuments.size >= VALID_DOCUMENTS_KEPT) validDocuments.clear();
          validDocuments.set(payload.query, document);
        }
        // As over HTTP: an operationName the document lacks, several operations and no name, or
        // variables that do not fit their types are the client's error, found before anything runs.
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) {
          const message = payload.operationName
            ? `Unknown operation named "${payload.operationName}".`
            : 'Must provide operation name if query contains multiple operations.';
          return [new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field: 'operationName' } })];
        }
        const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {}, { maxErrors: 50 });
        if (coerced.errors) return formatAll(coerced.errors.map((e) => asBadInput(e)));
        try {
          await options.limits.admit({ schema, document, operation, variables: payload.variables, client: state.client });
        } catch (err) {
          return formatAll([err as GraphQLError]);
        }
        if (operation.operation === 'subscription') {
          if (state.subscriptions.size >= config.maxSubscriptionsPerConnection) {
            return [
              new GraphQLError(`At most ${config.maxSubscriptionsPerConnection} subscriptions per connection`, {
                extensions: { code: 'RATE_LIMITED' },
              }),
            ];
          }
          state.subscriptions.add(id);
        }
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: Object.assign(createContext(services, caller?.user ?? null), {
            subscriber: { socket: ctx.extra.socket, id, credential: caller?.credential ?? null },
          }) satisfies SubscriberContext,
        };
      },
      onNext(_ctx, _id, _payload, _args, result) {
        if ('errors' in result && result.errors?.length) return { ...result, errors: formatAll(result.errors) };
        return undefined;
      },
      onError(_ctx, _id, _payload, errors) {
        return formatAll(errors);
      },
      onComplete(ctx, id) {
        stateOf(ctx.extra).subscriptions?.delete(id);
      },
      onClose(ctx) {
        stateOf(ctx.extra).stopWatching?.();
      },
    },
    wsServer,
    config.keepAliveMs,
  );

  // ws closes a socket whose message is over maxPayload with 1009 and then emits the error;
  // graphql-ws would print it as an internal error. It is a refusal: log it as one.
  wsServer.on('connection', (socket, req) => {
    const [graphqlWsHandler] = socket.listeners('error') as ((err: Error) => void)[];
    socket.removeAllListeners('error');
    socket.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        const client = clientKey(undefined, options.clientIp(req));
        options.refusals.refused({ status: 1009, codes: ['PAYLOAD_TOO_LARGE'], message: err.message, client, path: 'websocket message' });
      } else graphqlWsHandler?.(err);
    });

    // graphql-ws answers a well-formed message of a type only the server sends (`next`, `error`,
    // `connection_ack`) by throwing, which it reports as an internal error and closes with 1011.
    // It is the client's protocol error: close with 4400 (Bad Request) as for any invalid message.
    const [graphqlWsMessage] = socket.listeners('message') as ((data: RawData, isBinary: boolean) => void)[];
    socket.removeAllListeners('message');
    socket.on('message', (data: RawData, isBinary: boolean) => {
      const type = messageType(data);
      if (type !== undefined && !CLIENT_MESSAGE_TYPES.has(type)) {
        const client = clientKey(undefined, options.clientIp(req));
        options.refusals.refused({ status: CloseCode.BadRequest, codes: ['BAD_USER_INPUT'], client, path: `websocket message ${type}` });
        socket.close(CloseCode.BadRequest, `Unexpected message of type ${type.slice(0, 40)} from a client`);
        return;
      }
      graphqlWsMessage?.call(socket, data, isBinary);
    });

    // A client that drops its socket while an answer is on its way (it terminated after reading
    // what it waited for) makes the write fail with EPIPE or ECONNRESET: graphql-ws would report
    // it as an internal error. Nobody is left to answer; the close that follows cleans up.
    const send = socket.send.bind(socket) as (data: unknown, ...rest: unknown[]) => void;
    socket.send = ((data: unknown, ...rest: unknown[]) => {
      const done = typeof rest[rest.length - 1] === 'function' ? (rest.pop() as (err?: Error) => void) : undefined;
      send(data, ...rest, (err?: Error & { code?: string }) => done?.(err && PEER_GONE.has(err.code ?? '') ? undefined : err));
    }) as typeof socket.send;
  });

  return {
    wsServer,
    fanOut,
    async dispose() {
      await cleanup.dispose();
      await fanOut.close();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
