/**
 * The HTTP and WebSocket server: one Node http server, Express for /healthz and /graphql (Apollo),
 * and graphql-ws on the same port and path. stop() drains HTTP, closes sockets and waits.
 */
import http from 'node:http';
import type { FanOut } from '../pubsub/fanout';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import cors from 'cors';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, getOperationAST, parse, type GraphQLSchema } from 'graphql';
import { buildTrackerSchema } from '../schema/build';
import { createContext, type AppServices, type Context } from './context';
import { formatError, httpErrorBody, PAYLOAD_TOO_LARGE } from './errors';
import { notFound } from '../web/not-found';
import { createOperationLimits, parseOptions, validationRulesFor } from './limits';
import { clientKey } from './rate-limit';
import { RefusalLog, requestLog } from './request-log';
import { resolveCaller } from '../auth/caller';
import { attachWebSocketServer } from './ws';
import { HealthMonitor } from './health';
import { exportRouter } from '../export/routes';
import { digestRouter } from '../digests/routes';
import { OperationBudget, operationBudget } from '../db/operation-budget';
import { securityHeaders } from '../web/headers';
import { webRoutes } from '../web/routes';

export interface TrackerServer {
  url: string;
  wsUrl: string;
  port: number;
  httpServer: http.Server;
  schema: GraphQLSchema;
  /** Event subscribers now registered on this instance (tests wait on it before writing: graphql-ws does not acknowledge a subscribe). */
  subscriberCount(): number;
  /** The event subscriptions' delivery (its stats, and the mutations its sends wait for). */
  fanOut: FanOut;
  stop(): Promise<void>;
}

function loggingPlugin(logger: AppServices['logger']): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue, request }) {
      // Below info (LOG_LEVEL=warn in production) there is nothing to log: no timer, no child logger.
      if (!logger.isLevelEnabled('info')) return;
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
          contextValue.log.info(
            {
              operation: request.operationName ?? null,
              durationMs: Math.round(durationMs * 10) / 10,
              errors: errors.map((e) => e.extensions?.code),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}

/**
 * A subscription needs the WebSocket: over HTTP it would run its event resolver with no event.
 * Answered as GraphQL-over-HTTP servers do, before anything runs: 400 and BAD_USER_INPUT.
 */
const SUBSCRIPTIONS_NEED_WEBSOCKET =
  'Subscriptions are served over the WebSocket (graphql-ws protocol) on this same URL, not over HTTP POST or GET';

/** Whether a GET's query string holds a subscription (anything unparsable is left to Apollo). */
function isSubscription(query: unknown, operationName: unknown): boolean {
  if (typeof query !== 'string') return false;
  try {
    const operation = getOperationAST(parse(query, parseOptions), typeof operationName === 'string' ? operationName : undefined);
    return operation?.operation === 'subscription';
  } catch {
    return false;
  }
}

function subscriptionsNeedWebSocket(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError(SUBSCRIPTIONS_NEED_WEBSOCKET, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
        },
      };
    },
  };
}

/** Runs the rest of the request (the GraphQL operation) under OPERATION_TIMEOUT_MS. */
function operationTimeLimit(limitMs: number) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const budget = new OperationBudget(limitMs);
    res.on('close', () => budget.finish());
    operationBudget.run(budget, next);
  };
}

/** The client's IP as express computes `req.ip` under TRUST_PROXY, also for WebSocket upgrades (which bypass express). */
function clientIpOf(app: express.Express, req: http.IncomingMessage): string | undefined {
  const view = Object.create(app.request, { headers: { value: req.headers }, socket: { value: req.socket } });
  return view.ip;
}

function originCheck(allowed: string[] | undefined) {
  return cors({
    origin: (origin, callback) => callback(null, !origin || !allowed || allowed.includes(origin)),
    credentials: false,
    maxAge: 600,
  });
}

