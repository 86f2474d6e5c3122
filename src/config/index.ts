/**
 * Every setting the service reads, in one place. Names are the ones in
 * ../shared/design/domain-and-api.md; the README has the table.
 */
export interface Config {
  port: number;
  host: string;
  databasePath: string;
  /** postgres://…: PostgreSQL instead of the SQLite file at databasePath. */
  databaseUrl?: string;
  /** TLS to PostgreSQL (the server's certificate is verified). */
  databaseSsl: boolean;
  redisUrl?: string;
  publicRead: boolean;
  allowedOrigins?: string[];
  logLevel: string;
  introspection: boolean;
  development: boolean;
  seedsDir: string;
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /** Subscriptions one WebSocket connection may hold at once. */
  maxSubscriptionsPerConnection: number;
  /** Interval between graphql-ws keep-alive pings, in ms. */
  keepAliveMs: number;
  /** Events read per replay query when a subscriber resumes with `after`. */
  replayPageSize: number;
  /** A subscriber with more than this many bytes waiting on its socket is closed with 1013. */
  wsMaxBufferedBytes: number;
  /** How long a write waits for the database's write lock before SERVICE_UNAVAILABLE. */
  databaseBusyTimeoutMs: number;
  /** SQLite read connections beside the one writer; PostgreSQL's connection pool size. */
  databasePoolSize: number;
  /** Longest a GraphQL operation may run before TIMEOUT (0: no limit). */
  operationTimeoutMs: number;
  /** Most nodes an operation may return, by the estimate in src/server/node-count.ts. */
  maxNodes: number;
  /** Requests-equivalent per minute per token (or client IP when anonymous); 0 turns the limit off. */
  rateLimit: number;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For decides the client IP. */
  trustProxy: boolean | number | string;
  /** Interval of /healthz's background checks (a read, free disk space), in ms. */
  healthCheckIntervalMs: number;
  /** Interval of the database's own structure check (SQLite's quick_check), in ms. */
  healthIntegrityIntervalMs: number;
  /** Below this many free bytes on the database's disk, /healthz says `degraded`. */
  healthMinFreeBytes: number;
  /** Run the worker (outbox, webhooks, scheduled tasks) inside the API process; `npm run worker` runs it alone. */
  workerEnabled: boolean;
  /** How often each worker task looks for work, in ms. */
  workerPollMs: number;
  /** How long a webhook receiver has to answer, in ms. */
  webhookTimeoutMs: number;
  /** Hosts (`host` or `host:port`) webhooks may reach over http and at private addresses (tests, internal receivers). */
  webhookAllowedHosts: string[];
  /** Webhook deliveries in flight at once, per worker. */
  webhookConcurrency: number;
  /** smtp:// or smtps:// URL of the mail server for e-mail digests; unset: digests are off. */
  smtpUrl?: string;
  /** The public base URL of this server and its web pages (links in e-mails), without a trailing slash. */
  publicUrl?: string;
  /** Signs one-click unsubscribe links (HMAC-SHA256). */
  secretKey?: string;
  /** The From address of digests. */
  mailFrom?: string;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

/** TRUST_PROXY as express's `trust proxy`: true/false, a hop count, or addresses and subnets ("loopback, 10.0.0.0/8"). */
function trustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Expected a non-negative integer, got "${value}"`);
  return n;
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
/** Long enough that the HMAC key cannot be guessed (32 random characters or more). */
const MIN_SECRET_KEY_LENGTH = 32;

function url(name: string, value: string | undefined, protocols: string[]): URL | undefined {
  if (value === undefined || value === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new Error(`${name}: not a URL: "${value}"`);
  }
  if (!protocols.includes(parsed.protocol)) throw new Error(`${name}: expected a ${protocols.join(' or ')} URL, got "${parsed.protocol}"`);
  return parsed;
}

/**
 * The settings of e-mail digests: SMTP_URL turns them on, and then PUBLIC_URL (https, as RFC 8058
 * wants for one-click unsubscribe links; http only on a loopback host, for development) and
 * SECRET_KEY are required.
 */
function mailSettings(env: NodeJS.ProcessEnv): Pick<Config, 'smtpUrl' | 'publicUrl' | 'secretKey' | 'mailFrom'> {
  const smtp = url('SMTP_URL', env.SMTP_URL, ['smtp:', 'smtps:']);
  const pub = url('PUBLIC_URL', env.PUBLIC_URL, ['https:', 'http:']);
  if (pub && (pub.search || pub.hash))
    throw new Error('PUBLIC_URL: a base URL without query or fragment, e.g. https://tracker.example.org');
  if (pub?.protocol === 'http:' && !LOOPBACK_HOSTS.includes(pub.hostname)) {
    throw new Error('PUBLIC_URL: https is required (one-click unsubscribe links, RFC 8058); http only for localhost');
  }
  const secretKey = env.SECRET_KEY || undefined;
  if (secretKey !== undefined && secretKey.length < MIN_SECRET_KEY_LENGTH) {
    throw new Error(`SECRET_KEY: at least ${MIN_SECRET_KEY_LENGTH} characters (e.g. openssl rand -hex 32)`);
  }
  if (smtp && !pub) throw new Error('PUBLIC_URL is required with SMTP_URL: digests link to the records and to their unsubscribe page');
  if (smtp && !secretKey) throw new Error('SECRET_KEY is required with SMTP_URL: it signs the one-click unsubscribe links of digests');
  const publicUrl = pub ? pub.href.replace(/\/+$/, '') : undefined;
  return {
    smtpUrl: smtp?.href,
    publicUrl,
    secretKey,
    mailFrom: env.MAIL_FROM || (pub ? `Follow-up Tracker <digests@${pub.hostname.replace(/^\[|\]$/g, '')}>` : undefined),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: int(env.PORT, 4000),
    host: env.HOST || '127.0.0.1',
    databasePath: env.DATABASE_PATH || './data/tracker.sqlite',
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSsl: bool(env.DATABASE_SSL, false),
    redisUrl: env.REDIS_URL || undefined,
    publicRead: bool(env.PUBLIC_READ, true),
    allowedOrigins: env.ALLOWED_ORIGINS
      ? env.ALLOWED_ORIGINS.split(',')
          .map((o) => o.trim())
          .filter(Boolean)
      : undefined,
    logLevel: env.LOG_LEVEL || 'info',
    introspection: bool(env.INTROSPECTION, true),
    development: env.NODE_ENV === 'development',
    seedsDir: env.SEEDS_DIR || 'seeds',
    bodyLimitBytes: int(env.BODY_LIMIT_BYTES, 1_000_000),
    maxSubscriptionsPerConnection: int(env.MAX_SUBSCRIPTIONS_PER_CONNECTION, 20),
    keepAliveMs: int(env.WS_KEEPALIVE_MS, 12_000),
    replayPageSize: Math.max(1, int(env.REPLAY_PAGE_SIZE, 500)),
    wsMaxBufferedBytes: int(env.WS_MAX_BUFFERED_BYTES, 1_048_576),
    databaseBusyTimeoutMs: int(env.DATABASE_BUSY_TIMEOUT_MS, 10_000),
    databasePoolSize: Math.max(1, int(env.DATABASE_POOL_SIZE, 4)),
    operationTimeoutMs: int(env.OPERATION_TIMEOUT_MS, 10_000),
    maxNodes: int(env.MAX_NODES, 100_000),
    rateLimit: int(env.RATE_LIMIT, 1_200),
    healthCheckIntervalMs: Math.max(100, int(env.HEALTH_CHECK_INTERVAL_MS, 5_000)),
    healthIntegrityIntervalMs: Math.max(1_000, int(env.HEALTH_INTEGRITY_INTERVAL_MS, 3_600_000)),
    healthMinFreeBytes: int(env.HEALTH_MIN_FREE_BYTES, 256 * 1024 * 1024),
    trustProxy: trustProxy(env.TRUST_PROXY),
    workerEnabled: bool(env.WORKER, true),
    workerPollMs: Math.max(10, int(env.WORKER_POLL_MS, 1_000)),
    webhookTimeoutMs: Math.max(1, int(env.WEBHOOK_TIMEOUT_MS, 10_000)),
    webhookAllowedHosts: (env.WEBHOOK_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    webhookConcurrency: Math.max(1, int(env.WEBHOOK_CONCURRENCY, 16)),
    ...mailSettings(env),
  };
}
