// The fast path's framing parsers on their own: what goes upstream, what is left to node:http,
// and where chunked bodies end however they are split.
import { BODY_CHUNKED, BODY_CLOSE, BODY_LENGTH, BODY_NONE, ChunkedScanner, ForwardingCache, SLOW, parseRequestHead, parseResponseHead, type RequestHead } from './http1';

const bytes = (s: string) => Buffer.from(s, 'latin1');

function upstreamHead(raw: string, clientIp = '10.0.0.1'): string {
  const buf = bytes(raw);
  const head = parseRequestHead(buf, new ForwardingCache(clientIp)) as RequestHead;
  let out = '';
  for (let i = 0; i < head.ranges.length; i += 2) out += buf.toString('latin1', head.ranges[i], head.ranges[i + 1]);
  return out + head.tail;
}

describe('parseRequestHead', () => {
  it('keeps the client bytes, drops hop-by-hop and internal headers, appends the forwarding headers', () => {
    const out = upstreamHead(
      'POST /a?b HTTP/1.1\r\nHost: h.example.com\r\nConnection: keep-alive\r\nKeep-Alive: 5\r\nK-Proxy-Request: x\r\nKnative-Serving-Revision: r\r\n' +
        'X-Forwarded-For: 1.2.3.4\r\nUser-Agent: t\r\nContent-Length: 3\r\n\r\nabc',
    );
    expect(out).toBe(
      'POST /a?b HTTP/1.1\r\nHost: h.example.com\r\nUser-Agent: t\r\nContent-Length: 3\r\n' +
        'X-Forwarded-For: 1.2.3.4, 10.0.0.1\r\nX-Forwarded-Proto: http\r\nForwarded: for=10.0.0.1;proto=http;host=h.example.com\r\nX-Forwarded-Host: h.example.com\r\n\r\n',
    );
  });

  it('reports framing, HEAD and Connection: close', () => {
    const fwd = new ForwardingCache('10.0.0.1');
    expect(parseRequestHead(bytes('PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 12\r\n\r\n'), fwd)).toMatchObject({ bodyKind: BODY_LENGTH, contentLength: 12 });
    expect(parseRequestHead(bytes('POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n'), fwd)).toMatchObject({ bodyKind: BODY_CHUNKED });
    expect(parseRequestHead(bytes('HEAD / HTTP/1.1\r\nHost: h\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'), fwd)).toMatchObject({ bodyKind: BODY_NONE, isHead: true, close: true });
  });

  it('waits for the rest of a head split across packets', () => {
    expect(parseRequestHead(bytes('GET / HTTP/1.1\r\nHost: h\r\n\r'), new ForwardingCache('1.1.1.1'))).toBeUndefined();
  });

  it.each([
    ['HTTP/1.0', 'GET / HTTP/1.0\r\nHost: h\r\n\r\n'],
    ['no Host', 'GET / HTTP/1.1\r\n\r\n'],
    ['two Hosts', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'],
    ['absolute-form', 'GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['Expect', 'POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n'],
    ['Upgrade', 'GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n'],
    ['Connection naming a header', 'GET / HTTP/1.1\r\nHost: h\r\nConnection: X-Hop\r\n\r\n'],
    ['a probe', 'GET / HTTP/1.1\r\nHost: h\r\nK-Network-Probe: activator\r\n\r\n'],
    ['CL and TE', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n'],
    ['a bad Content-Length', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +1\r\n\r\n'],
    ['gzip TE', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n'],
    ['a bare LF', 'GET / HTTP/1.1\r\nHost: h\nX-Smuggle: 1\r\n\r\n'],
    ['obs-fold', 'GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n  2\r\n\r\n'],
  ])('leaves %s to node:http', (_what, raw) => {
    expect(parseRequestHead(bytes(raw), new ForwardingCache('1.1.1.1'))).toBe(SLOW);
  });
});

describe('parseResponseHead', () => {
  it('drops hop-by-hop lines and reads the framing', () => {
    const buf = bytes('HTTP/1.1 200 OK\r\nDate: x\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 11\r\n\r\nhello world');
    const head = parseResponseHead(buf, false);
    expect(head).toMatchObject({ status: 200, bodyKind: BODY_LENGTH, contentLength: 11, reusable: true, end: buf.length - 11 });
    let out = '';
    for (let i = 0; i < head!.ranges.length; i += 2) out += buf.toString('latin1', head!.ranges[i], head!.ranges[i + 1]);
    expect(out).toBe('HTTP/1.1 200 OK\r\nDate: x\r\nContent-Length: 11\r\n');
  });

  it('knows chunked, close-delimited, bodiless and non-reusable responses', () => {
    expect(parseResponseHead(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'), false)).toMatchObject({ bodyKind: BODY_CHUNKED, reusable: true });
    expect(parseResponseHead(bytes('HTTP/1.1 200 OK\r\n\r\n'), false)).toMatchObject({ bodyKind: BODY_CLOSE, reusable: false });
    expect(parseResponseHead(bytes('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n'), true)).toMatchObject({ bodyKind: BODY_NONE });
    expect(parseResponseHead(bytes('HTTP/1.1 304 Not Modified\r\n\r\n'), false)).toMatchObject({ bodyKind: BODY_NONE });
    expect(parseResponseHead(bytes('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\n'), false)).toMatchObject({ reusable: false });
    expect(parseResponseHead(bytes('HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n'), false)).toMatchObject({ reusable: false });
    expect(parseResponseHead(bytes('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n'), false)).toBeNull();
    expect(parseResponseHead(bytes('HTTP/1.1 200 OK\r\nContent'), false)).toBeUndefined();
  });
});

describe('ChunkedScanner', () => {
  const body = '5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nTrailer: x\r\n\r\n';

  it('finds the end of a chunked body in one buffer, leaving what follows', () => {
    expect(new ChunkedScanner().scan(bytes(body + 'NEXT'), 0)).toBe(body.length);
  });

  it('finds it however the body is split', () => {
    for (let cut = 1; cut < body.length; cut++) {
      const scanner = new ChunkedScanner();
      expect(scanner.scan(bytes(body.slice(0, cut)), 0)).toBe(-1);
      expect(scanner.scan(bytes(body.slice(cut)), 0)).toBe(body.length - cut);
    }
  });

  it('rejects malformed framing', () => {
    expect(new ChunkedScanner().scan(bytes('zz\r\n'), 0)).toBe(-2);
    expect(new ChunkedScanner().scan(bytes('2\r\nabc\r\n'), 0)).toBe(-2);
  });
});
