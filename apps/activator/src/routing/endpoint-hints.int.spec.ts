// The runtime's readiness hints on real NATS: a request held at zero is answered as soon as a
// hint names a ready replica, before (or without) the store showing its Pod Ready, and a replica
// that leaves the hinted set leaves rotation. The last test runs the process runtime itself,
// writing its Pods into a store the activator does not watch, so only the hints can route.
import { join } from 'node:path';
import { RESOURCE_TYPES, admit, type KubeObject } from '@knts/api';
import { publishEvent, withPrefix, type EventCatalogue, type RuntimeEndpointsData } from '@knts/events';
import { ProcessRuntime } from '@knts/runtime';
import { NatsKvStore } from '@knts/store';
import { ActivatorFixture, PODS, eventually } from '../activator-fixture.spec-helper';

jest.setTimeout(40_000);

let fx: ActivatorFixture;
let catalogue: EventCatalogue;
const dropped: string[] = [];

beforeAll(async () => {
  fx = await ActivatorFixture.start();
  catalogue = withPrefix(`hint${process.pid}_${Date.now()}`);
  await fx.ingress.connectHints(fx.nc, catalogue, (_err, subject) => dropped.push(subject));
});

afterAll(() => fx.close());

function hint(revision: string, sequence: number, endpoints: RuntimeEndpointsData['endpoints']): void {
  const entry = catalogue.entries.runtimeEndpoints;
  const params = { namespace: 'default', revision };
  publishEvent(
    fx.nc,
    entry.subject(params),
    entry.event(params, { namespace: 'default', revision, runtime: 'test-runtime', sequence, endpoints, timestamp: new Date().toISOString() }),
  );
}

async function routed(name: string): Promise<string> {
  await fx.revision(`${name}-00001`);
  await fx.route(name, [{ revisionName: `${name}-00001`, percent: 100 }]);
  const host = `${name}.default.example.com`;
  await fx.untilRouted(host, [`${name}-00001`]);
  return host;
}

async function held(revision: string, count: number): Promise<void> {
  await eventually(() => expect(fx.ingress.table.backend('default', revision)?.throttler.waitingCount).toBe(count));
}

it('answers a held request once a hint names a ready replica, while the store still shows it starting', async () => {
  const app = await fx.helloApp('hinted');
  const host = await routed('early');
  await fx.pod('early-00001-abcde', 'early-00001', app.port, false);

  const pending = fx.send(host);
  await held('early-00001', 1);
  hint('early-00001', 1, [{ pod: 'early-00001-abcde', host: '127.0.0.1', port: app.port }]);
  expect(await pending).toMatchObject({ status: 200, body: 'hinted' });

  const pod = await fx.store.get<KubeObject>(PODS, 'default', 'early-00001-abcde');
  expect((pod?.status as { conditions: Array<{ status: string }> }).conditions[0].status).toBe('False');
  expect(fx.ingress.table.isHinted('default', 'early-00001-abcde')).toBe(true);

  // The replica leaves the runtime's ready set: out of rotation although the store never said Ready.
  hint('early-00001', 2, []);
  await fx.untilEndpoints('early-00001', 0);
});

it('lets the store take over a hinted replica, and never routes to one the store shows terminating', async () => {
  const app = await fx.helloApp('confirmed');
  const host = await routed('handover');
  hint('handover-00001', 10, [{ pod: 'handover-00001-bcdfg', host: '127.0.0.1', port: app.port }]);
  await fx.untilEndpoints('handover-00001', 1);
  await fx.pod('handover-00001-bcdfg', 'handover-00001', app.port, true);
  await eventually(() => expect(fx.ingress.table.isHinted('default', 'handover-00001-bcdfg')).toBe(false));
  expect(await fx.send(host)).toMatchObject({ status: 200, body: 'confirmed' });

  // Deleted in the store: a hint that still names it (late, or from a lagging runtime) is ignored.
  await fx.deletePod('handover-00001-bcdfg');
  await fx.untilEndpoints('handover-00001', 0);
  hint('handover-00001', 11, [{ pod: 'handover-00001-bcdfg', host: '127.0.0.1', port: app.port }]);
  const pending = fx.send(host);
  await held('handover-00001', 1);
  // A later, valid hint for another replica still gets through (so the one above was processed).
  hint('handover-00001', 12, [
    { pod: 'handover-00001-bcdfg', host: '127.0.0.1', port: app.port },
    { pod: 'handover-00001-hjklm', host: '127.0.0.1', port: app.port },
  ]);
  expect(await pending).toMatchObject({ status: 200, body: 'confirmed' });
  expect(fx.ingress.table.backend('default', 'handover-00001')?.ready.map((e) => e.podKey)).toEqual(['default/handover-00001-hjklm']);
});

it('drops a malformed hint', async () => {
  await routed('malformed');
  const entry = catalogue.entries.runtimeEndpoints;
  const params = { namespace: 'default', revision: 'malformed-00001' };
  publishEvent(fx.nc, entry.subject(params), entry.event(params, { namespace: 'default', revision: 'malformed-00001', endpoints: [{ pod: 'x' }] } as never));
  await eventually(() => expect(dropped).toEqual([entry.subject(params)]));
  expect(fx.ingress.table.backend('default', 'malformed-00001')?.ready).toHaveLength(0);
});

it('routes to a process-runtime replica on its hints alone', async () => {
  const host = await routed('runtime');
  // The runtime writes its Pods into a store of its own: the activator never sees them.
  const elsewhere = new NatsKvStore({ connection: fx.nc, prefix: `${catalogue.prefix}_pods`, types: RESOURCE_TYPES, admit });
  const runtime = new ProcessRuntime({
    store: elsewhere,
    logs: () => undefined,
    endpointHints: fx.nc,
    catalogue,
    repoRoot: join(__dirname, '../../../..'),
    drainMs: 50,
  });
  const spec = {
    namespace: 'default',
    name: 'runtime-00001',
    labels: { 'serving.knative.dev/revision': 'runtime-00001' },
    annotations: {},
    owner: { apiVersion: 'serving.knative.dev/v1', kind: 'Revision', name: 'runtime-00001', uid: 'uid-runtime-00001' },
    containers: [{ image: 'gcr.io/knative-samples/helloworld-go', env: [{ name: 'TARGET', value: 'hints' }] }],
    env: { K_SERVICE: 'runtime', K_CONFIGURATION: 'runtime', K_REVISION: 'runtime-00001' },
    terminationGracePeriodSeconds: 5,
  };
  try {
    await runtime.start();
    const pending = fx.send(host);
    await held('runtime-00001', 1);
    await runtime.apply(spec, 1);
    expect(await pending).toMatchObject({ status: 200, body: 'Hello hints!\n' });

    // Scaled to zero: the stop hint takes the replica out before its process is told to stop.
    await runtime.apply(spec, 0);
    await fx.untilEndpoints('runtime-00001', 0);
  } finally {
    await runtime.close();
    await elsewhere.close();
    await elsewhere.destroyBuckets();
  }
});
