// The Revision's three timeouts as the activator enforces them (Knative's timeout handler:
// total, response start, idle → 504 "activator request timeout"; after headers, the cut).
// Small values keep the suite fast; one case uses the real 10 s / 12 s of the conformance test.
import { request } from 'node:http';
import { ActivatorFixture } from '../activator-fixture.spec-helper';

jest.setTimeout(40_000);

let fx: ActivatorFixture;

/** An app that waits `before` ms, sends headers, waits `after` ms, then ends. */
async function sleepyRevision(name: string, spec: Record<string, unknown>, before: number, after = 0): Promise<string> {
  const app = await fx.app((req, res) => {
    req.resume();
    const timer = setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('head\n');
      setTimeout(() => res.end('tail\n'), after);
    }, before);
    res.on('close', () => clearTimeout(timer));
  });
  await fx.revision(`${name}-00001`, spec);
  await fx.pod(`${name}-00001-pod`, `${name}-00001`, app.port);
  await fx.route(name, [{ revisionName: `${name}-00001`, percent: 100 }]);
  await fx.untilRouted(`${name}.default.example.com`, [`${name}-00001`]);
  await fx.untilEndpoints(`${name}-00001`, 1);
  await fx.untilRevision(`${name}-00001`);
  return `${name}.default.example.com`;
}

/** The status, what arrived, and whether the body ended cleanly or was cut. */
function fetchStream(host: string): Promise<{ status: number; body: string; cut: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: fx.port, path: '/', headers: { host }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cut: false }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body, cut: true }));
      res.on('aborted', () => resolve({ status: res.statusCode ?? 0, body, cut: true }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  fx = await ActivatorFixture.start();
});

afterAll(() => fx.close());

it('answers 200 when the app takes less than timeoutSeconds', async () => {
  const host = await sleepyRevision('quick', { timeoutSeconds: 3 }, 1000);
  expect(await fetchStream(host)).toEqual({ status: 200, body: 'head\ntail\n', cut: false });
});

it('answers 504 "activator request timeout" when no headers come within timeoutSeconds', async () => {
  const host = await sleepyRevision('slow', { timeoutSeconds: 1 }, 3000);
  expect(await fetchStream(host)).toEqual({ status: 504, body: 'activator request timeout\n', cut: false });
});

it('cuts the stream when the app sent headers but the total timeout passes', async () => {
  const host = await sleepyRevision('dribble', { timeoutSeconds: 1 }, 0, 3000);
  expect(await fetchStream(host)).toEqual({ status: 200, body: 'head\n', cut: true });
});

it('answers 504 when headers do not start within responseStartTimeoutSeconds', async () => {
  const host = await sleepyRevision('latestart', { timeoutSeconds: 10, responseStartTimeoutSeconds: 1 }, 3000);
  expect(await fetchStream(host)).toEqual({ status: 504, body: 'activator request timeout\n', cut: false });
});

it('cuts the stream after idleTimeoutSeconds without a byte', async () => {
  const host = await sleepyRevision('idle', { timeoutSeconds: 10, idleTimeoutSeconds: 1 }, 0, 3000);
  expect(await fetchStream(host)).toEqual({ status: 200, body: 'head\n', cut: true });
});

it('keeps a slow but talkative stream alive under idleTimeoutSeconds', async () => {
  const app = await fx.app((req, res) => {
    req.resume();
    res.writeHead(200);
    let n = 0;
    const timer = setInterval(() => {
      res.write(`${n}\n`);
      if (++n === 5) {
        clearInterval(timer);
        res.end();
      }
    }, 400);
  });
  await fx.revision('talk-00001', { timeoutSeconds: 10, idleTimeoutSeconds: 1 });
  await fx.pod('talk-00001-pod', 'talk-00001', app.port);
  await fx.route('talk', [{ revisionName: 'talk-00001', percent: 100 }]);
  await fx.untilRouted('talk.default.example.com', ['talk-00001']);
  await fx.untilEndpoints('talk-00001', 1);
  await fx.untilRevision('talk-00001');
  expect(await fetchStream('talk.default.example.com')).toEqual({ status: 200, body: '0\n1\n2\n3\n4\n', cut: false });
});

it('conformance values: 2 s sleep under timeoutSeconds 10 is 200, 12 s sleep is 504', async () => {
  const ok = await sleepyRevision('conf-ok', { timeoutSeconds: 10 }, 2000);
  const late = await sleepyRevision('conf-late', { timeoutSeconds: 10 }, 12_000);
  const [a, b] = await Promise.all([fetchStream(ok), fetchStream(late)]);
  expect(a).toEqual({ status: 200, body: 'head\ntail\n', cut: false });
  expect(b).toEqual({ status: 504, body: 'activator request timeout\n', cut: false });
});
