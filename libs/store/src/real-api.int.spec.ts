// The store wired with the real @knts/api registry and admission, as the services and CLI use it.
import { RESOURCE_TYPES, ValidationError, admit, findResourceType } from '@knts/api';
import type { KubeObject } from '@knts/api';
import type { NatsConnection } from '@nats-io/transport-node';
import { NatsKvStore } from './nats-kv-store.adapter';
import { connectNats, uniquePrefix } from './store-fixtures.spec-helper';

describe('NatsKvStore with the real RESOURCE_TYPES and admit', () => {
  let nc: NatsConnection;
  let store: NatsKvStore;

  beforeAll(async () => {
    nc = await connectNats();
    store = new NatsKvStore({ connection: nc, prefix: uniquePrefix(), types: RESOURCE_TYPES, admit });
  });

  afterAll(async () => {
    await store.close();
    await store.destroyBuckets();
    await nc.drain();
  });

  const hello = (image: string): KubeObject => ({
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 'helloworld' },
    spec: { template: { spec: { containers: [{ image }] } } },
  });

  it('applies a Knative Service with defaults, and re-applying it changes nothing', async () => {
    const first = await store.apply(hello('gcr.io/knative-samples/helloworld-go'));
    expect(first.result).toBe('created');
    expect(first.object.metadata.namespace).toBe('default');
    expect((first.object.spec as { traffic?: unknown[] }).traffic).toBeDefined();
    const again = await store.apply(hello('gcr.io/knative-samples/helloworld-go'));
    expect(again.result).toBe('unchanged');
    const changed = await store.apply(hello('gcr.io/knative-samples/helloworld-go:v2'));
    expect(changed.result).toBe('configured');
    expect(changed.object.metadata.generation).toBe(2);
  });

  it('rejects an invalid Service with field paths and stores nothing', async () => {
    const bad = hello('x');
    bad.metadata.name = 'bad';
    (bad.spec as { traffic: unknown[] }).traffic = [{ latestRevision: true, percent: 90 }];
    await expect(store.create(bad)).rejects.toBeInstanceOf(ValidationError);
    const type = findResourceType('serving.knative.dev/v1', 'Service');
    expect(type).toBeDefined();
    expect(await store.get(type!, 'default', 'bad')).toBeUndefined();
  });

  it('stores core ConfigMaps', async () => {
    const cm = await store.create<KubeObject>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-domain', namespace: 'knative-serving' }, data: { 'example.com': '' } });
    expect(cm.metadata.uid).toBeDefined();
  });
});
