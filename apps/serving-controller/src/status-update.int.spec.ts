// Status writes against the real NATS store: a stale lister copy still gets its status written
// (onto the object as it is now), an unchanged status writes nothing, a deleted object ends the
// retry quietly, and a conflict that persists surfaces after the fifth attempt.
import { randomUUID } from 'node:crypto';
import { admit, RESOURCE_TYPES, type KubeObject } from '@knts/api';
import { ConflictError, NatsKvStore, type ResourceStore } from '@knts/store';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { CONFIGURATIONS } from './serving-types';
import { STATUS_UPDATE_ATTEMPTS, updateStatusIfChanged } from './status-update';

let nc: NatsConnection;
let store: NatsKvStore;

beforeAll(async () => {
  nc = await connect({ servers: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222' });
  store = new NatsKvStore({ connection: nc, prefix: `stup${randomUUID().slice(0, 8)}`, types: RESOURCE_TYPES, admit });
});

afterAll(async () => {
  await store?.close();
  await store?.destroyBuckets();
  await nc?.drain();
});

function configuration(name: string): KubeObject {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Configuration',
    metadata: { name, namespace: 'default' },
    spec: { template: { spec: { containers: [{ image: 'gcr.io/knative-samples/helloworld-go' }] } } },
  };
}

const STATUS = { observedGeneration: 1, latestCreatedRevisionName: 'x-00001', conditions: [] };

it('writes the status onto the object as stored now when the copy it was computed from is stale', async () => {
  const stale = await store.create(configuration('stale'));
  const newer = await store.update({ ...stale, metadata: { ...stale.metadata, labels: { team: 'blue' } } });
  expect(newer.metadata.resourceVersion).not.toBe(stale.metadata.resourceVersion);

  await updateStatusIfChanged(store, CONFIGURATIONS, stale, STATUS);

  const stored = await store.get<KubeObject>(CONFIGURATIONS, 'default', 'stale');
  expect(stored?.status).toEqual(STATUS);
  expect(stored?.metadata.labels).toEqual({ team: 'blue' });
});

it('writes nothing when the stored status already is the one computed', async () => {
  const created = await store.create(configuration('same'));
  await updateStatusIfChanged(store, CONFIGURATIONS, created, STATUS);
  const written = (await store.get<KubeObject>(CONFIGURATIONS, 'default', 'same'))!;

  // From the stale copy again: the fresh read shows the status is there already.
  await updateStatusIfChanged(store, CONFIGURATIONS, created, STATUS);
  const after = (await store.get<KubeObject>(CONFIGURATIONS, 'default', 'same'))!;
  expect(after.metadata.resourceVersion).toBe(written.metadata.resourceVersion);
});

it('ends quietly when the object was deleted since it was read', async () => {
  const created = await store.create(configuration('gone'));
  await store.update({ ...created, metadata: { ...created.metadata, labels: { a: 'b' } } });
  await store.delete(CONFIGURATIONS, 'default', 'gone');
  await expect(updateStatusIfChanged(store, CONFIGURATIONS, created, STATUS)).resolves.toBeUndefined();
  expect(await store.get(CONFIGURATIONS, 'default', 'gone')).toBeUndefined();
});

it('gives up with the ConflictError after five attempts when every write conflicts', async () => {
  const created = await store.create(configuration('contended'));
  let writes = 0;
  // Another writer wins every race: each status write is preceded by a label change.
  const contended: ResourceStore = Object.assign(Object.create(store) as ResourceStore, {
    updateStatus: async <T extends KubeObject>(object: T): Promise<T> => {
      writes++;
      const current = (await store.get<KubeObject>(CONFIGURATIONS, 'default', 'contended'))!;
      await store.update({ ...current, metadata: { ...current.metadata, labels: { race: String(writes) } } });
      return store.updateStatus(object);
    },
  });
  await expect(updateStatusIfChanged(contended, CONFIGURATIONS, created, STATUS)).rejects.toBeInstanceOf(ConflictError);
  expect(writes).toBe(STATUS_UPDATE_ATTEMPTS);
  expect((await store.get<KubeObject>(CONFIGURATIONS, 'default', 'contended'))?.status).toBeUndefined();
});
