import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { admit, parseManifests, RESOURCE_TYPES, type KubeObject, type ResourceType } from '@knts/api';
import { Informer, NatsKvStore } from '@knts/store';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createServingControllers, type ServingControllers } from './serving-controllers';
import { CONFIG_MAPS, CONFIGURATIONS, REVISIONS, ROUTES, SERVICES } from './serving-types';
import type { ServiceStatus } from './serving-status';
import { RecordingRuntime } from './testing/recording-runtime';

jest.setTimeout(30_000);

/** Polls until `check` passes or the deadline; the last failure is the test's failure. */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('serving controllers against the NATS store', () => {
  let nc: NatsConnection;
  let store: NatsKvStore;
  let controllers: ServingControllers;
  const runtime = new RecordingRuntime({ autoReady: true });

  beforeAll(async () => {
    nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    store = new NatsKvStore({ connection: nc, prefix: `sctl${randomUUID().slice(0, 8)}`, types: RESOURCE_TYPES, admit });
    const informers = new Map<ResourceType, Informer>(
      [SERVICES, CONFIGURATIONS, REVISIONS, ROUTES, CONFIG_MAPS].map((type) => [type, new Informer({ store, type })]),
    );
    controllers = createServingControllers({ informers, store, runtime });
    await controllers.start();
  });

  afterAll(async () => {
    await controllers?.stop();
    await store?.close();
    await store?.destroyBuckets();
    await nc?.drain();
  });

  it("the workshop's v1alpha1 helloworld Service becomes Ready with its URL and traffic", async () => {
    const manifest = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'workshop', 'service.yaml'), 'utf8');
    for (const object of parseManifests(manifest)) await store.apply(object as KubeObject);

    const service = await eventually(async () => {
      const found = await store.get<KubeObject>(SERVICES, 'default', 'helloworld');
      const status = found?.status as ServiceStatus | undefined;
      expect(status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
      return { ...found, status: status! };
    });
    expect(service.status).toMatchObject({
      url: 'http://helloworld.default.example.com',
      address: { url: 'http://helloworld.default.svc.cluster.local' },
      latestCreatedRevisionName: 'helloworld-00001',
      latestReadyRevisionName: 'helloworld-00001',
      traffic: [{ revisionName: 'helloworld-00001', latestRevision: true, percent: 100 }],
    });
    expect(service.status.traffic).toHaveLength(1);

    const workload = runtime.applied.find((a) => a.spec.name === 'helloworld-00001');
    expect(workload?.spec.env).toEqual({ K_SERVICE: 'helloworld', K_CONFIGURATION: 'helloworld', K_REVISION: 'helloworld-00001' });
    const revision = await store.get<KubeObject>(REVISIONS, 'default', 'helloworld-00001');
    expect(revision?.metadata.labels).toMatchObject({ 'serving.knative.dev/route': 'helloworld', 'serving.knative.dev/routingState': 'active' });
  });

  it('a Service with a BYO revision name becomes Ready with a handful of Configuration writes, not a storm', async () => {
    // The Route reconciler once cleared the routes annotation the Service writes on its
    // Configuration before the Route exists; the two controllers then rewrote the Configuration
    // 150-650 times before its status write got through (CI timed out waiting on it).
    let configurationWrites = 0;
    const watch = store.watch(CONFIGURATIONS, { namespace: 'default' }, (event) => {
      if (event.object.metadata.name === 'byo') configurationWrites++;
    });
    await watch.ready;
    try {
      await store.apply({
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        metadata: { name: 'byo', namespace: 'default' },
        spec: { template: { metadata: { name: 'byo-first' }, spec: { containers: [{ image: 'gcr.io/knative-samples/helloworld-go' }] } } },
      });
      await eventually(async () => {
        const found = await store.get<KubeObject>(SERVICES, 'default', 'byo');
        const status = found?.status as ServiceStatus | undefined;
        expect(status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
        expect(status?.latestReadyRevisionName).toBe('byo-first');
      });
      const config = await store.get<KubeObject>(CONFIGURATIONS, 'default', 'byo');
      expect(config?.metadata.annotations?.['serving.knative.dev/routes']).toBe('byo');
      // Create, status (latest created), status (ready), the labeler's annotation: a few more on a busy machine.
      expect(configurationWrites).toBeLessThanOrEqual(10);
    } finally {
      await watch.stop();
    }
  });
});
