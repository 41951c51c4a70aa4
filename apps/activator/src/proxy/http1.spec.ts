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

  // Header names are matched by bytes: letters in any case, everything else exactly.
  it.each([
    ['HOST: h2', 'slow'], // a second Host
    ['hOsT: h2', 'slow'],
    ['Hostx: h2', 'kept'],
    ['Hos: h2', 'kept'],
    ['EXPECT: 100-continue', 'slow'],
    ['Expect-CT: max-age=0', 'kept'],
    ['uPGRADE: h2c', 'slow'],
    ['Upgrade-Insecure-Requests: 1', 'kept'],
    ['K-NETWORK-PROBE: queue', 'slow'],
    ['KEEP-ALIVE: timeout=5', 'cut'],
    ['Keep\rAlive: timeout=5', 'kept'],
    ['Proxy-Connection: keep-alive', 'cut'],
    ['PROXY-AUTHORIZATION: Basic x', 'cut'],
    ['proxy-Authenticate: Basic', 'cut'],
    ['TE: trailers', 'cut'],
    ['TE2: trailers', 'kept'],
    ['TRAILER: X-T', 'cut'],
    ['K-Proxy-Request: activator', 'cut'],
    ['k-original-HOST: h', 'cut'],
    ['K-Passthrough-LB: true', 'cut'],
    ['K-KUBELET-PROBE: x', 'cut'],
    ['K-Network-Hash: abc', 'cut'],
    ['k-network-: x', 'cut'],
    ['K-Network: x', 'kept'],
    ['K_Network-Hash: abc', 'kept'],
    ['Knative-Serving-Revision: r', 'cut'],
    ['KNATIVE-SERVING-NAMESPACE: n', 'cut'],
    ['Knative-Serving: x', 'kept'],
    ['Knative\rServing-Revision: r', 'kept'],
    ['Content\rLength: 5', 'kept'],
    ['content_length: 5', 'kept'],
    ['Content-Lengthx: 5', 'kept'],
    ['Xontent-Length: 5', 'kept'],
    ['Content-Lengt: 5', 'kept'],
    ['Transfer\rEncoding: gzip', 'kept'],
    ['Connection\r: x', 'kept'],
    ['X-Forwarded\rFor: 1.2.3.4', 'kept'],
    ['X-Forwarded-Fo: 1.2.3.4', 'kept'],
    ['Accept: */*', 'kept'],
    ['X-A: 1\r2', 'kept'], // a CR alone is just a byte of the value
    ['\xc3\x89: x', 'kept'],
  ])('%j is %s', (line, expected) => {
    const raw = `GET / HTTP/1.1\r\nHost: h\r\n${line}\r\n\r\n`;
    if (expected === 'slow') return expect(parseRequestHead(bytes(raw), new ForwardingCache('1.1.1.1'))).toBe(SLOW);
    expect(upstreamHead(raw).includes(`\r\n${line}\r\n`)).toBe(expected === 'kept');
  });

  it.each([
    [
      'mixed case',
      'hOST: h\r\ncONTENT-lENGTH: 7\r\nCONNECTION: CLOSE',
      { host: 'h', bodyKind: BODY_LENGTH, contentLength: 7, close: true },
    ],
    [
      'OWS around values',
      'Host: \t h.example.com \t\r\nContent-Length:\t 12 \t',
      { host: 'h.example.com', contentLength: 12 },
    ],
    ['no OWS at all', 'Host:h\r\nContent-Length:5', { host: 'h', contentLength: 5 }],
    [
      '15 digits',
      'Host: h\r\nContent-Length: 999999999999999',
      { bodyKind: BODY_LENGTH, contentLength: 999999999999999 },
    ],
    ['leading zeros', 'Host: h\r\nContent-Length: 00012', { contentLength: 12 }],
    ['Content-Length: 0', 'Host: h\r\nContent-Length: 0', { bodyKind: BODY_NONE, contentLength: 0 }],
    ['chunked in capitals', 'Host: h\r\nTRANSFER-ENCODING: \tChunked ', { bodyKind: BODY_CHUNKED }],
    ['Close, Keep-Alive', 'Host: h\r\nConnection: Close, Keep-Alive', { close: true }],
    ['keep-alive, close', 'Host: h\r\nconnection: keep-alive,close', { close: true }],
    ['KEEP-ALIVE', 'Host: h\r\nConnection: KEEP-ALIVE', { close: false }],
    ['empty Connection tokens', 'Host: h\r\nConnection: , keep-alive ,', { close: false }],
  ])('reads %s', (_what, headers, expected) => {
    const head = parseRequestHead(bytes(`POST / HTTP/1.1\r\n${headers}\r\n\r\n`), new ForwardingCache('1.1.1.1'));
    expect(head).toMatchObject(expected);
  });

  it.each([
    ['16 digits', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1000000000000000\r\n\r\n'],
    ['an empty Content-Length', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: \r\n\r\n'],
    ['Content-Length 1 2', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1 2\r\n\r\n'],
    ['Content-Length 1e3', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1e3\r\n\r\n'],
    ['two Content-Lengths', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\ncontent-length: 1\r\n\r\n'],
    ['TE then CL', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n'],
    ['chunked, gzip', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n'],
    ['TE identity', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity\r\n\r\n'],
    ['Connection: keep-alive, Upgrade', 'GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Upgrade\r\n\r\n'],
    ['Connection: keep_alive', 'GET / HTTP/1.1\r\nHost: h\r\nConnection: keep_alive\r\n\r\n'],
    ['an empty Host', 'GET / HTTP/1.1\r\nHost: \t\r\n\r\n'],
    ['a bare LF in the request line', 'GET /\n HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['a LF ending the request line', 'GET / HTTP/1.1\nHost: h\r\n\r\n'],
    ['a bare LF in a value', 'GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\n2\r\n\r\n'],
    ['a bare LF in a name', 'GET / HTTP/1.1\r\nHost: h\r\nX\nA: 1\r\n\r\n'],
    ['a line starting with LF', 'GET / HTTP/1.1\r\nHost: h\r\n\nX-A: 1\r\n\r\n'],
    ['a line without a colon', 'GET / HTTP/1.1\r\nHost: h\r\nX-A\r\n\r\n'],
    ['a line starting with a colon', 'GET / HTTP/1.1\r\nHost: h\r\n: x\r\n\r\n'],
    ['a space before the colon', 'GET / HTTP/1.1\r\nHost : h\r\n\r\n'],
    ['a tab before the colon', 'GET / HTTP/1.1\r\nHost\t: h\r\n\r\n'],
    ['a tab-folded line', 'GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n\t2\r\n\r\n'],
    ['a lowercase method', 'get / HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['a method with a digit', 'G3T / HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['CONNECT', 'CONNECT /h:443 HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['two spaces', 'GET  / HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['a space in the target', 'GET /a b HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['a space after the version', 'GET / HTTP/1.1 \r\nHost: h\r\n\r\n'],
    ['a lowercase version', 'GET / http/1.1\r\nHost: h\r\n\r\n'],
    ['a head over 16 KiB', `GET / HTTP/1.1\r\nHost: h\r\nX-Big: ${'a'.repeat(16 * 1024)}\r\n\r\n`],
    ['an unfinished head over 16 KiB', `GET / HTTP/1.1\r\nHost: h\r\nX-Big: ${'a'.repeat(16 * 1024)}`],
  ])('leaves %s to node:http', (_what, raw) => {
    expect(parseRequestHead(bytes(raw), new ForwardingCache('1.1.1.1'))).toBe(SLOW);
  });

  it('judges nothing before the head is complete', () => {
    for (const raw of ['get / HTTP/1.0\r\nHost: h\nX: 1\r\n', 'GET / HTTP/1.1\r\nHost: h\r\n\r', 'G', '']) {
      expect(parseRequestHead(bytes(raw), new ForwardingCache('1.1.1.1'))).toBeUndefined();
    }
  });

  it('tells HEAD from other methods', () => {
    const fwd = new ForwardingCache('1.1.1.1');
    expect(parseRequestHead(bytes('HEAD / HTTP/1.1\r\nHost: h\r\n\r\n'), fwd)).toMatchObject({ isHead: true });
    expect(parseRequestHead(bytes('HEADX / HTTP/1.1\r\nHost: h\r\n\r\n'), fwd)).toMatchObject({ isHead: false });
    expect(parseRequestHead(bytes('HEA / HTTP/1.1\r\nHost: h\r\n\r\n'), fwd)).toMatchObject({ isHead: false });
  });

  it('merges repeated X-Forwarded-For and Forwarded lines, keeps the first X-Forwarded-Proto and -Host', () => {
    const out = upstreamHead(
      'GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 1.1.1.1\r\nforwarded: for=1.1.1.1\r\nx-forwarded-for:\t2.2.2.2 \r\n' +
        'X-FORWARDED-PROTO: https\r\nX-Forwarded-Host: a.example\r\nFORWARDED: for=2.2.2.2\r\nx-forwarded-proto: http\r\n' +
        'x-forwarded-host: b.example\r\nAccept: */*\r\n\r\n',
    );
    expect(out).toBe(
      'GET / HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n' +
        'X-Forwarded-For: 1.1.1.1, 2.2.2.2, 10.0.0.1\r\nX-Forwarded-Proto: https\r\n' +
        'Forwarded: for=1.1.1.1, for=2.2.2.2, for=10.0.0.1;proto=http;host=h\r\nX-Forwarded-Host: a.example\r\n\r\n',
    );
  });

  it('follows a change of Host on one connection', () => {
    const fwd = new ForwardingCache('10.0.0.1');
    const a = parseRequestHead(bytes('GET / HTTP/1.1\r\nHost: a.example\r\n\r\n'), fwd) as RequestHead;
    const a2 = parseRequestHead(bytes('GET / HTTP/1.1\r\nHost: a.example\r\n\r\n'), fwd) as RequestHead;
    const b = parseRequestHead(bytes('GET / HTTP/1.1\r\nHost: b.example\r\n\r\n'), fwd) as RequestHead;
    const c = parseRequestHead(bytes('GET / HTTP/1.1\r\nHost: a.exampl\r\n\r\n'), fwd) as RequestHead;
    expect([a.host, a2.host, b.host, c.host]).toEqual(['a.example', 'a.example', 'b.example', 'a.exampl']);
    expect(a2.tail).toBe(a.tail);
    expect(b.tail).toContain('X-Forwarded-Host: b.example\r\n');
    expect(c.tail).toContain('X-Forwarded-Host: a.exampl\r\n');
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

  const response = (headers: string, status = 'HTTP/1.1 200 OK') =>
    parseResponseHead(bytes(`${status}\r\n${headers}\r\n\r\n`), false);

  it.each([
    ['Connection: close\r\nContent-Length: 1', { reusable: false, bodyKind: BODY_LENGTH }],
    ['CONNECTION: Close\r\nContent-Length: 1', { reusable: false }],
    ['Connection: keep-alive, close\r\nContent-Length: 1', { reusable: false }],
    ['Connection: x-closed\r\nContent-Length: 1', { reusable: false }], // "close" anywhere in the value
    ['Connection: Keep-Alive\r\nContent-Length: 1', { reusable: true }],
    ['Keep-Alive: timeout=65\r\nContent-Length: 1', { reusable: true }],
    ['Content-Length: \t5 ', { contentLength: 5, bodyKind: BODY_LENGTH }],
    ['content-length: 5\r\nCONTENT-LENGTH: 5', { contentLength: 5, bodyKind: BODY_LENGTH }],
    ['Content-Length: 0', { contentLength: 0, bodyKind: BODY_NONE, reusable: true }],
    ['Transfer-Encoding: chunked', { bodyKind: BODY_CHUNKED, reusable: true }],
    ['TRANSFER-ENCODING: CHUNKED', { bodyKind: BODY_CHUNKED }],
    ['Transfer-Encoding: gzip, chunked', { bodyKind: BODY_CHUNKED }],
    ['Transfer-Encoding: gzip,chunked', { bodyKind: BODY_CHUNKED }],
    ['Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip', { bodyKind: BODY_CLOSE, reusable: false }],
    ['Transfer-Encoding: chunked, gzip', { bodyKind: BODY_CLOSE, reusable: false }],
    ['Transfer-Encoding: gzip', { bodyKind: BODY_CLOSE, reusable: false }],
    ['Transfer-Encoding: xchunked', { bodyKind: BODY_CLOSE, reusable: false }],
    ['Transfer\rEncoding: chunked', { bodyKind: BODY_CLOSE }],
    ['Content\rLength: 5', { bodyKind: BODY_CLOSE }],
    ['content_length: 5', { bodyKind: BODY_CLOSE }],
    ['Content-Lengthx: 5', { bodyKind: BODY_CLOSE }],
    ['Xontent-Length: 5', { bodyKind: BODY_CLOSE }],
  ])('reads %j', (headers, expected) => {
    expect(response(headers)).toMatchObject(expected);
  });

  it.each([
    ['Connection: close', ''],
    ['Keep-Alive: timeout=65', ''],
    ['KEEP-ALIVE: timeout=65', ''],
    ['Proxy-Connection: close', ''],
    ['Upgrade: h2c', ''],
    ['Trailer: X-T', ''],
    ['TE: trailers', ''],
    ['Proxy-Authenticate: Basic', ''],
    ['Proxy-Authorization: Basic x', 'Proxy-Authorization: Basic x\r\n'],
    ['Connection-X: 1', 'Connection-X: 1\r\n'],
    ['Transfer-Encoding: chunked', 'Transfer-Encoding: chunked\r\n'],
  ])('forwards %j as %j', (line, kept) => {
    const buf = bytes(`HTTP/1.1 200 OK\r\nDate: x\r\n${line}\r\nContent-Length: 0\r\n\r\n`);
    const head = parseResponseHead(buf, false)!;
    let out = '';
    for (let i = 0; i < head.ranges.length; i += 2) out += buf.toString('latin1', head.ranges[i], head.ranges[i + 1]);
    expect(out).toBe(`HTTP/1.1 200 OK\r\nDate: x\r\n${kept}Content-Length: 0\r\n`);
  });

  it.each([
    ['HTTP/1.1 200', 200],
    ['HTTP/1.1 404 Not Found', 404],
    ['HTTP/1.1 999 x', 999],
    ['HTTP/1.1 099 x', null],
    ['HTTP/1.1 1000 x', null],
    ['HTTP/1.1 20x x', null],
    ['HTTP/1.1 20 x', null],
    ['HTTP/1.1 +20 x', null],
    ['HTTP/1.1 200x', null],
    ['HTTP/1.2 200 OK', null],
    ['HTTP/2.0 200 OK', null],
    ['http/1.1 200 OK', null],
    ['HTTP/1.1  200 OK', null],
  ])('reads the status line %j', (line, status) => {
    const head = response('Content-Length: 0', line);
    expect(head === null ? null : head!.status).toBe(status);
  });

  it('never reuses an HTTP/1.0 upstream connection', () => {
    expect(response('Content-Length: 1', 'HTTP/1.0 200 OK')).toMatchObject({ reusable: false, bodyKind: BODY_LENGTH });
    expect(response('Connection: keep-alive\r\nContent-Length: 1', 'HTTP/1.0 200 OK')).toMatchObject({
      reusable: false,
    });
  });

  it.each([
    ['16 digits', 'Content-Length: 1000000000000000'],
    ['a sign', 'Content-Length: +5'],
    ['two values', 'Content-Length: 5, 5'],
    ['unequal duplicates', 'Content-Length: 5\r\ncontent-length: 6'],
    ['a line without a colon', 'X-A'],
    ['a line starting with a colon', ': x'],
  ])('rejects %s', (_what, headers) => {
    expect(response(headers)).toBeNull();
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
