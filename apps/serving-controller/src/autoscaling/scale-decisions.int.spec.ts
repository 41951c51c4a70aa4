// The autoscaler's decisions, published on the real NATS as the autoscaler does, drive the runtime
// through the serving controllers: 3 replicas, then zero (Ready, Active False NoTraffic), then 1;
// and a decision off zero reaches the runtime without waiting behind the Revision workqueue.
import { randomUUID } from 'node:crypto';
import { admit, RESOURCE_TYPES, type Condition, type KubeObject, type ResourceType } from '@knts/api';
import { publishEvent, withPrefix, type EventCatalogue } from '@knts/events';
import { Informer, NatsKvStore } from '@knts/store';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createServingControllers } from '../serving-controllers';
import type { RevisionStatus } from '../serving-status';
import { CONFIG_MAPS, CONFIGURATIONS, REVISIONS, ROUTES, SERVICES } from '../serving-types';
import { RecordingRuntime } from '../testing/recording-runtime';
import { ScaleDecisions } from './scale-decisions';

jest.setTimeout(30_000);

const NS = 'default';
const REVISION = 'scaled-00001';

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

/** The serving controllers over `runtime`, on NATS and a store under a prefix of their own. */
interface Platform {
  nc: NatsConnection;
  store: NatsKvStore;
  catalogue: EventCatalogue;
  /** One decision event, built from the catalogue exactly as the autoscaler's tick builds it. */
  decide(revision: string, desiredScale: number): void;
  stop(): Promise<void>;
}

async function startPlatform(prefix: string, runtime: RecordingRuntime): Promise<Platform> {
  const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  const catalogue = withPrefix(prefix);
  const store = new NatsKvStore({ connection: nc, prefix, types: RESOURCE_TYPES, admit });
  const informers = new Map<ResourceType, Informer>(
    [SERVICES, CONFIGURATIONS, REVISIONS, ROUTES, CONFIG_MAPS].map((type) => [type, new Informer({ store, type })]),
  );
  // The malformed decision of a test reaches this subscription too: dropped, not logged as a warning.
  const decisions = new ScaleDecisions({ nc, catalogue, onError: () => undefined });
  await decisions.start();
  const controllers = createServingControllers({ informers, store, runtime, decisions });
  await controllers.start();
  return {
    nc,
    store,
    catalogue,
    decide(revision, desiredScale) {
      const entry = catalogue.entries.autoscalerDecision;
      const params = { namespace: NS, revision };
      publishEvent(
        nc,
        entry.subject(params),
        entry.event(params, {
          namespace: NS,
          revision,
          desiredScale,
          excessBurstCapacity: 0,
          observedStableConcurrency: 0,
          observedPanicConcurrency: 0,
          panicking: false,
          timestamp: new Date().toISOString(),
        }),
      );
    },
    async stop() {
      await controllers.stop();
      await decisions.stop();
      await store.close();
      await store.destroyBuckets();
      await nc.drain();
    },
  };
}