export async function startServer(services: AppServices, port = services.config.port, host = services.config.host): Promise<TrackerServer> {
  const { config, logger } = services;
  const schema = await buildTrackerSchema();
  const app = express();
  const httpServer = http.createServer(app);
  app.set('trust proxy', config.trustProxy);
  const limits = createOperationLimits(services);
  const refusals = new RefusalLog(logger, services.clock);
  const ws = attachWebSocketServer(httpServer, schema, services, { limits, refusals, clientIp: (req) => clientIpOf(app, req) });

  const apollo = new ApolloServer<Context>({
    schema,
    // INTROSPECTION=false is enforced by our own validation rule (the same on the socket), whose
    // message names the setting; formatError then also drops "Did you mean …" suggestions.
    introspection: true,
    // main.ts owns SIGTERM/SIGINT and stops Apollo itself.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: config.development,
    formatError: formatError(config.development, logger, { hideSuggestions: !config.introspection }),
    validationRules: validationRulesFor(config),
    parseOptions,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Apollo's landing page loads Sandbox from Apollo's CDN, with telemetry: browsers get our own explorer (src/web).
      ApolloServerPluginLandingPageDisabled(),
      {
        async serverWillStart() {
          return { drainServer: () => ws.dispose() };
        },
      },
      subscriptionsNeedWebSocket(),
      // The fan-out's slices of sends wait while a mutation is under way (src/pubsub/fanout.ts).
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ operation, request }) {
              if (operation?.operation === 'mutation') ws.fanOut.writeArrived(request);
            },
            async willSendResponse({ request }) {
              ws.fanOut.writeLeft(request);
            },
          };
        },
      },
      limits.plugin,
      loggingPlugin(logger),
    ],
  });
  await apollo.start();
  const health = await HealthMonitor.start(services);

  app.disable('x-powered-by');
  // While draining, every response says `Connection: close`: the client then knows the socket
  // ends after it, instead of sending its next request into a socket the server is closing.
  let draining = false;
  const unanswered = new Set<Response>();
  app.use((_req: Request, res: Response, next: NextFunction) => {
    if (draining) res.setHeader('Connection', 'close');
    unanswered.add(res);
    res.on('finish', () => unanswered.delete(res));
    res.on('close', () => unanswered.delete(res));
    next();
  });
  app.use(requestLog(refusals, (req) => clientKey(req.headers.authorization, req.ip)));
  app.use(securityHeaders());
  // Answered from the background checks: never waits behind a busy database.
  app.get('/healthz', (_req, res) => {
    const report = health.report();
    res.status(report.status === 'unavailable' ? 503 : 200).json(report);
  });
  // Static files and pages (the dashboard, the explorer on a browser's GET /graphql): src/web/routes.ts.
  app.use(webRoutes(services));
  app.use(
    '/graphql',
    originCheck(config.allowedOrigins),
    express.json({ limit: config.bodyLimitBytes }),
    operationTimeLimit(config.operationTimeoutMs),
    // Authentication is by bearer token only (no cookies), so a cross-site GET cannot act as
    // anyone: a GET query needs no preflight header (Apollo itself refuses mutations over GET).
    // POST keeps Apollo's CSRF protection.
    (req: Request, res: Response, next: NextFunction) => {
      if (req.method === 'GET') {
        req.headers['apollo-require-preflight'] = 'get';
        // Apollo would refuse it as "not a query" (405): say what the client needs instead.
        if (isSubscription(req.query.query, req.query.operationName)) {
          return void res.status(400).json(httpErrorBody(SUBSCRIPTIONS_NEED_WEBSOCKET, 'BAD_USER_INPUT'));
        }
      }
      next();
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const requestId = res.locals.requestId as string;
        try {
          const context = createContext(services, await resolveCaller(services, req.headers.authorization), requestId);
          res.locals.userId = context.user?.id;
          return Object.assign(context, { client: clientKey(req.headers.authorization, req.ip) });
        } catch (err) {
          if (err instanceof GraphQLError) {
            throw new GraphQLError(err.message, { extensions: { ...err.extensions, http: { status: 401 } } });
          }
          throw err;
        }
      },
    }),
  );
  app.use('/export', originCheck(config.allowedOrigins), exportRouter(services));
  // One-click unsubscribe links of e-mail digests: no token, the link's signature is the proof.
  app.use('/digests', digestRouter(services));
  app.use(notFound);
  // Errors raised before GraphQL runs (body too large, malformed JSON) still answer in GraphQL's shape.
  app.use((err: any, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    if (err?.type === 'entity.too.large') {
      return res
        .status(413)
        .json(httpErrorBody(`Request body larger than ${config.bodyLimitBytes} bytes (BODY_LIMIT_BYTES)`, PAYLOAD_TOO_LARGE));
    }
    if (err?.type === 'entity.parse.failed') return res.status(400).json(httpErrorBody('Malformed JSON body', 'BAD_USER_INPUT'));
    // gzip, deflate and br bodies are decoded (body-parser inflates them); other encodings and
    // charsets other than UTF-8/16 cannot be read.
    if (err?.type === 'encoding.unsupported') {
      return res
        .status(415)
        .json(
          httpErrorBody(`Unsupported Content-Encoding "${err.encoding}": send the body as is, or gzip, deflate or br`, 'BAD_USER_INPUT'),
        );
    }
    if (err?.type === 'charset.unsupported') {
      return res.status(415).json(httpErrorBody(`Unsupported charset "${err.charset}": send JSON in UTF-8`, 'BAD_USER_INPUT'));
    }
    if (err?.type === 'request.aborted') {
      // The client went away before sending its whole body: nothing to answer, nothing broken.
      logger.info({ path: _req.path, received: err.received, expected: err.expected }, 'client closed the request before sending its body');
      return undefined;
    }
    // Any other client error of the body reader (a bad Content-Length, a stream error) is the client's.
    if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      return res.status(err.status).json(httpErrorBody(err.expose ? err.message : 'Unreadable request body', 'BAD_USER_INPUT'));
    }
    logger.error({ err }, 'http error');
    return res.status(500).json(httpErrorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
  });

  // Keep-alive: the server must never be the side that closes an idle connection just as a
  // request arrives on it (under load its expired timer runs before the socket's pending data
  // is read, and the client sees ECONNRESET). Clients keep idle sockets for less than the
  // `Keep-Alive: timeout` hint, so a long one leaves the closing to them; headersTimeout must exceed it.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  // A deep accept queue, for thousands of WebSocket clients (re)connecting at once.
  await new Promise<void>((resolve) => httpServer.listen({ port, host, backlog: 4096 }, resolve));
  const actualPort = (httpServer.address() as AddressInfo).port;
  const url = `http://${host}:${actualPort}/graphql`;
  logger.info({ url }, 'serving GraphQL');
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    port: actualPort,
    httpServer,
    schema,
    subscriberCount: () => ws.fanOut.stats().subscribers,
    fanOut: ws.fanOut,
    async stop() {
      draining = true;
      for (const res of unanswered) if (!res.headersSent) res.setHeader('Connection', 'close');
      await apollo.stop();
      await health.stop();
      await limits.close();
      refusals.flush();
    },
  };
}
