// No request is dropped while replicas come and go: requests are held while a revision has no
// ready endpoint, a Route switching revisions under load loses nothing, and an endpoint that
// disappears (or refuses) mid-load costs no request that had not reached it yet.
import { ActivatorFixture, eventually, type Reply } from '../activator-fixture.spec-helper';

jest.setTimeout(40_000);

let fx: ActivatorFixture;

beforeAll(async () => {
  fx = await ActivatorFixture.start();
});

afterAll(() => fx.close());

/** `clients` loops sending requests to `host` until `stop` resolves; returns every reply. */
async function load(host: string, clients: number, stop: Promise<void>): Promise<Reply[]> {
  let stopped = false;
  void stop.then(() => (stopped = true));
  const replies: Reply[] = [];
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (!stopped) {
        replies.push(await fx.send(host).catch((err: Error) => ({ status: -1, headers: {}, body: err.message })));
      }
    }),
  );
  return replies;
}

const failures = (replies: Reply[]) => replies.filter((r) => r.status !== 200);

it('holds a request while the only revision has no ready Pod and answers once one turns Ready', async () => {
  const app = await fx.helloApp('late');
  await fx.revision('late-00001');
  await fx.pod('late-00001-pod', 'late-00001', app.port, false);
  await fx.route('late', [{ revisionName: 'late-00001', percent: 100 }]);
  await fx.untilRouted('late.default.example.com', ['late-00001']);

  const pending = fx.send('late.default.example.com');
  // The request is parked on the revision, not failed.
  await eventually(() => expect(fx.ingress.table.backend('default', 'late-00001')?.throttler.waitingCount).toBe(1));
  await fx.setPodReady('late-00001-pod', true);
  expect(await pending).toMatchObject({ status: 200, body: 'late' });
});

it('answers 503 naming the revision when no endpoint appears within the revision timeout', async () => {
  await fx.revision('never-00001', { timeoutSeconds: 1 });
  await fx.route('never', [{ revisionName: 'never-00001', percent: 100 }]);
  await fx.untilRouted('never.default.example.com', ['never-00001']);
  await fx.untilRevision('never-00001');
  expect(await fx.send('never.default.example.com')).toMatchObject({
    status: 503,
    body: 'activator: revision "default/never-00001" has no ready endpoint after 1s\n',
  });
});

it('loses no request while a Route switches from revision A to B under 20 concurrent clients', async () => {
  const a = await fx.helloApp('A');
  const b = await fx.helloApp('B');
  await fx.revision('switch-00001');
  await fx.revision('switch-00002');
  await fx.pod('switch-00001-pod', 'switch-00001', a.port);
  await fx.route('switch', [{ revisionName: 'switch-00001', percent: 100 }]);
  await fx.untilRouted('switch.default.example.com', ['switch-00001']);
  await fx.untilEndpoints('switch-00001', 1);

  let finish!: () => void;
  const running = load('switch.default.example.com', 20, new Promise((r) => (finish = r)));
  await new Promise((r) => setTimeout(r, 200));
  // B's Pod is still starting when the Route flips: those requests are held, not failed.
  await fx.pod('switch-00002-pod', 'switch-00002', b.port, false);
  await fx.route('switch', [{ revisionName: 'switch-00002', percent: 100 }]);
  await fx.untilRouted('switch.default.example.com', ['switch-00002']);
  await new Promise((r) => setTimeout(r, 200));
  await fx.setPodReady('switch-00002-pod', true);
  await new Promise((r) => setTimeout(r, 200));
  // A goes away as the runtime scales it down: the Pod first, then the process.
  await fx.deletePod('switch-00001-pod');
  await a.close();
  await new Promise((r) => setTimeout(r, 300));
  finish();
  const replies = await running;

  expect(failures(replies)).toEqual([]);
  expect(replies.some((r) => r.body === 'A')).toBe(true);
  expect(replies.some((r) => r.body === 'B')).toBe(true);
  expect(replies.at(-1)?.body).toBe('B');
});

it('fails no request when an endpoint goes away mid-load before its Pod is deleted', async () => {
  const first = await fx.helloApp('one');
  const second = await fx.helloApp('two');
  await fx.revision('churn-00001');
  await fx.pod('churn-00001-a', 'churn-00001', first.port);
  await fx.pod('churn-00001-b', 'churn-00001', second.port);
  await fx.route('churn', [{ revisionName: 'churn-00001', percent: 100 }]);
  await fx.untilRouted('churn.default.example.com', ['churn-00001']);
  await fx.untilEndpoints('churn-00001', 2);

  let finish!: () => void;
  const running = load('churn.default.example.com', 20, new Promise((r) => (finish = r)));
  await new Promise((r) => setTimeout(r, 200));
  // The process dies first (connections refused or reset), the store hears of it later.
  await first.close();
  await new Promise((r) => setTimeout(r, 300));
  await fx.deletePod('churn-00001-a');
  await new Promise((r) => setTimeout(r, 200));
  finish();
  const replies = await running;

  expect(failures(replies)).toEqual([]);
  expect(replies.at(-1)?.body).toBe('two');
});

it('puts a refusing endpoint back into rotation once its Pod reports Ready again', async () => {
  const app = await fx.helloApp('back');
  await fx.revision('back-00001');
  await fx.pod('back-00001-pod', 'back-00001', app.port);
  await fx.route('back', [{ revisionName: 'back-00001', percent: 100 }]);
  await fx.untilRouted('back.default.example.com', ['back-00001']);
  await fx.untilEndpoints('back-00001', 1);
  const port = app.port;
  await app.close();

  // Refused: out of rotation, and the request is held rather than failed.
  const pending = fx.send('back.default.example.com');
  await fx.untilEndpoints('back-00001', 0);
  const again = await fx.app((req, res) => {
    req.resume();
    res.end('back');
  });
  // The replacement listens where the Pod says; a fresh Ready status brings it back.
  await new Promise<void>((resolve) => again.server.close(() => resolve()));
  await new Promise<void>((resolve) => again.server.listen(port, '127.0.0.1', resolve));
  await fx.setPodReady('back-00001-pod', false);
  await fx.setPodReady('back-00001-pod', true);
  expect(await pending).toMatchObject({ status: 200, body: 'back' });
});
