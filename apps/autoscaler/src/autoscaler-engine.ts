// The KPA for every revision (knative/serving pkg/autoscaler/scaling/multiscaler.go plus the
// parts of the kpa reconciler that pick the replica count): stats and pokes in from NATS, one
// decider per KPA-class Revision, a tick every 2 s, one decision event per revision per tick.
// Plain class with its ports handed in; autoscaler.service.ts wires it into Nest.
import type { KubeObject } from '@knts/api';
import { ConfigMapError } from '@knts/api';
import { subscribeEvents, type EventCatalogue, type Stoppable } from '@knts/events';
import type { Informer } from '@knts/store';
import type { NatsConnection } from '@nats-io/transport-node';
import { AutoscalerMetrics, type RevisionLabels } from './autoscaler-metrics';
import { DEFAULT_AUTOSCALER_SETTINGS, parseConfigAutoscaler, type AutoscalerSettings } from '@knts/api';
import { readAutoscalingAnnotations } from './config/autoscaling-annotations';
import { publishDecision } from './publish-decision';
import { CONFIG_AUTOSCALER_NAME, SYSTEM_NAMESPACE, TICK_INTERVAL_MS } from '@knts/api';
import {
  classOf,
  isKpa,
  makeDeciderSpec,
  makeScalerSpec,
  metricOf,
  type DeciderSpec,
  type RevisionScalingInput,
  type ScalerSpec,
} from './config/decider-spec';
import { newDeciderState, scale, updateDeciderSpec, type DeciderState } from './scaling/decider';
import type { HpaClassScaler, HpaLog } from './scaling/hpa-class-scaler';
import { RevisionCollection, type StatSample } from './scaling/revision-collection';
import { applyScalerRules, newScalerState, type ScalerState } from './scaling/scaler';
import { conditionTrue, countPods, isReachable, revisionLabels, revisionPods, type PodCounts } from './revision-pods';

export { REVISION_LABEL, ROUTE_LABEL, ROUTING_STATE_ANNOTATION, isReachable } from './revision-pods';

/** The engine logs as the HPA scaler does: structured entries, info and warn. */
export type EngineLog = HpaLog;

export interface AutoscalerEngineOptions {
  nc: NatsConnection;
  catalogue: EventCatalogue;
  revisions: Informer;
  pods: Informer;
  configMaps: Informer;
  metrics: AutoscalerMetrics;
  hpa: HpaClassScaler;
  log: EngineLog;
  now?: () => number;
  tickIntervalMs?: number;
  /** Queue group shared by autoscaler replicas. */
  queue?: string;
}

interface RevisionEntry {
  key: string;
  namespace: string;
  name: string;
  labels: RevisionLabels;
  deciderSpec: DeciderSpec;
  scalerSpec: ScalerSpec;
  collection: RevisionCollection;
  decider: DeciderState;
  scaler: ScalerState;
  /** The replica count published last; undefined before the first decision. */
  lastReplicas: number | undefined;
  /** When the last stat arrived (autoscaler clock), to tell whether a poke's stat was seen. */
  lastStatAt: number | undefined;
}