describe('autoscaler decisions on NATS drive the Revision runtime', () => {
  let nc: NatsConnection;
  let store: NatsKvStore;
  let catalogue: EventCatalogue;
  let platform: Platform;
  const runtime = new RecordingRuntime({ autoReady: true });

  beforeAll(async () => {
    platform = await startPlatform(`scd${randomUUID().slice(0, 8)}`, runtime);
    ({ nc, store, catalogue } = platform);
  });

  afterAll(() => platform?.stop());

  const decide = (desiredScale: number): void => platform.decide(REVISION, desiredScale);

  async function revisionStatus(): Promise<RevisionStatus> {
    const found = await store.get<KubeObject>(REVISIONS, NS, REVISION);
    const status = found?.status as RevisionStatus | undefined;
    if (!status) throw new Error(`${REVISION} has no status yet`);
    return status;
  }

  const condition = (status: RevisionStatus, type: string): Condition | undefined => status.conditions?.find((c) => c.type === type);
  const applied = () => runtime.applied.filter((a) => a.spec.name === REVISION).map((a) => a.replicas);

  it('applies 3, then 0 (still Ready, Active False NoTraffic), then 1', async () => {
    await store.apply({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Configuration',
      metadata: { name: 'scaled', namespace: NS },
      spec: { template: { spec: { containers: [{ image: 'gcr.io/knative-samples/helloworld-go' }] } } },
    });
    // No decision yet: the initial scale, and Ready once the replica is.
    await eventually(async () => {
      const status = await revisionStatus();
      expect(condition(status, 'Ready')?.status).toBe('True');
      expect(applied()[0]).toBe(1);
    });

    decide(3);
    await eventually(async () => {
      expect(applied()).toContain(3);
      const status = await revisionStatus();
      expect(status).toMatchObject({ desiredReplicas: 3, actualReplicas: 3 });
      expect(condition(status, 'Active')?.status).toBe('True');
    });

    decide(0);
    await eventually(async () => {
      expect(applied().at(-1)).toBe(0);
      const status = await revisionStatus();
      expect(status).toMatchObject({ desiredReplicas: 0, actualReplicas: 0 });
      expect(condition(status, 'Active')).toMatchObject({ status: 'False', reason: 'NoTraffic', message: 'The target is not receiving traffic.' });
      expect(condition(status, 'Ready')?.status).toBe('True');
      expect(condition(status, 'ResourcesAvailable')?.status).toBe('True');
      expect(condition(status, 'ContainerHealthy')?.status).toBe('True');
    });

    decide(1);
    await eventually(async () => {
      expect(applied().at(-1)).toBe(1);
      const status = await revisionStatus();
      expect(status).toMatchObject({ desiredReplicas: 1, actualReplicas: 1 });
      expect(condition(status, 'Active')?.status).toBe('True');
      expect(condition(status, 'Ready')?.status).toBe('True');
    });
    // The counts asked of the runtime, in order, with the repeats of level-based reconciles folded.
    const changes = applied().filter((n, i, all) => i === 0 || all[i - 1] !== n);
    expect(changes).toEqual([1, 3, 0, 1]);
  });

  it('ignores a malformed decision and keeps the count', async () => {
    const errors: string[] = [];
    const local = new ScaleDecisions({ nc, catalogue, onError: (_err, subject) => errors.push(subject) });
    await local.start();
    try {
      const entry = catalogue.entries.autoscalerDecision;
      const params = { namespace: NS, revision: 'other-00001' };
      publishEvent(nc, entry.subject(params), entry.event(params, { namespace: NS, revision: 'other-00001', desiredScale: -3 } as never));
      await eventually(async () => expect(errors).toEqual([entry.subject(params)]));
      expect(local.latest(NS, 'other-00001')).toBeUndefined();
    } finally {
      await local.stop();
    }
  });
});

describe('a decision off zero', () => {
  let store: NatsKvStore;
  let platform: Platform;
  let release: () => void = () => undefined;
  const stuck = new Promise<void>((resolve) => (release = resolve));
  const held: string[] = [];
  // Applies for `stuck-00001` never return until released: its reconcile holds the Revision
  // workqueue's only worker, as a slow one would.
  const runtime = new RecordingRuntime({
    autoReady: true,
    hold: (spec) => {
      if (spec.name !== 'stuck-00001') return undefined;
      held.push(spec.name);
      return stuck;
    },
  });

  beforeAll(async () => {
    platform = await startPlatform(`wake${randomUUID().slice(0, 8)}`, runtime);
    store = platform.store;
  });

  afterAll(async () => {
    release();
    await platform?.stop();
  });

  const decide = (revision: string, desiredScale: number): void => platform.decide(revision, desiredScale);

  const configuration = (name: string) =>
    store.apply({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Configuration',
      metadata: { name, namespace: NS },
      spec: { template: { spec: { containers: [{ image: 'gcr.io/knative-samples/helloworld-go' }] } } },
    });
  const applied = (revision: string) => runtime.applied.filter((a) => a.spec.name === revision).map((a) => a.replicas);

  it('reaches the runtime at once, while the Revision workqueue is busy with another reconcile', async () => {
    await configuration('sleepy');
    await eventually(async () => expect(applied('sleepy-00001')[0]).toBe(1));
    decide('sleepy-00001', 0);
    await eventually(async () => expect(runtime.state(NS, 'sleepy-00001')?.readyReplicas).toBe(0));

    // Another Revision's reconcile is stuck in the runtime: the queue's worker waits with it.
    await configuration('stuck');
    await eventually(async () => expect(held).toEqual(['stuck-00001']));
    decide('sleepy-00001', 1);
    await eventually(async () => expect(applied('sleepy-00001').at(-1)).toBe(1));
    // Still stuck: the count came through the wake, not through the queue.
    expect(applied('stuck-00001')).toEqual([]);

    // Once the queue moves again, the reconcile writes the status for the new count.
    release();
    await eventually(async () => {
      const status = (await store.get<KubeObject>(REVISIONS, NS, 'sleepy-00001'))?.status as RevisionStatus | undefined;
      expect(status).toMatchObject({ desiredReplicas: 1, actualReplicas: 1 });
    });
  });
});
