import type { KubeObject } from '@knts/api';
import { ValidationError } from '@knts/api';
import type { NatsConnection } from '@nats-io/transport-node';
import { NatsKvStore } from './nats-kv-store.adapter';
import type { WatchEvent } from './resource-store';
import { AlreadyExistsError, ConflictError, NotFoundError, StoreError } from './store-errors';
import {
  CLUSTER_THINGS,
  CONFIG_MAPS,
  REVISIONS,
  SERVICES,
  TEST_TYPES,
  connectNats,
  eventually,
  permissiveAdmit,
  service,
  uniquePrefix,
} from './store-fixtures.spec-helper';

describe('NatsKvStore against NATS', () => {
  let nc: NatsConnection;
  let store: NatsKvStore;
  let now = new Date('2024-05-01T10:00:00.123Z');

  beforeAll(async () => {
    nc = await connectNats();
    store = new NatsKvStore({ connection: nc, prefix: uniquePrefix(), types: TEST_TYPES, admit: permissiveAdmit, clock: () => now });
  });

  afterAll(async () => {
    await store.close();
    await store.destroyBuckets();
    await nc.drain();
  });

  const ns = (() => {
    let n = 0;
    return () => `ns${++n}`;
  })();

  function svc(namespace: string, name: string, spec: Record<string, unknown> = { image: 'a' }, labels?: Record<string, string>): KubeObject {
    const o = service(name, spec, labels);
    o.metadata.namespace = namespace;
    return o;
  }

  describe('create and get', () => {
    it('sets uid, creationTimestamp (seconds), generation 1 and resourceVersion = KV revision', async () => {
      const created = await store.create(svc(ns(), 'hello'));
      expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.metadata.creationTimestamp).toBe('2024-05-01T10:00:00Z');
      expect(created.metadata.generation).toBe(1);
      expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(0);
      expect(await store.get(SERVICES, created.metadata.namespace, 'hello')).toEqual(created);
    });

    it('rejects a second create with the Kubernetes message', async () => {
      const n = ns();
      await store.create(svc(n, 'hello'));
      await expect(store.create(svc(n, 'hello'))).rejects.toThrow(new AlreadyExistsError('services.serving.knative.dev "hello" already exists'));
    });

    it('defaults the namespace and keeps cluster-scoped objects out of namespaces', async () => {
      const cm = await store.create<KubeObject>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${Date.now()}` }, data: { a: '1' } });
      expect(cm.metadata.namespace).toBe('default');
      const thing = await store.create<KubeObject>({ apiVersion: 'test.knts.dev/v1', kind: 'ClusterThing', metadata: { name: 'one', namespace: 'x' }, spec: {} });
      expect(thing.metadata.namespace).toBeUndefined();
      expect((await store.get(CLUSTER_THINGS, undefined, 'one'))?.metadata.uid).toBe(thing.metadata.uid);
    });

    it('generates names from generateName with the Kubernetes alphabet', async () => {
      const n = ns();
      const names = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const o = svc(n, '');
        o.metadata.name = undefined;
        o.metadata.generateName = 'job-';
        names.add((await store.create(o)).metadata.name ?? '');
      }
      expect(names.size).toBe(5);
      for (const name of names) expect(name).toMatch(/^job-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    });

    it('converts older versions through admit', async () => {
      const o = svc(ns(), 'old');
      o.apiVersion = 'serving.knative.dev/v1alpha1';
      expect((await store.create(o)).apiVersion).toBe('serving.knative.dev/v1');
    });
  });

  describe('update', () => {
    it('lets exactly one of several concurrent writers at the same resourceVersion win', async () => {
      const created = await store.create(svc(ns(), 'race'));
      const results = await Promise.allSettled(
        [1, 2, 3, 4, 5].map((i) => store.update({ ...created, spec: { image: `v${i}` } })),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(4);
      for (const l of lost) {
        expect(l.reason).toBeInstanceOf(ConflictError);
        expect((l.reason as Error).message).toBe(
          'Operation cannot be fulfilled on services.serving.knative.dev "race": the object has been modified; please apply your changes to the latest version and try again',
        );
      }
    });

    it('fails with NotFound for a missing object', async () => {
      await expect(store.update(svc(ns(), 'hello'))).rejects.toThrow(new NotFoundError('services.serving.knative.dev "hello" not found'));
    });

    it('bumps generation only when the spec changes, and keeps status', async () => {
      const created = await store.create(svc(ns(), 'gen'));
      const withStatus = await store.updateStatus({ ...created, status: { observedGeneration: 1 } });
      expect(withStatus.metadata.generation).toBe(1);
      const labelled = await store.update({ ...withStatus, metadata: { ...withStatus.metadata, labels: { a: 'b' } } });
      expect(labelled.metadata.generation).toBe(1);
      expect(labelled.status).toEqual({ observedGeneration: 1 });
      const changed = await store.update({ ...labelled, spec: { image: 'b' }, status: { overwritten: true } });
      expect(changed.metadata.generation).toBe(2);
      expect(changed.status).toEqual({ observedGeneration: 1 });
      expect(changed.metadata.uid).toBe(created.metadata.uid);
      expect(changed.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
    });

    it('updateStatus changes only status', async () => {
      const created = await store.create(svc(ns(), 'status', { image: 'a' }, { keep: 'me' }));
      const updated = await store.updateStatus({ ...created, spec: { image: 'ignored' }, metadata: { ...created.metadata, labels: {} }, status: { ready: true } });
      expect(updated.spec).toEqual({ image: 'a' });
      expect(updated.metadata.labels).toEqual({ keep: 'me' });
      expect(updated.status).toEqual({ ready: true });
    });

    it('does not write when nothing changes', async () => {
      const created = await store.create(svc(ns(), 'same'));
      const again = await store.update(created);
      expect(again.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    });
  });

  describe('admission', () => {
    it('propagates a ValidationError and writes nothing', async () => {
      const n = ns();
      await expect(store.create(svc(n, 'bad', { invalid: true }))).rejects.toBeInstanceOf(ValidationError);
      expect(await store.get(SERVICES, n, 'bad')).toBeUndefined();
      const good = await store.create(svc(n, 'good'));
      await expect(store.update({ ...good, spec: { invalid: true } })).rejects.toThrow('spec.invalid: must not be true');
      expect(await store.get(SERVICES, n, 'good')).toEqual(good);
      await expect(store.apply(svc(n, 'good', { invalid: true }))).rejects.toBeInstanceOf(ValidationError);
      expect(await store.get(SERVICES, n, 'good')).toEqual(good);
    });

    it('dry-run admits and returns the result without writing', async () => {
      const n = ns();
      const dry = await store.create(svc(n, 'dry'), { dryRun: true });
      expect(dry.metadata.uid).toBeDefined();
      expect(await store.get(SERVICES, n, 'dry')).toBeUndefined();
      const real = await store.create(svc(n, 'dry'));
      const dryUpdate = await store.update({ ...real, spec: { image: 'z' } }, { dryRun: true });
      expect(dryUpdate.spec).toEqual({ image: 'z' });
      expect((await store.apply(svc(n, 'dry', { image: 'y' }), { dryRun: true })).result).toBe('configured');
      await store.delete(SERVICES, n, 'dry', { dryRun: true });
      expect(await store.get(SERVICES, n, 'dry')).toEqual(real);
    });
  });

  describe('apply', () => {
    it('creates, then configures, then reports unchanged without writing', async () => {
      const n = ns();
      const first = await store.apply(svc(n, 'app', { image: 'a' }, { tier: 'web' }));
      expect(first.result).toBe('created');
      await store.updateStatus({ ...first.object, status: { ready: true } });
      const second = await store.apply(svc(n, 'app', { image: 'b' }, { tier: 'web' }));
      expect(second.result).toBe('configured');
      expect(second.object.status).toEqual({ ready: true });
      expect(second.object.metadata.generation).toBe(2);
      expect(second.object.metadata.uid).toBe(first.object.metadata.uid);
      const third = await store.apply(svc(n, 'app', { image: 'b' }, { tier: 'web' }));
      expect(third.result).toBe('unchanged');
      expect(third.object.metadata.resourceVersion).toBe(second.object.metadata.resourceVersion);
    });

    it('merges three ways: fields dropped from the manifest go, fields others set stay', async () => {
      const n = ns();
      const { object } = await store.apply(svc(n, 'merge', { image: 'a', port: 8080 }, { a: '1', b: '2' }));
      await store.update({ ...object, spec: { ...(object.spec as object), serverDefault: true } });
      const { object: applied } = await store.apply(svc(n, 'merge', { image: 'a' }, { a: '1' }));
      expect(applied.spec).toEqual({ image: 'a', serverDefault: true });
      expect(applied.metadata.labels).toEqual({ a: '1' });
    });

    it('keeps finalizers and ownerReferences set by controllers', async () => {
      const n = ns();
      const { object } = await store.apply(svc(n, 'kept'));
      const owner = { apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid: 'u-1', controller: true };
      await store.update({ ...object, metadata: { ...object.metadata, finalizers: ['x/y'], ownerReferences: [owner] } });
      const applied = await store.apply(svc(n, 'kept', { image: 'c' }));
      expect(applied.object.metadata.finalizers).toEqual(['x/y']);
      expect(applied.object.metadata.ownerReferences).toEqual([owner]);
    });
  });

  describe('list', () => {
    it('filters by namespace and label selector and returns the bucket revision', async () => {
      const n = ns();
      await store.create(svc(n, 'a', {}, { app: 'web', tier: 'front' }));
      await store.create(svc(n, 'b', {}, { app: 'web', tier: 'back' }));
      await store.create(svc(n, 'c', {}, { app: 'db' }));
      const last = await store.create(svc(ns(), 'd', {}, { app: 'web' }));
      const names = async (labelSelector?: string, namespace: string | undefined = n): Promise<string[]> =>
        (await store.list(SERVICES, { namespace, labelSelector })).items.map((i) => i.metadata.name ?? '').sort();
      expect(await names()).toEqual(['a', 'b', 'c']);
      expect(await names('app=web')).toEqual(['a', 'b']);
      expect(await names('app==web,tier!=back')).toEqual(['a']);
      expect(await names('tier')).toEqual(['a', 'b']);
      expect(await names('!tier')).toEqual(['c']);
      expect(await names('app in (db, web),tier notin (front)')).toEqual(['b', 'c']);
      expect((await store.list(SERVICES, { labelSelector: 'app=web' })).items.length).toBeGreaterThanOrEqual(3);
      const all = await store.list(SERVICES);
      expect(Number(all.resourceVersion)).toBeGreaterThanOrEqual(Number(last.metadata.resourceVersion));
      await expect(store.list(SERVICES, { labelSelector: 'a in (b' })).rejects.toBeInstanceOf(StoreError);
    });
  });

  describe('delete', () => {
    it('removes the object and returns it; a missing object gives undefined', async () => {
      const n = ns();
      const created = await store.create(svc(n, 'gone'));
      expect((await store.delete(SERVICES, n, 'gone'))?.metadata.uid).toBe(created.metadata.uid);
      expect(await store.get(SERVICES, n, 'gone')).toBeUndefined();
      expect(await store.delete(SERVICES, n, 'gone')).toBeUndefined();
      // The name can be reused after deletion.
      expect((await store.create(svc(n, 'gone'))).metadata.uid).not.toBe(created.metadata.uid);
    });

    it('waits for finalizers: sets deletionTimestamp once, removes when the last finalizer goes', async () => {
      const n = ns();
      const o = svc(n, 'fin');
      o.metadata.finalizers = ['a/b', 'c/d'];
      await store.create(o);
      const marked = await store.delete(SERVICES, n, 'fin');
      expect(marked?.metadata.deletionTimestamp).toBe('2024-05-01T10:00:00Z');
      now = new Date('2024-05-01T11:00:00Z');
      const again = await store.delete(SERVICES, n, 'fin');
      expect(again?.metadata.deletionTimestamp).toBe('2024-05-01T10:00:00Z');
      const stored = (await store.get(SERVICES, n, 'fin'))!;
      await store.update({ ...stored, metadata: { ...stored.metadata, finalizers: ['c/d'] } });
      expect(await store.get(SERVICES, n, 'fin')).toBeDefined();
      const latest = (await store.get(SERVICES, n, 'fin'))!;
      await store.update({ ...latest, metadata: { ...latest.metadata, finalizers: [] } });
      expect(await store.get(SERVICES, n, 'fin')).toBeUndefined();
    });

    it('honours a resourceVersion precondition', async () => {
      const n = ns();
      const created = await store.create(svc(n, 'pre'));
      await store.update({ ...created, spec: { image: 'new' } });
      await expect(store.delete(SERVICES, n, 'pre', { resourceVersion: created.metadata.resourceVersion })).rejects.toBeInstanceOf(ConflictError);
    });

    async function family(n: string, revFinalizer?: string): Promise<{ owner: KubeObject }> {
      const owner = await store.create(svc(n, 'owner'));
      const ref = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'owner', uid: owner.metadata.uid ?? '', controller: true };
      for (const name of ['owner-00001', 'owner-00002']) {
        await store.create({
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Revision',
          metadata: { name, namespace: n, ownerReferences: [ref], finalizers: revFinalizer ? [revFinalizer] : undefined },
          spec: {},
        });
      }
      await store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owned-cm', namespace: n, ownerReferences: [ref] }, data: {} });
      await store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'unrelated', namespace: n }, data: {} });
      return { owner };
    }

    it('Background deletes the owner, then its dependents of every type', async () => {
      const n = ns();
      await family(n);
      await store.delete(SERVICES, n, 'owner');
      expect(await store.get(SERVICES, n, 'owner')).toBeUndefined();
      expect((await store.list(REVISIONS, { namespace: n })).items).toEqual([]);
      expect((await store.list(CONFIG_MAPS, { namespace: n })).items.map((i) => i.metadata.name)).toEqual(['unrelated']);
    });

    it('Foreground deletes dependents first and waits for their finalizers', async () => {
      const n = ns();
      await family(n, 'test/hold');
      const owner = await store.delete(SERVICES, n, 'owner', { propagationPolicy: 'Foreground' });
      expect(owner?.metadata.finalizers).toContain('foregroundDeletion');
      expect(await store.get(SERVICES, n, 'owner')).toBeDefined();
      expect(await store.get(CONFIG_MAPS, n, 'owned-cm')).toBeUndefined();
      const revisions = (await store.list(REVISIONS, { namespace: n })).items;
      expect(revisions.map((r) => r.metadata.deletionTimestamp !== undefined)).toEqual([true, true]);
      for (const r of revisions) await store.update({ ...r, metadata: { ...r.metadata, finalizers: [] } });
      expect((await store.list(REVISIONS, { namespace: n })).items).toEqual([]);
      expect(await store.get(SERVICES, n, 'owner')).toBeUndefined();
    });

    it('Orphan removes the owner reference from dependents and keeps them', async () => {
      const n = ns();
      await family(n);
      await store.delete(SERVICES, n, 'owner', { propagationPolicy: 'Orphan' });
      expect(await store.get(SERVICES, n, 'owner')).toBeUndefined();
      const revisions = (await store.list(REVISIONS, { namespace: n })).items;
      expect(revisions).toHaveLength(2);
      for (const r of revisions) expect(r.metadata.ownerReferences).toBeUndefined();
      expect((await store.get(CONFIG_MAPS, n, 'owned-cm'))?.metadata.ownerReferences).toBeUndefined();
    });

    it('Background with a finalizer on the owner cascades when the owner is finally removed', async () => {
      const n = ns();
      const { owner } = await family(n);
      await store.update({ ...owner, metadata: { ...owner.metadata, finalizers: ['x/y'] } });
      await store.delete(SERVICES, n, 'owner');
      expect((await store.list(REVISIONS, { namespace: n })).items).toHaveLength(2);
      const held = (await store.get(SERVICES, n, 'owner'))!;
      await store.update({ ...held, metadata: { ...held.metadata, finalizers: [] } });
      expect((await store.list(REVISIONS, { namespace: n })).items).toHaveLength(0);
    });
  });

  describe('watch', () => {
    function collect(): { events: WatchEvent[]; push: (e: WatchEvent) => void } {
      const events: WatchEvent[] = [];
      return { events, push: (e) => events.push(e) };
    }

    it('delivers current objects as ADDED, then changes, filtered by namespace and labels', async () => {
      const n = ns();
      await store.create(svc(n, 'one', {}, { app: 'x' }));
      await store.create(svc(n, 'two', {}, { app: 'y' }));
      await store.create(svc(ns(), 'elsewhere', {}, { app: 'x' }));
      const { events, push } = collect();
      const watch = store.watch(SERVICES, { namespace: n, labelSelector: 'app=x' }, push);
      await watch.ready;
      expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED one']);
      const two = (await store.get(SERVICES, n, 'two'))!;
      await store.update({ ...two, metadata: { ...two.metadata, labels: { app: 'x' } } });
      const one = (await store.get(SERVICES, n, 'one'))!;
      await store.update({ ...one, metadata: { ...one.metadata, labels: { app: 'z' } } });
      await store.delete(SERVICES, n, 'two');
      await eventually(() =>
        expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED one', 'ADDED two', 'DELETED one', 'DELETED two']),
      );
      // DELETED carries the last object the watcher saw.
      expect(events[3].object.metadata.labels).toEqual({ app: 'x' });
      await watch.stop();
    });

    it('sees every change of 200 updates from 4 writers in order', async () => {
      const n = ns();
      const created = await store.create(svc(n, 'hot', { count: 0 }));
      const { events, push } = collect();
      const watch = store.watch(SERVICES, { namespace: n }, push);
      await watch.ready;
      const revisions: number[] = [Number(created.metadata.resourceVersion)];
      await Promise.all(
        [0, 1, 2, 3].map(async (w) => {
          for (let i = 0; i < 50; i++) {
            for (;;) {
              const cur = (await store.get(SERVICES, n, 'hot'))!;
              try {
                const next = await store.update({ ...cur, spec: { count: (cur.spec as { count: number }).count + 1, writer: w } });
                revisions.push(Number(next.metadata.resourceVersion));
                break;
              } catch (err) {
                if (!(err instanceof ConflictError)) throw err;
              }
            }
          }
        }),
      );
      await eventually(() => expect(events).toHaveLength(201));
      const seen = events.map((e) => Number(e.resourceVersion));
      expect(seen).toEqual([...revisions].sort((a, b) => a - b));
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
      const stored = (await store.get(SERVICES, n, 'hot'))!;
      expect((stored.spec as { count: number }).count).toBe(200);
      expect(events[events.length - 1].object).toEqual(stored);
      await watch.stop();
    });

    it('resumes after a resourceVersion with exactly the missed changes', async () => {
      const n = ns();
      const { events, push } = collect();
      const first = store.watch(SERVICES, { namespace: n }, push);
      await first.ready;
      const a = await store.create(svc(n, 'a', { v: 1 }));
      await store.create(svc(n, 'b', { v: 1 }));
      await eventually(() => expect(events).toHaveLength(2));
      await first.stop();
      const last = events[events.length - 1].resourceVersion;
      // Missed while stopped: an update, a create, a delete and a re-create.
      await store.update({ ...a, spec: { v: 2 } });
      await store.create(svc(n, 'c'));
      await store.delete(SERVICES, n, 'b');
      await store.create(svc(n, 'b', { v: 3 }));
      const resumed = collect();
      const second = store.watch(SERVICES, { namespace: n, resourceVersion: last }, resumed.push);
      await second.ready;
      await eventually(() => expect(resumed.events).toHaveLength(4));
      expect(resumed.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['MODIFIED a', 'ADDED c', 'DELETED b', 'ADDED b']);
      expect(resumed.events[2].object.spec).toEqual({ v: 1 });
      expect(resumed.events[3].object.spec).toEqual({ v: 3 });
      const c = await store.create(svc(n, 'd'));
      await eventually(() => expect(resumed.events).toHaveLength(5));
      expect(resumed.events[4].resourceVersion).toBe(c.metadata.resourceVersion);
      await second.stop();
    });

    it('delivers the latest state of a key whose older revisions were compacted', async () => {
      const n = ns();
      const created = await store.create(svc(n, 'compact', { v: 0 }));
      let cur = created;
      for (let i = 1; i <= 15; i++) cur = await store.update({ ...cur, spec: { v: i } });
      const { events, push } = collect();
      const watch = store.watch(SERVICES, { namespace: n, resourceVersion: created.metadata.resourceVersion }, push);
      await watch.ready;
      await eventually(() => expect(events.at(-1)?.object.spec).toEqual({ v: 15 }));
      expect(events.every((e) => e.type === 'MODIFIED')).toBe(true);
      await watch.stop();
    });

    it('tells a selector watch resumed before a compacted deletion that the re-created key no longer matches', async () => {
      const n = ns();
      const seen = await store.create(svc(n, 'k', { v: 0 }, { app: 'x' }));
      await store.delete(SERVICES, n, 'k');
      let cur = await store.create(svc(n, 'k', { v: 0 }, { app: 'y' }));
      // Nine more writes: the key keeps its last 10 revisions, so the deletion is gone and the re-create is the oldest left.
      for (let i = 1; i <= 9; i++) cur = await store.update({ ...cur, spec: { v: i } });
      const { events, push } = collect();
      const watch = store.watch(SERVICES, { namespace: n, labelSelector: 'app=x', resourceVersion: seen.metadata.resourceVersion }, push);
      await watch.ready;
      await store.create(svc(n, 'marker', {}, { app: 'x' }));
      await eventually(() => expect(events.map((e) => e.object.metadata.name)).toContain('marker'));
      expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['DELETED k', 'ADDED marker']);
      await watch.stop();
    });

    it('keeps delivering across a client reconnect without losing events', async () => {
      const n = ns();
      const { events, push } = collect();
      const watch = store.watch(SERVICES, { namespace: n }, push);
      await watch.ready;
      await store.create(svc(n, 'before'));
      await eventually(() => expect(events).toHaveLength(1));
      const other = await connectNats();
      const writer = new NatsKvStore({ connection: other, prefix: store['options'].prefix, types: TEST_TYPES, admit: permissiveAdmit });
      try {
        const reconnected = nc.reconnect();
        for (let i = 0; i < 5; i++) await writer.create(svc(n, `during-${i}`));
        await reconnected;
        await writer.create(svc(n, 'after'));
      } finally {
        await writer.close();
        await other.drain();
      }
      await eventually(() => expect(events.map((e) => e.object.metadata.name)).toEqual(['before', 'during-0', 'during-1', 'during-2', 'during-3', 'during-4', 'after']), 90_000);
      await watch.stop();
    }, 120_000);
  });
});