function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export class AutoscalerEngine {
  private readonly entries = new Map<string, RevisionEntry>();
  private readonly now: () => number;
  private settings: AutoscalerSettings = { ...DEFAULT_AUTOSCALER_SETTINGS };
  private subscriptions: Stoppable[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly o: AutoscalerEngineOptions) {
    this.now = o.now ?? Date.now;
  }

  async start(): Promise<void> {
    this.loadSettings();
    this.unsubscribe.push(
      this.o.configMaps.addEventHandler({
        onAdd: (cm) => this.onConfigMap(cm),
        onUpdate: (_old, cm) => this.onConfigMap(cm),
        onDelete: (cm) => this.onConfigMap(cm),
      }),
      this.o.revisions.addEventHandler({
        onAdd: (r) => this.upsertRevision(r),
        onUpdate: (_old, r) => this.upsertRevision(r),
        onDelete: (r) => this.removeRevision(r),
      }),
    );
    const stat = this.o.catalogue.entries.autoscalerStat;
    const poke = this.o.catalogue.entries.autoscalerPoke;
    const options = this.o.queue === undefined ? {} : { queue: this.o.queue };
    this.subscriptions = await Promise.all([
      subscribeEvents(
        this.o.nc,
        stat.filter(),
        (event, meta) => this.onStat(stat.parse(meta.subject), event.data),
        options,
      ),
      subscribeEvents(this.o.nc, poke.filter(), (_event, meta) => this.onPoke(poke.parse(meta.subject)), options),
    ]);
    this.timer = setInterval(() => this.tickAll(), this.o.tickIntervalMs ?? TICK_INTERVAL_MS);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const off of this.unsubscribe.splice(0)) off();
    await Promise.all(this.subscriptions.map((s) => s.drain()));
    this.subscriptions = [];
  }

  /** Runs one tick for every revision now (the timer does this every tickInterval). */
  tickAll(): void {
    for (const entry of this.entries.values()) this.tick(entry);
  }

  private onConfigMap(cm: KubeObject): void {
    if (cm.metadata.namespace === SYSTEM_NAMESPACE && cm.metadata.name === CONFIG_AUTOSCALER_NAME) {
      this.loadSettings();
      for (const r of this.o.revisions.list()) this.upsertRevision(r);
    }
  }

  private loadSettings(): void {
    const cm = this.o.configMaps.get(SYSTEM_NAMESPACE, CONFIG_AUTOSCALER_NAME);
    const data = (cm?.['data'] as Record<string, string> | undefined) ?? {};
    try {
      this.settings = parseConfigAutoscaler(data);
    } catch (err) {
      // Keep the last good settings, as Knative's config watcher does with an invalid update.
      if (!(err instanceof ConfigMapError)) throw err;
      this.o.log.warn({ msg: 'invalid config-autoscaler; keeping the previous settings', err: err.message });
    }
  }

  private scalingInput(revision: KubeObject): RevisionScalingInput {
    const { values, errors } = readAutoscalingAnnotations(revision.metadata.annotations, this.settings);
    if (errors.length > 0)
      this.o.log.warn({
        msg: 'ignoring invalid autoscaling annotations',
        revision: keyOf(revision.metadata.namespace ?? '', revision.metadata.name ?? ''),
        errors,
      });
    const cc = (revision.spec as { containerConcurrency?: number } | undefined)?.containerConcurrency ?? 0;
    return { annotations: values, containerConcurrency: cc, reachable: isReachable(revision) };
  }

  private upsertRevision(revision: KubeObject): void {
    const namespace = revision.metadata.namespace ?? 'default';
    const name = revision.metadata.name ?? '';
    const key = keyOf(namespace, name);
    const input = this.scalingInput(revision);
    if (!isKpa(input, this.settings)) {
      this.dropEntry(key);
      this.o.hpa.track(revision, classOf(input, this.settings), metricOf(input));
      return;
    }
    this.o.hpa.untrack(key);
    const deciderSpec = makeDeciderSpec(input, this.settings);
    const scalerSpec = makeScalerSpec(input, this.settings);
    const existing = this.entries.get(key);
    if (existing) {
      updateDeciderSpec(existing.decider, deciderSpec);
      existing.collection.update(deciderSpec);
      existing.deciderSpec = deciderSpec;
      existing.scalerSpec = scalerSpec;
      return;
    }
    const now = this.now();
    const collection = new RevisionCollection(deciderSpec);
    const pods = this.countPods(namespace, name);
    this.entries.set(key, {
      key,
      namespace,
      name,
      labels: revisionLabels(revision),
      deciderSpec,
      scalerSpec,
      collection,
      decider: newDeciderState(deciderSpec, collection, pods.ready, now),
      // A Revision that was Ready before is past its initial scale.
      scaler: newScalerState(now, conditionTrue(revision, 'Ready')),
      lastReplicas: undefined,
      lastStatAt: undefined,
    });
  }

  private removeRevision(revision: KubeObject): void {
    const key = keyOf(revision.metadata.namespace ?? 'default', revision.metadata.name ?? '');
    this.dropEntry(key);
    this.o.hpa.untrack(key);
  }

  private dropEntry(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.o.metrics.forget(entry.labels);
  }

  private onStat(params: { namespace: string; revision: string } | undefined, data: unknown): void {
    if (!params) return;
    const entry = this.entries.get(keyOf(params.namespace, params.revision));
    // Stats for revisions this autoscaler does not scale are dropped, as upstream's collector does.
    if (!entry) return;
    const stat = data as Partial<StatSample> | undefined;
    entry.lastStatAt = this.now();
    // Receipt time, not the reporter's clock: activators and autoscaler need not agree on time.
    entry.collection.record(this.now(), {
      averageConcurrentRequests: Number(stat?.averageConcurrentRequests ?? 0),
      averageProxiedConcurrentRequests: Number(stat?.averageProxiedConcurrentRequests ?? 0),
      requestCount: Number(stat?.requestCount ?? 0),
      proxiedRequestCount: Number(stat?.proxiedRequestCount ?? 0),
    });
  }

  /** multiscaler.go Poke: tick now when the revision is at zero. */
  private onPoke(params: { namespace: string; revision: string } | undefined): void {
    if (!params) return;
    const entry = this.entries.get(keyOf(params.namespace, params.revision));
    if (!entry || (entry.lastReplicas ?? 0) > 0) return;
    // The activator sends its first-request stat ({concurrency 1, requests 1}) just before the
    // poke. Count it here only when it has not arrived (another autoscaler replica got it, or
    // it is still in flight), so the request is neither missed nor counted twice.
    const now = this.now();
    if (entry.lastStatAt === undefined || now - entry.lastStatAt > 1000)
      entry.collection.record(now, {
        averageConcurrentRequests: 1,
        averageProxiedConcurrentRequests: 0,
        requestCount: 1,
        proxiedRequestCount: 0,
      });
    this.tick(entry);
  }

  private countPods(namespace: string, revision: string): PodCounts {
    return countPods(revisionPods(this.o.pods, namespace, revision));
  }

  private tick(entry: RevisionEntry): void {
    const now = this.now();
    const pods = this.countPods(entry.namespace, entry.name);
    const lastStat = entry.collection.lastStatAt;
    // Idle seconds count as zeros while someone could be reporting: ready pods, or recent stats.
    if (pods.ready > 0 || (lastStat !== undefined && now - lastStat <= entry.deciderSpec.stableWindowMs))
      entry.collection.recordIdle(now);

    const result = scale(entry.decider, now, pods.ready);
    const out = applyScalerRules(entry.scaler, entry.scalerSpec, {
      desired: result.valid ? result.desiredPodCount : undefined,
      readyPods: pods.ready,
      nowMs: now,
    });
    entry.lastReplicas = out.replicas;

    const metric = entry.deciderSpec.scalingMetric;
    this.o.metrics.report(entry.labels, {
      desiredPods: result.valid ? result.desiredPodCount : undefined,
      requestedPods: out.replicas,
      readyPods: pods.ready,
      notReadyPods: pods.notReady,
      pendingPods: pods.pending,
      terminatingPods: pods.terminating,
      panicking: result.valid ? result.panicking : undefined,
      excessBurstCapacity: result.valid ? result.excessBurstCapacity : undefined,
      metric,
      stable: result.valid ? result.observedStable : undefined,
      panic: result.valid ? result.observedPanic : undefined,
      target: entry.deciderSpec.targetValue,
    });

    publishDecision(this.o.nc, this.o.catalogue, {
      namespace: entry.namespace,
      revision: entry.name,
      desiredScale: out.replicas,
      excessBurstCapacity: result.valid
        ? result.excessBurstCapacity
        : entry.deciderSpec.targetBurstCapacity === 0
          ? 0
          : -1,
      observedStableConcurrency: result.valid ? result.observedStable : 0,
      observedPanicConcurrency: result.valid ? result.observedPanic : 0,
      panicking: result.valid ? result.panicking : entry.decider.panicTime !== undefined,
      timestamp: new Date(now).toISOString(),
    });
  }
}
