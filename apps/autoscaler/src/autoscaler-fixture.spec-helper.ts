// The KPA engine and the HPA class against the real NATS and a real NATS KV store, as the
// autoscaler service wires them: informers on Revisions, Pods and ConfigMaps, decisions
// collected off NATS. Subjects under a unique catalogue prefix, buckets under a unique store
// prefix, both removed by stop().
import { admit, findResourceType, RESOURCE_TYPES, type KubeObject } from '@knts/api';
import { subscribeEvents, withPrefix, type AutoscalerDecisionData, type EventCatalogue } from '@knts/events';
import { Informer, NatsKvStore } from '@knts/store';
import { TEST_NATS_URL } from '@knts/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Registry } from 'prom-client';
import { AutoscalerEngine } from './autoscaler-engine';
import { AutoscalerMetrics } from './autoscaler-metrics';
import { REVISION_LABEL } from './revision-pods';
import { CpuHpaScaler, type CpuHpaScalerOptions } from './scaling/hpa-class-scaler';

export const NAMESPACE = 'default';

export interface AutoscalerFixture {
  nc: NatsConnection;
  store: NatsKvStore;
  catalogue: EventCatalogue;
  registry: Registry;
  /** Every decision seen so far, in arrival order. */
  seen: AutoscalerDecisionData[];
  /** What the engine and the HPA class logged as warnings. */
  warnings: Record<string, unknown>[];
  /** Resolves with the first decision from index `from` on (already seen or still to come) that matches. */
  decisionWhere(match: (d: AutoscalerDecisionData) => boolean, from?: number): Promise<AutoscalerDecisionData>;
  /** A Running, Ready Pod of revision `rev`, as the process runtime writes it. */
  readyPod(rev: string, pod?: string): Promise<void>;
  stop(): Promise<void>;
}

export interface AutoscalerFixtureOptions {
  /** Unique per test file: the catalogue prefix, and the store prefix after `test-`. */
  prefix: string;
  /** The knative-serving/config-autoscaler ConfigMap's data, created before the engine starts. */
  configAutoscaler?: Record<string, string>;
  /** Timings for the HPA class (sync period, stabilization window, tick). */
  hpa?: Pick<CpuHpaScalerOptions, 'syncPeriodMs' | 'downscaleStabilizationMs' | 'tickIntervalMs'>;
}

export async function startAutoscalerFixture(options: AutoscalerFixtureOptions): Promise<AutoscalerFixture> {
  const catalogue = withPrefix(options.prefix);
  const nc = await connect({ servers: TEST_NATS_URL });
  const store = new NatsKvStore({ connection: nc, prefix: `test-${options.prefix}`, types: RESOURCE_TYPES, admit });
  if (options.configAutoscaler) {
    await store.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'config-autoscaler', namespace: 'knative-serving' },
      data: options.configAutoscaler,
    });
  }
  const informers = [
    ['serving.knative.dev/v1', 'Revision'],
    ['v1', 'Pod'],
    ['v1', 'ConfigMap'],
  ].map(([apiVersion, kind]) => {
    const type = findResourceType(apiVersion, kind);
    if (!type) throw new Error(`no resource type ${apiVersion} ${kind}`);
    return new Informer({ store, type });
  });
  await Promise.all(informers.map((i) => i.start()));

  const seen: AutoscalerDecisionData[] = [];
  const waiters = new Set<() => void>();
  const decisions = await subscribeEvents(nc, catalogue.entries.autoscalerDecision.filter(), (event) => {
    seen.push(event.data as AutoscalerDecisionData);
    for (const w of [...waiters]) w();
  });
  const decisionWhere = (match: (d: AutoscalerDecisionData) => boolean, from = 0): Promise<AutoscalerDecisionData> =>
    new Promise((resolve) => {
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

  const [revisions, pods, configMaps] = informers as [Informer, Informer, Informer];
  const warnings: Record<string, unknown>[] = [];
  const log = { info: () => undefined, warn: (e: Record<string, unknown>) => void warnings.push(e) };
  const registry = new Registry();
  const metrics = new AutoscalerMetrics(registry);
  const queue = 'knts-autoscaler';
  const hpa = new CpuHpaScaler({ nc, catalogue, pods, configMaps, metrics, log, queue, ...options.hpa });
  const engine = new AutoscalerEngine({ nc, catalogue, revisions, pods, configMaps, metrics, hpa, log, queue });
  await hpa.start();
  await engine.start();

  return {
    nc,
    store,
    catalogue,
    registry,
    seen,
    warnings,
    decisionWhere,
    async readyPod(rev, pod = `${rev}-pod`) {
      const created = await store.create<KubeObject>({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: pod, namespace: NAMESPACE, labels: { [REVISION_LABEL]: rev } },
        spec: { containers: [{ name: 'user-container', image: 'example.com/hello' }] },
      });
      await store.updateStatus({
        ...created,
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
      });
    },
    async stop() {
      await engine.stop();
      await hpa.stop();
      await decisions.drain();
      await Promise.all(informers.map((i) => i.stop()));
      await store.destroyBuckets();
      await nc.drain();
    },
  };
}
