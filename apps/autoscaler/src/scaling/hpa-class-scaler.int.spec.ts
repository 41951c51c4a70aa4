// The HPA class (metric cpu) against the real NATS and a real NATS KV store: CPU samples in as the
// process runtime sends them, decisions out as the serving-controller reads them. Short sync
// period and stabilization window; subjects and buckets under a unique prefix, removed afterwards.
import { admit, findResourceType, RESOURCE_TYPES, type KubeObject, type ResourceType } from '@knts/api';
import { publishEvent, subscribeEvents, withPrefix, type AutoscalerDecisionData, type RuntimeCpuData, type Stoppable } from '@knts/events';
import { Informer, NatsKvStore } from '@knts/store';
import { TEST_NATS_URL } from '@knts/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Registry } from 'prom-client';
import { AutoscalerEngine } from '../autoscaler-engine';
import { AutoscalerMetrics } from '../autoscaler-metrics';
import { REVISION_LABEL } from '../revision-pods';
import { CpuHpaScaler } from './hpa-class-scaler';

jest.setTimeout(90_000);

const unique = `hpa${process.pid}${Date.now().toString(36)}`;
const catalogue = withPrefix(unique);
const NAMESPACE = 'default';
const HPA = { 'autoscaling.knative.dev/class': 'hpa.autoscaling.knative.dev' };

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
const registry = new Registry();
const seen: AutoscalerDecisionData[] = [];
const waiters = new Set<() => void>();
const warnings: Array<Record<string, unknown>> = [];

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

function revision(name: string, annotations: Record<string, string>, cpuRequest?: string): KubeObject {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: { name, namespace: NAMESPACE, annotations: { ...HPA, ...annotations }, labels: { 'serving.knative.dev/configuration': name.replace(/-\d+$/, '') } },
    spec: { containers: [{ image: 'example.com/hello', ...(cpuRequest ? { resources: { requests: { cpu: cpuRequest } } } : {}) }] },
  };
}

async function readyPod(rev: string, pod: string): Promise<void> {
  const created = await store.create<KubeObject>({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: pod, namespace: NAMESPACE, labels: { [REVISION_LABEL]: rev } },
    spec: { containers: [{ name: 'user-container', image: 'example.com/hello' }] },
  });
  await store.updateStatus({ ...created, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } });
}

/** The process runtime's second-by-second samples, until stopped. */
function reportCpu(rev: string, millicores: Record<string, number>): () => void {
  const entry = catalogue.entries.runtimeCpu;
  const params = { namespace: NAMESPACE, revision: rev };
  const send = (): void => {
    const data: RuntimeCpuData = {
      namespace: NAMESPACE,
      revision: rev,
      windowSeconds: 1,
      pods: Object.entries(millicores).map(([pod, m]) => ({ pod, ready: true, millicores: m, processes: 1 })),
      timestamp: new Date().toISOString(),
    };
    publishEvent(nc, entry.subject(params), entry.event(params, data));
  };
  send();
  const timer = setInterval(send, 250);
  return () => clearInterval(timer);
}

beforeAll(async () => {
  nc = await connect({ servers: TEST_NATS_URL });
  store = new NatsKvStore({ connection: nc, prefix: `test-${unique}`, types: RESOURCE_TYPES, admit });
  informers = [typeOf('serving.knative.dev/v1', 'Revision'), typeOf('v1', 'Pod'), typeOf('v1', 'ConfigMap')].map((type) => new Informer({ store, type }));
  await Promise.all(informers.map((i) => i.start()));
  decisions = await subscribeEvents(nc, catalogue.entries.autoscalerDecision.filter(), (event) => {
    seen.push(event.data as AutoscalerDecisionData);
    for (const w of [...waiters]) w();
  });
  const [revisions, pods, configMaps] = informers as [Informer, Informer, Informer];
  const log = { info: () => undefined, warn: (e: Record<string, unknown>) => void warnings.push(e) };
  const metrics = new AutoscalerMetrics(registry);
  hpa = new CpuHpaScaler({ nc, catalogue, pods, configMaps, metrics, log, syncPeriodMs: 500, downscaleStabilizationMs: 3_000, tickIntervalMs: 500, queue: 'knts-autoscaler' });
  engine = new AutoscalerEngine({ nc, catalogue, revisions, pods, configMaps, metrics, hpa, log, queue: 'knts-autoscaler' });
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

describe('HPA class, metric cpu (real NATS, real store)', () => {
  it('scales a revision using 400m of a 200m request at target 50 to 4, then back to 1 once idle', async () => {
    const name = 'busy-00001';
    await store.create(revision(name, { 'autoscaling.knative.dev/metric': 'cpu', 'autoscaling.knative.dev/target': '50', 'autoscaling.knative.dev/max-scale': '4' }, '200m'));
    await readyPod(name, `${name}-a`);

    // Utilization 200% of a 50% target: ratio 4 → ceil(4 × 1) = 4, within max(2 × 1, 4) and max-scale.
    const stop = reportCpu(name, { [`${name}-a`]: 400 });
    let up: AutoscalerDecisionData;
    try {
      up = await decisionWhere((d) => d.revision === name && d.desiredScale === 4);
    } finally {
      stop();
    }
    expect(up).toMatchObject({ namespace: NAMESPACE, desiredScale: 4, panicking: false });
    // Re-sent every tick while nothing changes, so the serving-controller never finds it stale.
    const from = seen.length;
    await decisionWhere((d) => d.revision === name && d.desiredScale === 4, from);

    // Idle: the recommendation drops to 1 but 4 stays until the 3 s stabilization window passes.
    const idle = reportCpu(name, { [`${name}-a`]: 2 });
    try {
      const down = await decisionWhere((d) => d.revision === name && d.desiredScale < 4, from);
      expect(down.desiredScale).toBe(1);
    } finally {
      idle();
    }
    const exported = await registry.getSingleMetricAsString('autoscaler_target_cpu_utilization_percentage');
    expect(exported).toContain(`revision_name="${name}",service_name=""} 50`);
  });

  it('measures against one core when the container has no cpu request, and targets 80% without a target', async () => {
    const name = 'norequest-00001';
    await store.create(revision(name, {}));
    await readyPod(name, `${name}-a`);
    // 1000m of an assumed 1000m request is 100%, against the default 80%: ratio 1.25 → 2.
    const stop = reportCpu(name, { [`${name}-a`]: 1000 });
    try {
      await decisionWhere((d) => d.revision === name && d.desiredScale === 2);
    } finally {
      stop();
    }
  });

  it('leaves a revision with metric memory alone: no decision, one warning', async () => {
    const name = 'memory-00001';
    await store.create(revision(name, { 'autoscaling.knative.dev/metric': 'memory' }));
    await readyPod(name, `${name}-a`);
    const stop = reportCpu(name, { [`${name}-a`]: 1000 });
    try {
      // Another revision's decisions keep coming meanwhile; this one gets none.
      const control = 'control-00001';
      await store.create(revision(control, { 'autoscaling.knative.dev/metric': 'cpu' }));
      await readyPod(control, `${control}-a`);
      const from = seen.length;
      await decisionWhere((d) => d.revision === control, from);
      await decisionWhere((d) => d.revision === control, seen.length);
      expect(seen.filter((d) => d.revision === name)).toEqual([]);
      expect(warnings.filter((w) => w['revision'] === `${NAMESPACE}/${name}`)).toEqual([
        expect.objectContaining({ autoscalerClass: 'hpa.autoscaling.knative.dev', metric: 'memory' }),
      ]);
    } finally {
      stop();
    }
  });
});
