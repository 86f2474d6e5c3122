/**
 * Subscriber load generator for `npm run bench -- fanout`, run as a child process (each process
 * may hold up to 20,000 descriptors here). Opens `count` graphql-ws sockets with the bare
 * protocol (no client library: the generator must cost little), subscribes each once, and records
 * when every event arrives, and what came instead (error frames: a refused subscription). Each
 * socket sends its own X-Forwarded-For address, as dashboards behind a proxy would: the server's
 * per-IP rate limit (RATE_LIMIT) applies per simulated client, not to all of them at once. Talks to the parent over IPC:
 *   parent → { type: 'open', urls, count, query, variables, tokens }   child → { type: 'opened', failed }
 *   parent → { type: 'report' }                                        child → { type: 'report', arrivals, closes, errors, firstError }
 *   parent → { type: 'close' }                                         child exits
 * `arrivals` maps each sequence to the arrival times (ms since the epoch, sub-millisecond).
 */
import WebSocket from 'ws';

interface OpenMessage {
  type: 'open';
  urls: string[];
  count: number;
  query: string;
  variables: Record<string, unknown>;
  /** Tokens to spread over the sockets (null: anonymous). */
  tokens: (string | null)[];
  /** This process's number: with the socket's, it makes the socket's client address. */
  process: number;
}

const now = () => performance.timeOrigin + performance.now();
const sockets: WebSocket[] = [];
const arrivals = new Map<number, number[]>();
const closes: Record<string, number> = {};
/** `next` frames carrying errors, `error` frames (a subscription refused) and `complete` frames (one ended). */
let errors = 0;
let firstError: string | null = null;
const send = (message: unknown) => process.send!(message);

function openOne(url: string, token: string | null, query: string, variables: Record<string, unknown>, ip: string): Promise<boolean> {
  return new Promise((resolve) => {
    // Each socket stands for one dashboard on its own address (the server trusts loopback's X-Forwarded-For).
    const socket = new WebSocket(url, 'graphql-transport-ws', { headers: { 'x-forwarded-for': ip } });
    let settled = false;
    const settle = (ok: boolean) => {
      if (!settled) {
        settled = true;
        resolve(ok);
      }
    };
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} })),
    );
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
        settle(true);
      } else if (message.type === 'next') {
        if (message.payload?.errors?.length) {
          errors += 1;
          firstError ??= JSON.stringify(message.payload.errors).slice(0, 300);
        }
        const event = Object.values(message.payload.data ?? {})[0] as { sequence?: number } | undefined;
        if (event?.sequence != null) {
          const list = arrivals.get(event.sequence);
          if (list) list.push(now());
          else arrivals.set(event.sequence, [now()]);
        }
      } else if (message.type === 'error' || message.type === 'complete') {
        errors += 1;
        firstError ??= JSON.stringify(message).slice(0, 300);
      } else if (message.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
    });
    socket.on('close', (code) => {
      closes[code] = (closes[code] ?? 0) + 1;
      settle(false);
    });
    socket.on('error', () => settle(false));
    sockets.push(socket);
  });
}

process.on('message', async (message: { type: string } & Partial<OpenMessage>) => {
  if (message.type === 'open') {
    const m = message as OpenMessage;
    let failed = 0;
    // In batches, so the server's accept queue is not flooded.
    for (let i = 0; i < m.count; i += 100) {
      const batch = Array.from({ length: Math.min(100, m.count - i) }, (_, j) =>
        openOne(
          m.urls[(i + j) % m.urls.length],
          m.tokens[(i + j) % m.tokens.length],
          m.query,
          m.variables,
          `10.${m.process}.${((i + j) >> 8) & 255}.${(i + j) & 255}`,
        ),
      );
      failed += (await Promise.all(batch)).filter((ok) => !ok).length;
    }
    send({ type: 'opened', failed });
  } else if (message.type === 'report') {
    send({ type: 'report', arrivals: Object.fromEntries(arrivals), closes, errors, firstError });
  } else if (message.type === 'close') {
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  }
});
