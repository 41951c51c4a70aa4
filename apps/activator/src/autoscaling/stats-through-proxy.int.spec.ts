// The activator's autoscaling half end to end: requests through the Ingress (fast path and
// node:http path) produce stat events on NATS for their revision with non-zero concurrency,
// and a request for a revision at zero produces the immediate stat and a poke at once.
import { subscribeEvents, withPrefix, type AutoscalerPokeData, type AutoscalerStatData, type Stoppable } from '@knts/events';
import { ActivatorFixture, eventually } from '../activator-fixture.spec-helper';

jest.setTimeout(40_000);

const catalogue = withPrefix(`st${process.pid}${Date.now().toString(36)}`);

let fx: ActivatorFixture;
let subs: Stoppable[];
const stats: AutoscalerStatData[] = [];
const pokes: AutoscalerPokeData[] = [];

beforeAll(async () => {
  fx = await ActivatorFixture.start();
  subs = await Promise.all([
    subscribeEvents(fx.nc, catalogue.entries.autoscalerStat.filter(), (event) => {
      stats.push(event.data as AutoscalerStatData);
    }),
    subscribeEvents(fx.nc, catalogue.entries.autoscalerPoke.filter(), (event) => {
      pokes.push(event.data as AutoscalerPokeData);
    }),
  ]);
  await fx.nc.flush();
  fx.ingress.connectStats(fx.nc, catalogue);
});

afterAll(async () => {
  await Promise.all(subs.map((s) => s.drain()));
  await fx.close();
});

it('reports the concurrency of requests through the activator for their revision', async () => {
  // Slow enough that the requests overlap a report period with in-flight time.
  const app = await fx.app((req, res) => {
    req.resume();
    setTimeout(() => res.end('slow'), 300);
  });
  await fx.revision('busy-00001');
  await fx.pod('busy-00001-pod', 'busy-00001', app.port);
  await fx.route('busy', [{ revisionName: 'busy-00001', percent: 100 }]);
  await fx.untilRouted('busy.default.example.com', ['busy-00001']);
  await fx.untilEndpoints('busy-00001', 1);

  const replies = await Promise.all(Array.from({ length: 4 }, () => fx.send('busy.default.example.com')));
  expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);

  await eventually(() => {
    const mine = stats.filter((s) => s.revision === 'busy-00001');
    expect(mine.some((s) => s.averageConcurrentRequests > 0 && s.requestCount > 0)).toBe(true);
    expect(mine.every((s) => s.namespace === 'default' && s.podName === fx.ingress.reporter.podName)).toBe(true);
  });
  // An endpoint was ready all along: no scale-from-zero poke for this revision.
  expect(pokes.filter((p) => p.revision === 'busy-00001')).toEqual([]);
});

it('pokes the autoscaler at once for a request to a revision at zero, and the request is held until a replica is ready', async () => {
  const app = await fx.helloApp('cold');
  await fx.revision('cold-00001');
  await fx.pod('cold-00001-pod', 'cold-00001', app.port, false);
  await fx.route('cold', [{ revisionName: 'cold-00001', percent: 100 }]);
  await fx.untilRouted('cold.default.example.com', ['cold-00001']);

  const pending = fx.send('cold.default.example.com');
  await eventually(() => {
    expect(pokes.filter((p) => p.revision === 'cold-00001')).toEqual([expect.objectContaining({ namespace: 'default', revision: 'cold-00001' })]);
    // The immediate stat that goes with the poke: one request, concurrency one.
    expect(stats).toContainEqual(expect.objectContaining({ revision: 'cold-00001', averageConcurrentRequests: 1, requestCount: 1 }));
  });
  expect(fx.ingress.table.backend('default', 'cold-00001')?.throttler.waitingCount).toBe(1);

  await fx.setPodReady('cold-00001-pod', true);
  expect(await pending).toMatchObject({ status: 200, body: 'cold' });
});
