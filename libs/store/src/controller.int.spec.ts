import type { KubeObject } from '@knts/api';
import type { NatsConnection } from '@nats-io/transport-node';
import { Controller, filterByOwnerKind } from './controller';
import { Informer } from './informer';
import { NatsKvStore } from './nats-kv-store.adapter';
import { PermanentError } from './permanent-error';
import { REVISIONS, SERVICES, TEST_TYPES, connectNats, eventually, permissiveAdmit, service, uniquePrefix } from './store-fixtures.spec-helper';

describe('Informer and Controller against NATS', () => {
  let nc: NatsConnection;
  let store: NatsKvStore;
  const stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    nc = await connectNats();
    store = new NatsKvStore({ connection: nc, prefix: uniquePrefix(), types: TEST_TYPES, admit: permissiveAdmit });
  });

  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  afterAll(async () => {
    await store.close();
    await store.destroyBuckets();
    await nc.drain();
  });

  function svc(namespace: string, name: string, spec: Record<string, unknown> = {}): KubeObject {
    const o = service(name, spec);
    o.metadata.namespace = namespace;
    return o;
  }

  it('an informer converges on the store after changes and reports them to handlers', async () => {
    await store.create(svc('inf', 'a'));
    await store.create(svc('inf', 'b'));
    const informer = new Informer({ store, type: SERVICES, namespace: 'inf' });
    stops.push(() => informer.stop());
    const seen: string[] = [];
    informer.addEventHandler({
      onAdd: (o) => seen.push(`add ${o.metadata.name}`),
      onUpdate: (_old, o) => seen.push(`update ${o.metadata.name}`),
      onDelete: (o) => seen.push(`delete ${o.metadata.name}`),
    });
    await informer.start();
    expect(informer.hasSynced).toBe(true);
    expect(informer.list().map((o) => o.metadata.name).sort()).toEqual(['a', 'b']);
    const a = (await store.get(SERVICES, 'inf', 'a'))!;
    await store.update({ ...a, spec: { image: 'new' } });
    await store.delete(SERVICES, 'inf', 'b');
    await store.create(svc('inf', 'c'));
    await eventually(async () => {
      const stored = (await store.list(SERVICES, { namespace: 'inf' })).items;
      expect(informer.list().sort(byName)).toEqual(stored.sort(byName));
    });
    expect(seen.slice(2)).toEqual(['update a', 'delete b', 'add c']);
    expect(informer.get('inf', 'a')?.spec).toEqual({ image: 'new' });
  });

  it('the controller reconciles each key once per change, never concurrently', async () => {
    const informer = new Informer({ store, type: SERVICES, namespace: 'ctl' });
    const reconciled: string[] = [];
    let active = 0;
    let maxActive = 0;
    const controller = new Controller({
      name: 'test',
      informers: [informer],
      workers: 4,
      reconcile: async (key) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setImmediate(r));
        reconciled.push(key);
        active--;
      },
    });
    stops.push(() => controller.stop());
    await store.create(svc('ctl', 'one'));
    await controller.start();
    await store.create(svc('ctl', 'two'));
    await eventually(() => expect([...new Set(reconciled)].sort()).toEqual(['ctl/one', 'ctl/two']));
    expect(maxActive).toBeLessThanOrEqual(4);
  });

  it('retries a failing key with backoff until it succeeds, and stops on PermanentError', async () => {
    const informer = new Informer({ store, type: SERVICES, namespace: 'retry' });
    const attempts = new Map<string, number>();
    const controller = new Controller({
      name: 'retry',
      informers: [informer],
      reconcile: async (key) => {
        const n = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, n);
        if (key === 'retry/flaky' && n < 4) throw new Error('not yet');
        if (key === 'retry/broken') throw new PermanentError('spec.image: cannot be pulled');
      },
    });
    stops.push(() => controller.stop());
    await controller.start();
    await store.create(svc('retry', 'flaky'));
    await store.create(svc('retry', 'broken'));
    await eventually(() => expect(attempts.get('retry/flaky')).toBe(4));
    expect(controller.queue.numRequeues('retry/flaky')).toBe(0);
    expect(attempts.get('retry/broken')).toBe(1);
    expect(controller.queue.numRequeues('retry/broken')).toBe(0);
  });

  it('requeueAfter reconciles the key again', async () => {
    const informer = new Informer({ store, type: SERVICES, namespace: 'again' });
    let count = 0;
    const controller = new Controller({
      name: 'again',
      informers: [informer],
      reconcile: async () => (++count < 3 ? { requeueAfter: 10 } : undefined),
    });
    stops.push(() => controller.stop());
    await controller.start();
    await store.create(svc('again', 'x'));
    await eventually(() => expect(count).toBe(3));
  });

  it('enqueues the controlling owner when a child changes', async () => {
    const services = new Informer({ store, type: SERVICES, namespace: 'own' });
    const revisions = new Informer({ store, type: REVISIONS, namespace: 'own' });
    const keys: string[] = [];
    const controller = new Controller({
      name: 'owner',
      informers: [services, { informer: revisions, enqueue: false }],
      reconcile: async (key) => void keys.push(key),
    });
    revisions.on(
      'add',
      filterByOwnerKind('Service', (o) => controller.enqueueControllerOf(o, 'Service')),
    );
    stops.push(() => controller.stop());
    await controller.start();
    const owner = await store.create(svc('own', 'parent'));
    await eventually(() => expect(keys).toContain('own/parent'));
    keys.length = 0;
    await store.create({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Revision',
      metadata: {
        name: 'parent-00001',
        namespace: 'own',
        ownerReferences: [{ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'parent', uid: owner.metadata.uid ?? '', controller: true }],
      },
      spec: {},
    });
    await store.create({ apiVersion: 'serving.knative.dev/v1', kind: 'Revision', metadata: { name: 'orphan', namespace: 'own' }, spec: {} });
    await eventually(() => expect(revisions.list()).toHaveLength(2));
    await eventually(() => expect(keys).toEqual(['own/parent']));
  });
});

function byName(a: KubeObject, b: KubeObject): number {
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}
