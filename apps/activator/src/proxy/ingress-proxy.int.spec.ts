// The activator's routing and forwarding with real sockets and a real NATS store: Host routing,
// tag hosts, the traffic split (TestBlueGreenRoute), the runtime-contract headers
// (TestMustHaveHeadersSet / TestShouldHaveHeadersSet), streaming and the activator probe.
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:http';
import { ActivatorFixture } from '../activator-fixture.spec-helper';

jest.setTimeout(30_000);

let fx: ActivatorFixture;

beforeAll(async () => {
  fx = await ActivatorFixture.start();
  const blue = await fx.helloApp('blue');
  const green = await fx.helloApp('green');
  await fx.revision('colors-00001');
  await fx.revision('colors-00002');
  await fx.pod('colors-00001-pod', 'colors-00001', blue.port);
  await fx.pod('colors-00002-pod', 'colors-00002', green.port);
  await fx.route('colors', [
    { revisionName: 'colors-00001', percent: 50, tag: 'blue' },
    { revisionName: 'colors-00002', percent: 50, tag: 'green' },
  ]);
  await fx.untilRouted('colors.default.example.com', ['colors-00001', 'colors-00002']);
  await fx.untilEndpoints('colors-00001', 1);
  await fx.untilEndpoints('colors-00002', 1);
});

afterAll(() => fx.close());

