/**
 * The fan-out's ready frames (src/pubsub/frame.ts): the bytes written straight to the TCP socket
 * are the WebSocket frame `ws` would have sent, for each of the three length encodings, and a
 * socket on which `ws` must frame the message itself (per-message deflate negotiated) still gets
 * it through `ws`'s send.
 */
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { nextFrame, textFrame, writeFrame } from '../src/pubsub/frame';

/** ws's frame parser (exported by ws at runtime, not in its type declarations). */
const { Receiver } = WebSocket as unknown as {
  Receiver: new (options: { isServer: boolean }) => NodeJS.EventEmitter & { write(chunk: Buffer): void };
};

/** What a client's frame parser reads from `bytes`. */
function decode(bytes: Buffer): Promise<{ data: string; isBinary: boolean }> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false });
    receiver.on('message', (data: Buffer, isBinary: boolean) => resolve({ data: data.toString(), isBinary }));
    receiver.on('error', reject);
    receiver.write(bytes);
  });
}

describe('ready WebSocket frames', () => {
  it.each([0, 5, 125, 126, 65_535, 65_536, 70_000])('encodes a %i-byte text message as ws reads it', async (length) => {
    const text = 'x'.repeat(length);
    const wire = textFrame(Buffer.from(text));
    expect(wire.length).toBe(length + (length < 126 ? 2 : length < 65_536 ? 4 : 10));
    await expect(decode(wire)).resolves.toEqual({ data: text, isBinary: false });
  });

  it('frames a graphql-ws next message once, payload and wire alike', async () => {
    const frame = nextFrame('op "1"', '{"data":{"n":1}}');
    const message = '{"id":"op \\"1\\"","type":"next","payload":{"data":{"n":1}}}';
    expect(frame.payload.toString()).toBe(message);
    await expect(decode(frame.wire)).resolves.toEqual({ data: message, isBinary: false });
  });

  describe('writeFrame', () => {
    let server: WebSocketServer;
    const clients: WebSocket[] = [];
    afterEach(async () => {
      for (const c of clients.splice(0)) c.terminate();
      await new Promise((resolve) => server.close(resolve));
    });

    /** A server socket and its client, which collects what it reads. */
    async function pair(perMessageDeflate: boolean) {
      server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate });
      await new Promise((resolve) => server.once('listening', resolve));
      const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
      const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, { perMessageDeflate });
      clients.push(client);
      const received: string[] = [];
      client.on('message', (data) => received.push(data.toString()));
      await new Promise((resolve) => client.once('open', resolve));
      return { socket: await accepted, received };
    }
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((resolve) => setImmediate(resolve));
    };

    it('writes the ready frame to the TCP socket itself, in order with ws’s own sends', async () => {
      const { socket, received } = await pair(false);
      const send = jest.spyOn(socket, 'send');
      socket.send('{"type":"connection_ack"}');
      writeFrame(socket, nextFrame('1', '{"data":1}'));
      writeFrame(socket, nextFrame('1', '{"data":2}'));
      await until(() => received.length === 3);
      expect(send).toHaveBeenCalledTimes(1); // only the ack went through ws
      expect(received).toEqual([
        '{"type":"connection_ack"}',
        '{"id":"1","type":"next","payload":{"data":1}}',
        '{"id":"1","type":"next","payload":{"data":2}}',
      ]);
    });

    it('lets ws frame the message when it negotiated per-message deflate', async () => {
      const { socket, received } = await pair(true);
      const send = jest.spyOn(socket, 'send');
      writeFrame(socket, nextFrame('1', '{"data":1}'));
      await until(() => received.length === 1);
      expect(send).toHaveBeenCalledTimes(1);
      expect(received).toEqual(['{"id":"1","type":"next","payload":{"data":1}}']);
    });
  });
});
