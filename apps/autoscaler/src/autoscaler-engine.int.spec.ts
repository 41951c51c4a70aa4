// The KPA engine against the real NATS and a real NATS KV store: stats in as activators send
// them, decisions out. Subjects under a unique catalogue prefix, buckets under a unique store
// prefix, both removed afterwards.
import { admit, findResourceType, RESOURCE_TYPES, type KubeObject, type ResourceType } from '@knts/api';
import { publishEvent, subscribeEvents, withPrefix, type Stoppable } from '@knts/events';
import type { AutoscalerDecisionData, AutoscalerStatData } from '@knts/events';
import { Informer, NatsKvStore } from '@knts/store';
import { TEST_NATS_URL } from '@knts/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Registry } from 'prom-client';
import { AutoscalerEngine, REVISION_LABEL } from './autoscaler-engine';
import { AutoscalerMetrics } from './autoscaler-metrics';
import { CpuHpaScaler } from './scaling/hpa-class-scaler';

jest.setTimeout(90_000);

const unique = `as${process.pid}${Date.now().toString(36)}`;
const catalogue = withPrefix(unique);
const NAMESPACE = 'default';

function typeOf(apiVersion: string, kind: string): ResourceType {
  const type = findResourceType(apiVersion, kind);
  if (!type) throw new Error(kind);
  return type;
}

let nc: NatsConnection;
let store: NatsKvStore;
let informers: Informer[];
let engine: AutoscalerEngine;
let hpa: CpuHpaScaler;
let decisions: Stoppable;
const seen: AutoscalerDecisionData[] = [];
const waiters = new Set<() => void>();

/** Resolves with the first decision (already seen or still to come) that matches. */
function decisionWhere(match: (d: AutoscalerDecisionData) => boolean, from = 0): Promise<AutoscalerDecisionData> {
  return new Promise((resolve) => {
    const check = (): void => {
      const hit = seen.slice(from).find(match);
      if (hit) {
        waiters.delete(check);
        resolve(hit);
      }
    };
    waiters.add(check);
    check();
  });
}

function revision(name: string, annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: { name, namespace: NAMESPACE, annotations, labels: { 'serving.knative.dev/configuration': name.replace(/-\d+$/, '') } },
    spec: { containers: [{ image: 'example.com/hello' }] },
  };
}

async function readyPod(rev: string): Promise<void> {
  const created = await store.create<KubeObject>({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${rev}-pod`, namespace: NAMESPACE, labels: { [REVISION_LABEL]: rev } },
    spec: { containers: [{ name: 'user-container', image: 'example.com/hello' }] },
  });
  await store.updateStatus({ ...created, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } });
}

/** Two activator replicas, each reporting half the load every second, as DESIGN §2 describes. */
function reportLoad(rev: string, concurrency: number): () => void {
  const stat = catalogue.entries.autoscalerStat;
  const params = { namespace: NAMESPACE, revision: rev };
  const send = (): void => {
    for (const podName of ['activator-a', 'activator-b']) {
      const data: AutoscalerStatData = {
        namespace: NAMESPACE,
        revision: rev,
        podName,
        averageConcurrentRequests: concurrency / 2,
        averageProxiedConcurrentRequests: 0,
        requestCount: concurrency / 2,
        proxiedRequestCount: 0,
        processUptime: 10,
        timestamp: new Date().toISOString(),
      };
      publishEvent(nc, stat.subject(params), stat.event(params, data));
    }
  };
  // One report per second each, mid-second, so no second gets two and none is skipped.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (): void => {
    timer = setTimeout(() => {
      send();
      schedule();
    }, 1500 - (Date.now() % 1000));
  };
  send();
  schedule();
  return () => clearTimeout(timer);
}

beforeAll(async () => {
  nc = await connect({ servers: TEST_NATS_URL });
  store = new NatsKvStore({ connection: nc, prefix: `test-${unique}`, types: RESOURCE_TYPES, admit });
  // Short windows so "no traffic" reaches zero within the test.
  await store.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'config-autoscaler', namespace: 'knative-serving' },
    data: { 'stable-window': '6s', 'scale-to-zero-grace-period': '1s', 'allow-zero-initial-scale': 'true' },
  });
  informers = [typeOf('serving.knative.dev/v1', 'Revision'), typeOf('v1', 'Pod'), typeOf('v1', 'ConfigMap')].map(
    (type) => new Informer({ store, type }),
  );
  await Promise.all(informers.map((i) => i.start()));
  decisions = await subscribeEvents(nc, catalogue.entries.autoscalerDecision.filter(), (event) => {
    seen.push(event.data as AutoscalerDecisionData);
    for (const w of [...waiters]) w();
  });
  const [revisions, pods, configMaps] = informers as [Informer, Informer, Informer];
  const log = { info: () => undefined, warn: () => undefined };
  const metrics = new AutoscalerMetrics(new Registry());
  hpa = new CpuHpaScaler({ nc, catalogue, pods, configMaps, metrics, log });
  engine = new AutoscalerEngine({
    nc,
    catalogue,
    revisions,
    pods,
    configMaps,
    metrics,
    hpa,
    log,
    queue: 'knts-autoscaler',
  });
  await hpa.start();
  await engine.start();
});

afterAll(async () => {
  await engine?.stop();
  await hpa?.stop();
  await decisions?.drain();
  await Promise.all((informers ?? []).map((i) => i.stop()));
  await store?.destroyBuckets();
  await nc?.drain();
});

async function untilKnown(name: string): Promise<void> {
  // The decision stream is the engine's own signal that it tracks the revision.
  await decisionWhere((d) => d.revision === name);
}

describe('autoscaler engine (real NATS, real store)', () => {
  it('sums two activators (50 concurrent) at target 10 into ceil(50 / 7) = 8, then returns to 0 with no traffic', async () => {
    const name = 'load-00001';
    await store.create(revision(name, { 'autoscaling.knative.dev/target': '10' }));
    await readyPod(name);
    await untilKnown(name);

    const stop = reportLoad(name, 50);
    // One reporter alone would give ceil(25 / 7) = 4: 8 means the two were summed per second.
    try {
      await decisionWhere((d) => d.revision === name && d.desiredScale === 8);
    } finally {
      stop();
    }

    // No more stats: the 6 s windows empty, panic ends, the grace period passes, and it is 0.
    const from = seen.length;
    const zero = await decisionWhere((d) => d.revision === name && d.desiredScale === 0, from);
    expect(zero).toMatchObject({ revision: name, desiredScale: 0, panicking: false });
  });

  it('a poke for a revision at zero yields a decision of at least 1 at once', async () => {
    const name = 'poke-00001';
    // Initial scale 0 (the ConfigMap allows it), so the revision sits at zero without pods.
    await store.create(revision(name, { 'autoscaling.knative.dev/initial-scale': '0' }));
    await decisionWhere((d) => d.revision === name && d.desiredScale === 0);

    const from = seen.length;
    const poke = catalogue.entries.autoscalerPoke;
    const params = { namespace: NAMESPACE, revision: name };
    publishEvent(nc, poke.subject(params), poke.event(params, { ...params, timestamp: new Date().toISOString() }));
    const up = await decisionWhere((d) => d.revision === name && d.desiredScale >= 1, from);
    expect(up.desiredScale).toBe(1);
  });
});
