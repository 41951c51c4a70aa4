// WebSockets through the activator (upstream conformance: websocket_test.go), over real sockets:
// the upgrade is routed by Host, the app's 101 and frames pass unchanged both ways, a revision
// at zero holds the upgrade until a replica is ready, and the tunnel counts as in flight.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { ActivatorFixture, type App } from '../activator-fixture.spec-helper';

jest.setTimeout(30_000);

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
let fx: ActivatorFixture;

beforeAll(async () => {
  fx = await ActivatorFixture.start();
});

afterAll(() => fx.close());

/** A WebSocket echo app: answers the handshake, then echoes each (small, masked) text frame prefixed with its name. */
async function echoApp(name: string): Promise<App & { seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  const app = await fx.app((_req, res) => res.end('plain'));
  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    seen.push(req);
    const accept = createHash('sha1').update(`${String(req.headers['sec-websocket-key'])}${GUID}`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    // node:http leaves upgraded sockets half-open: a WebSocket server closes its side itself.
    socket.on('end', () => socket.end());
    socket.on('data', (frame: Buffer) => {
      const text = unmask(frame);
      socket.write(textFrame(`${name}:${text}`, false));
    });
  });
  return Object.assign(app, { seen });
}

function textFrame(text: string, masked: boolean): Buffer {
  const payload = Buffer.from(text);
  if (!masked) return Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
  const mask = Buffer.from([1, 2, 3, 4]);
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, payload.map((b, i) => b ^ mask[i % 4])]);
}

function unmask(frame: Buffer): string {
  const length = frame[1] & 0x7f;
  if ((frame[1] & 0x80) === 0) return frame.subarray(2, 2 + length).toString();
  const mask = frame.subarray(2, 6);
  return Buffer.from(frame.subarray(6, 6 + length).map((b, i) => b ^ mask[i % 4])).toString();
}

/** Opens a WebSocket to the activator with `host`; resolves with the response head and the socket. */
async function handshake(host: string): Promise<{ head: string; socket: Socket }> {
  const socket = connect(fx.port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(
    `GET /ws HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  let received = Buffer.alloc(0);
  while (!received.includes('\r\n\r\n')) {
    const [chunk] = (await once(socket, 'data')) as [Buffer];
    received = Buffer.concat([received, chunk]);
  }
  const end = received.indexOf('\r\n\r\n') + 4;
  if (end < received.length) socket.unshift(received.subarray(end));
  return { head: received.subarray(0, end).toString('latin1'), socket };
}

async function roundTrip(socket: Socket, text: string): Promise<string> {
  socket.write(textFrame(text, true));
  const [frame] = (await once(socket, 'data')) as [Buffer];
  return unmask(frame);
}

it('joins a WebSocket to the revision the Host routes to, with the forwarding headers', async () => {
  const app = await echoApp('blue');
  await fx.revision('ws-00001');
  await fx.pod('ws-00001-pod', 'ws-00001', app.port);
  await fx.route('ws', [{ revisionName: 'ws-00001', percent: 100 }]);
  await fx.untilRouted('ws.default.example.com', ['ws-00001']);

  const { head, socket } = await handshake('ws.default.example.com');
  expect(head).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
  expect(head).toContain(`Sec-WebSocket-Accept: ${createHash('sha1').update(`dGhlIHNhbXBsZSBub25jZQ==${GUID}`).digest('base64')}`);
  expect(await roundTrip(socket, 'hello')).toBe('blue:hello');
  expect(await roundTrip(socket, 'again')).toBe('blue:again');
  expect(fx.ingress.tunnels.count).toBe(1);

  const req = app.seen[0];
  expect(req.url).toBe('/ws');
  expect(req.headers.upgrade).toBe('websocket');
  expect(req.headers.connection).toBe('Upgrade');
  expect(req.headers.host).toBe('ws.default.example.com');
  expect(req.headers['x-forwarded-for']).toBe('127.0.0.1');
  expect(req.headers.forwarded).toBe('for=127.0.0.1;proto=http;host=ws.default.example.com');

  socket.end();
  await once(socket, 'close');
  await new Promise((r) => setTimeout(r, 100));
  expect(fx.ingress.tunnels.count).toBe(0);
  await app.close();
});

it('answers 404 for an upgrade to a host no Route serves', async () => {
  const { head, socket } = await handshake('nobody.default.example.com');
  expect(head).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
  socket.destroy();
});

it('holds an upgrade to a revision with no ready replica and joins it once one is ready', async () => {
  const app = await echoApp('late');
  await fx.revision('wslate-00001');
  await fx.pod('wslate-00001-pod', 'wslate-00001', app.port, false);
  await fx.route('wslate', [{ revisionName: 'wslate-00001', percent: 100 }]);
  await fx.untilRouted('wslate.default.example.com', ['wslate-00001']);

  const pending = handshake('wslate.default.example.com');
  await new Promise((r) => setTimeout(r, 300));
  expect(app.seen).toHaveLength(0);
  await fx.setPodReady('wslate-00001-pod', true);
  const { head, socket } = await pending;
  expect(head).toMatch(/^HTTP\/1\.1 101 /);
  expect(await roundTrip(socket, 'x')).toBe('late:x');
  socket.destroy();
  await app.close();
});
