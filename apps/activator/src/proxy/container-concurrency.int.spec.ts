// containerConcurrency through the activator, like upstream's TestSingleConcurrency
// (knative/serving test/e2e/single_threaded_test.go): with CC 1, concurrent clients never
// put two requests at once on the one replica, and every request succeeds (the extra ones
// wait in the revision throttler's FIFO instead of failing). Both proxy paths take part: a
// keep-alive connection whose request cannot get a lease at once is handed to node:http.
import { ActivatorFixture, type Reply } from '../activator-fixture.spec-helper';

jest.setTimeout(40_000);

let fx: ActivatorFixture;

beforeAll(async () => {
  fx = await ActivatorFixture.start();
});

afterAll(() => fx.close());

it('never sends a CC=1 replica two requests at once, and every request succeeds', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  let served = 0;
  const app = await fx.app((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    req.resume();
    // Long enough for the other clients' requests to arrive while this one runs.
    setTimeout(() => {
      inFlight--;
      served++;
      res.end('one at a time');
    }, 20);
  });
  await fx.revision('single-00001', { containerConcurrency: 1 });
  await fx.untilRevision('single-00001');
  await fx.pod('single-00001-pod', 'single-00001', app.port);
  await fx.route('single', [{ revisionName: 'single-00001', percent: 100 }]);
  await fx.untilRouted('single.default.example.com', ['single-00001']);
  await fx.untilEndpoints('single-00001', 1);
  expect(fx.ingress.table.backend('default', 'single-00001')?.settings.containerConcurrency).toBe(1);

  const replies: Reply[] = [];
  const until = Date.now() + 3000;
  await Promise.all(
    Array.from({ length: 5 }, async () => {
      while (Date.now() < until) {
        replies.push(await fx.send('single.default.example.com').catch((err: Error) => ({ status: -1, headers: {}, body: err.message })));
      }
    }),
  );

  expect(replies.filter((r) => r.status !== 200 || r.body !== 'one at a time')).toEqual([]);
  expect(served).toBe(replies.length);
  expect(maxInFlight).toBe(1);
});
