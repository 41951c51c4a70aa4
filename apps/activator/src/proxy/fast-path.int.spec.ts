// The raw-socket fast path's HTTP/1.1 framing, driven byte by byte from raw TCP clients:
// Content-Length and chunked bodies both ways, keep-alive reuse of both connections, heads
// split across packets, pipelining, HEAD, close-delimited responses, a client that leaves
// mid-response, and the requests it hands to node:http (HTTP/1.0, Expect: 100-continue).
import { connect, createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ActivatorFixture, eventually } from '../activator-fixture.spec-helper';

jest.setTimeout(30_000);

let fx: ActivatorFixture;
/** Connections the echo app accepted: keep-alive reuse keeps this at one per client. */
let echoConnections = 0;
let lastBody = '';
let releaseStream: () => void = () => undefined;
let streamClosedEarly = false;
let rawUpstream: NetServer;

async function revisionOn(name: string, port: number): Promise<string> {
  await fx.revision(`${name}-00001`);
  await fx.pod(`${name}-00001-pod`, `${name}-00001`, port);
  await fx.route(name, [{ revisionName: `${name}-00001`, percent: 100 }]);
  await fx.untilRouted(`${name}.default.example.com`, [`${name}-00001`]);
  await fx.untilEndpoints(`${name}-00001`, 1);
  return `${name}.default.example.com`;
}

beforeAll(async () => {
  fx = await ActivatorFixture.start();
  const echo = await fx.app((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      lastBody = Buffer.concat(chunks).toString();
      if (req.url === '/chunked') {
        // No Content-Length: node:http answers chunked.
        res.write('one,');
        res.write('two,');
        res.end('three');
      } else res.end(`${req.method} ${req.url} ${lastBody}`);
    });
  });
  echo.server.on('connection', () => echoConnections++);
  await revisionOn('echo', echo.port);

  const stream = await fx.app((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first\n');
    releaseStream = () => res.end('last\n');
    res.on('close', () => {
      if (!res.writableFinished) streamClosedEarly = true;
    });
  });
  await revisionOn('stream', stream.port);

  // An HTTP/1.1 app that delimits its body by closing the connection.
  rawUpstream = createNetServer((socket) => {
    socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil close'));
  });
  await new Promise<void>((resolve) => rawUpstream.listen(0, '127.0.0.1', resolve));
  await revisionOn('raw', (rawUpstream.address() as AddressInfo).port);
});

afterAll(async () => {
  await fx.close();
  await new Promise<void>((resolve) => rawUpstream.close(() => resolve()));
});

/** A raw client: collects everything the activator sends back. */
class RawClient {
  readonly socket: Socket;
  received = '';
  ended = false;

  constructor() {
    this.socket = connect({ host: '127.0.0.1', port: fx.port, noDelay: true });
    this.socket.setEncoding('latin1');
    this.socket.on('data', (d: string) => (this.received += d));
    this.socket.on('end', () => (this.ended = true));
    this.socket.on('error', () => undefined);
  }

  send(text: string): void {
    this.socket.write(text);
  }

