/**
 * The fan-out bench's floor: a bare `ws` server (no GraphQL, no database, no keep-alive pings)
 * that holds the same sockets from the same load generators (src/bench/fanout-client.ts) and,
 * when told, sends one pre-serialized graphql-ws `next` frame to every one of them in a plain
 * loop (`socket.send` of one Buffer). What it takes is what this machine takes to push one frame
 * to N local sockets while the load generators read them: the share of a fan-out figure that is
 * not the API's.
 *
 * Run as a child process: `node dist/bench/fanout-floor.js`, with PORT and, for the three-instance
 * floor, REDIS_URL and FLOOR_CHANNEL (then every floor process sends on each Redis message, as
 * the API's instances deliver each event they hear of through Redis).
 *   POST /send   with the event's sequence number as the body (the bench numbers the events, so
 *                they follow one another whichever process is told): answers 200, then (after
 *                the event loop has turned once, as the API answers a write before its fan-out)
 *                sends that event to every socket
 *   GET /healthz answers 200
 * The frame's payload has the shape and size of the bench subscription's result.
 */
import http from 'node:http';
import { Redis } from 'ioredis';
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.env.PORT);
const redisUrl = process.env.REDIS_URL || '';
const channel = process.env.FLOOR_CHANNEL || 'fanout-floor';

const sockets = new Set<WebSocket>();

/** The frame of the bench subscription's `next` message for event `n` (operation id "1", as the load generators number it). */
const frameOf = (n: number) =>
  Buffer.from(
    JSON.stringify({
      id: '1',
      type: 'next',
      payload: {
        data: {
          commitmentStatusChanged: {
            sequence: n,
            commitment: { code: 'C-0001', status: n % 2 ? 'STALLED' : 'IN_PROGRESS', actor: { name: 'Ministry of Health' } },
            statusChange: { fromStatus: 'IN_PROGRESS', toStatus: 'STALLED', at: new Date().toISOString() },
          },
        },
      },
    }),
  );

function broadcast(n: number): void {
  const frame = frameOf(n);
  for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(frame, { binary: false, compress: false, fin: true });
}

const publisher = redisUrl ? new Redis(redisUrl) : null;
if (redisUrl) {
  const subscriber = new Redis(redisUrl);
  void subscriber.subscribe(channel);
  subscriber.on('message', (_channel, message) => broadcast(Number(message)));
}

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/send') {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const n = Number(body);
      res.end(JSON.stringify({ sequence: n }));
      if (publisher) void publisher.publish(channel, String(n));
      else setImmediate(() => broadcast(n));
    });
    return;
  }
  res.end('ok');
});
server.keepAliveTimeout = 65_000;

const wss = new WebSocketServer({ server, path: '/graphql' });
wss.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('message', (data) => {
    const type = JSON.parse(String(data))?.type;
    if (type === 'connection_init') socket.send('{"type":"connection_ack"}');
    else if (type === 'ping') socket.send('{"type":"pong"}');
    // `subscribe`: every socket gets every event, as the bench's subscribers all do.
  });
});

server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