describe('routing on Host', () => {
  it('answers 404 naming the host when no Route serves it', async () => {
    expect(await fx.send('nobody.default.example.com:8080')).toMatchObject({
      status: 404,
      body: 'no Route serves host "nobody.default.example.com"\n',
    });
  });

  it('routes the Route URL regardless of case and port, and the cluster-local names', async () => {
    for (const host of ['Colors.Default.Example.COM:8080', 'colors.default.svc.cluster.local', 'colors.default.svc', 'colors.default']) {
      const reply = await fx.send(host);
      expect(reply.status).toBe(200);
      expect(['blue', 'green']).toContain(reply.body);
    }
  });

  it('serves only the tagged revision on a tag host', async () => {
    for (let i = 0; i < 20; i++) {
      expect((await fx.send('blue-colors.default.example.com')).body).toBe('blue');
      expect((await fx.send('green-colors.default.svc.cluster.local')).body).toBe('green');
    }
  });

  it('splits 50/50 so that each side gets at least 25% of 200 requests (TestBlueGreenRoute)', async () => {
    const replies = await Promise.all(Array.from({ length: 200 }, () => fx.send('colors.default.example.com')));
    const counts = { blue: 0, green: 0 };
    for (const r of replies) counts[r.body as 'blue' | 'green']++;
    expect(counts.blue + counts.green).toBe(200);
    expect(counts.blue).toBeGreaterThanOrEqual(50);
    expect(counts.green).toBeGreaterThanOrEqual(50);
  });

  it('answers Knative network probes itself', async () => {
    expect(await fx.send('anything', { path: '/healthz', headers: { 'K-Network-Probe': 'activator' } })).toMatchObject({ status: 200, body: 'activator' });
  });

  it('counts requests per revision under the upstream metric names', async () => {
    await fx.send('blue-colors.default.example.com');
    const text = await fx.registry.metrics();
    expect(text).toMatch(/activator_request_count\{namespace_name="default",service_name="colors",configuration_name="",revision_name="colors-00001",response_code="200",response_code_class="2xx"\} \d+/);
    expect(text).toMatch(/activator_request_latencies_bucket\{le="\+Inf",namespace_name="default",.*revision_name="colors-00001",response_code="200"/);
  });
});

describe('what the user container sees', () => {
  let seen: { headers: IncomingHttpHeaders; rawHeaders: string[]; body: string; url: string; method: string } | undefined;

  beforeAll(async () => {
    const echo = await fx.app((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen = { headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString(), url: req.url ?? '', method: req.method ?? '' };
        res.setHeader('Set-Cookie', ['a=1', 'b=2']);
        res.setHeader('X-App', 'echo');
        res.end('ok');
      });
    });
    await fx.revision('echo-00001');
    await fx.pod('echo-00001-pod', 'echo-00001', echo.port);
    await fx.route('echo', [{ revisionName: 'echo-00001', percent: 100 }]);
    await fx.untilRouted('echo.default.example.com', ['echo-00001']);
    await fx.untilEndpoints('echo-00001', 1);
  });

  it('gets Host as sent, Forwarded and X-Forwarded-* added, user headers kept, internal ones removed', async () => {
    const reply = await fx.send('echo.default.example.com:8080', {
      path: '/a/b?c=d',
      method: 'POST',
      body: 'payload',
      headers: {
        'X-User-Header': 'kept',
        'X-Forwarded-For': '203.0.113.7',
        Forwarded: 'for=203.0.113.7;proto=https',
        'K-Proxy-Request': 'activator',
        'Knative-Serving-Revision': 'other',
        'K-Network-Hash': 'abc',
        'Content-Type': 'text/plain',
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(reply.headers['x-app']).toBe('echo');
    expect(seen).toMatchObject({ method: 'POST', url: '/a/b?c=d', body: 'payload' });
    const h = seen!.headers;
    expect(h.host).toBe('echo.default.example.com:8080');
    expect(h['x-user-header']).toBe('kept');
    expect(h['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
    expect(h['x-forwarded-proto']).toBe('http');
    expect(h['x-forwarded-host']).toBe('echo.default.example.com:8080');
    expect(h.forwarded).toBe('for=203.0.113.7;proto=https, for=127.0.0.1;proto=http;host="echo.default.example.com:8080"');
    for (const internal of ['k-proxy-request', 'knative-serving-revision', 'k-network-hash']) expect(h[internal]).toBeUndefined();
  });

  it('adds a Forwarded header when the client sent none (TestMustHaveHeadersSet)', async () => {
    await fx.send('echo.default.svc.cluster.local');
    expect(seen!.headers.forwarded).toBe('for=127.0.0.1;proto=http;host=echo.default.svc.cluster.local');
    expect(seen!.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('drops headers named in Connection', async () => {
    await fx.send('echo.default.example.com', { headers: { Connection: 'keep-alive, X-Hop', 'X-Hop': 'secret' } });
    expect(seen!.headers['x-hop']).toBeUndefined();
  });
});

describe('streaming', () => {
  let releaseEnd: () => void = () => undefined;

  beforeAll(async () => {
    const ticker = await fx.app((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first\n');
      // The rest only once the client proved it got the first chunk.
      releaseEnd = () => res.end('last\n');
    });
    await fx.revision('ticker-00001');
    await fx.pod('ticker-00001-pod', 'ticker-00001', ticker.port);
    await fx.route('ticker', [{ revisionName: 'ticker-00001', percent: 100 }]);
    await fx.untilRouted('ticker.default.example.com', ['ticker-00001']);
    await fx.untilEndpoints('ticker-00001', 1);
  });

  it('delivers a chunk before the response ends', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: fx.port, path: '/', headers: { host: 'ticker.default.example.com' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text === 'first\n') releaseEnd();
        });
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    expect(body).toBe('first\nlast\n');
  });

  it('streams a large request body to the app and its echo back', async () => {
    const big = 'x'.repeat(4 * 1024 * 1024);
    const echo = await fx.app((req, res) => req.pipe(res));
    await fx.revision('bigecho-00001');
    await fx.pod('bigecho-00001-pod', 'bigecho-00001', echo.port);
    await fx.route('bigecho', [{ revisionName: 'bigecho-00001', percent: 100 }]);
    await fx.untilRouted('bigecho.default.example.com', ['bigecho-00001']);
    await fx.untilEndpoints('bigecho-00001', 1);
    const reply = await fx.send('bigecho.default.example.com', { method: 'PUT', body: big });
    expect(reply.status).toBe(200);
    expect(reply.body.length).toBe(big.length);
  });
});