  /** Waits until `count` complete responses arrived; returns them parsed. */
  async responses(count: number): Promise<Array<{ status: number; head: string; body: string }>> {
    let parsed: Array<{ status: number; head: string; body: string }> = [];
    await eventually(() => {
      parsed = parseResponses(this.received);
      expect(parsed.length).toBeGreaterThanOrEqual(count);
    }, 10_000);
    return parsed;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Splits a byte stream of HTTP/1.1 responses (Content-Length or chunked) into complete ones. */
function parseResponses(text: string): Array<{ status: number; head: string; body: string }> {
  const out: Array<{ status: number; head: string; body: string }> = [];
  let rest = text;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return out;
    const head = rest.slice(0, end);
    const status = Number(head.slice(9, 12));
    let i = end + 4;
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    let body = '';
    if (length) {
      if (rest.length < i + Number(length[1])) return out;
      body = rest.slice(i, i + Number(length[1]));
      i += Number(length[1]);
    } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      for (;;) {
        const lineEnd = rest.indexOf('\r\n', i);
        if (lineEnd < 0) return out;
        const size = parseInt(rest.slice(i, lineEnd), 16);
        if (rest.length < lineEnd + 2 + size + 2) return out;
        body += rest.slice(lineEnd + 2, lineEnd + 2 + size);
        i = lineEnd + 2 + size + 2;
        if (size === 0) break;
      }
    }
    out.push({ status, head, body });
    rest = rest.slice(i);
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fast path framing', () => {
  it('forwards Content-Length bodies and reuses both connections across requests', async () => {
    const before = echoConnections;
    const c = new RawClient();
    for (let i = 0; i < 5; i++) {
      c.send(`POST /n${i} HTTP/1.1\r\nHost: echo.default.example.com\r\nContent-Length: 5\r\n\r\nhello`);
      const replies = await c.responses(i + 1);
      expect(replies[i]).toMatchObject({ status: 200, body: `POST /n${i} hello` });
    }
    // One upstream connection carried all five (the pool may hold one from an earlier test).
    expect(echoConnections - before).toBeLessThanOrEqual(1);
    expect(c.received).not.toMatch(/keep-alive: timeout/i);
    c.close();
  });

  it('forwards a chunked request body sent in pieces, and a chunked response', async () => {
    const c = new RawClient();
    c.send('POST /chunked HTTP/1.1\r\nHost: echo.default.example.com\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel');
    await pause(30);
    c.send('lo\r\n7;ext=1\r\n, wor');
    await pause(30);
    c.send('ld\r\n0\r\n\r\n');
    const [reply] = await c.responses(1);
    expect(lastBody).toBe('hello, world');
    expect(reply.status).toBe(200);
    expect(reply.head).toMatch(/transfer-encoding: chunked/i);
    expect(reply.body).toBe('one,two,three');
    // The connection is still usable after a chunked exchange.
    c.send('GET /again HTTP/1.1\r\nHost: echo.default.example.com\r\n\r\n');
    expect((await c.responses(2))[1]).toMatchObject({ status: 200, body: 'GET /again ' });
    c.close();
  });

  it('reassembles a request head split across TCP packets', async () => {
    const c = new RawClient();
    for (const piece of ['GE', 'T /split HTTP/1.1\r\nHo', 'st: echo.default.exa', 'mple.com\r\nContent-Len', 'gth: 2\r\n\r', '\n', 'ok']) {
      c.send(piece);
      await pause(15);
    }
    expect((await c.responses(1))[0]).toMatchObject({ status: 200, body: 'GET /split ok' });
    c.close();
  });

  it('answers pipelined requests in order', async () => {
    const c = new RawClient();
    c.send(
      'GET /p1 HTTP/1.1\r\nHost: echo.default.example.com\r\n\r\n' +
        'POST /p2 HTTP/1.1\r\nHost: echo.default.example.com\r\nContent-Length: 3\r\n\r\nabc' +
        'GET /p3 HTTP/1.1\r\nHost: echo.default.example.com\r\n\r\n',
    );
    const replies = await c.responses(3);
    expect(replies.map((r) => r.body)).toEqual(['GET /p1 ', 'POST /p2 abc', 'GET /p3 ']);
    c.close();
  });

  it('sends no body for HEAD and keeps the connection usable', async () => {
    const c = new RawClient();
    c.send('HEAD /h HTTP/1.1\r\nHost: echo.default.example.com\r\n\r\nGET /after-head HTTP/1.1\r\nHost: echo.default.example.com\r\n\r\n');
    await eventually(() => expect(c.received).toMatch(/GET \/after-head $/), 10_000);
    const first = c.received.slice(0, c.received.indexOf('\r\n\r\n'));
    expect(first).toMatch(/^HTTP\/1\.1 200/);
    expect(c.received.indexOf('HTTP/1.1 200', 1)).toBe(first.length + 4);
    c.close();
  });

  it('relays a close-delimited response and then closes the client connection', async () => {
    const c = new RawClient();
    c.send('GET / HTTP/1.1\r\nHost: raw.default.example.com\r\n\r\n');
    await eventually(() => expect(c.ended).toBe(true), 10_000);
    expect(c.received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(c.received).toMatch(/connection: close\r\n/i);
    expect(c.received.endsWith('\r\n\r\nuntil close')).toBe(true);
  });

  it('aborts the upstream request and records 499 when the client leaves mid-response', async () => {
    streamClosedEarly = false;
    const c = new RawClient();
    c.send('GET / HTTP/1.1\r\nHost: stream.default.example.com\r\n\r\n');
    await eventually(() => expect(c.received).toMatch(/first\n/), 10_000);
    c.close();
    await eventually(() => expect(streamClosedEarly).toBe(true), 10_000);
    releaseStream();
    await eventually(async () => expect(await fx.registry.metrics()).toMatch(/revision_name="stream-00001",response_code="499"/), 10_000);
    // The next client is served normally.
    const next = new RawClient();
    next.send('GET / HTTP/1.1\r\nHost: stream.default.example.com\r\n\r\n');
    await eventually(() => expect(next.received).toMatch(/first\n/), 10_000);
    releaseStream();
    await eventually(() => expect(next.received).toMatch(/last\n/), 10_000);
    next.close();
  });

  it('hands HTTP/1.0 and Expect: 100-continue requests to node:http, which serves them', async () => {
    const old = new RawClient();
    old.send('GET /old HTTP/1.0\r\nHost: echo.default.example.com\r\n\r\n');
    await eventually(() => expect(old.received).toMatch(/GET \/old $/), 10_000);
    expect(old.received).toMatch(/^HTTP\/1\.1 200/);
    old.close();

    const c = new RawClient();
    c.send('POST /expect HTTP/1.1\r\nHost: echo.default.example.com\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n');
    await eventually(() => expect(c.received).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n/), 10_000);
    c.send('body');
    await eventually(() => expect(c.received).toMatch(/POST \/expect body$/), 10_000);
    // Later requests on the handed-over connection are node:http's too.
    c.send('GET /next HTTP/1.1\r\nHost: echo.default.example.com\r\n\r\n');
    await eventually(() => expect(c.received).toMatch(/GET \/next $/), 10_000);
    c.close();
  });

  it('answers 404 for an unknown host through the slow path, keeping the bytes read', async () => {
    const c = new RawClient();
    c.send('GET / HTTP/1.1\r\nHost: nobody.default.example.com\r\n\r\n');
    const [reply] = await c.responses(1);
    expect(reply).toMatchObject({ status: 404, body: 'no Route serves host "nobody.default.example.com"\n' });
    c.close();
  });
});
