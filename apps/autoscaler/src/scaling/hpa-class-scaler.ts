// Revisions the KPA does not scale: `autoscaling.knative.dev/class: hpa.autoscaling.knative.dev`
// (or config-autoscaler's pod-autoscaler-class). In a cluster Kubernetes' HPA scales them; in
// standalone CpuHpaScaler does what it would for metric cpu (the HPA class's default metric):
// the serving-controller's process runtime measures each replica's CPU every second from /proc
// and publishes dev.knts.runtime.cpu.v1; every sync period (15 s, KNTS_HPA_SYNC_PERIOD) this
// averages the ready replicas' samples, divides by the container's cpu request (one core when
// none is set) and runs the HPA algorithm (config/hpa-spec.ts, scaling/hpa-replicas.ts). The
// result goes out as the KPA's does, a dev.knts.autoscaler.decision.v1 re-sent every 2 s tick
// so the serving-controller never sees it go stale. Metrics memory and custom metrics have no
// standalone source: such revisions are logged once and keep their replicas.
import {
  HPA_CLASS,
  METRIC_CPU,
  CONFIG_AUTOSCALER_NAME,
  ConfigMapError,
  DEFAULT_AUTOSCALER_SETTINGS,
  SYSTEM_NAMESPACE,
  TICK_INTERVAL_MS,
  parseConfigAutoscaler,
  type AutoscalerSettings,
  type KubeObject,
} from '@knts/api';
import { subscribeEvents, type EventCatalogue, type RuntimeCpuData, type Stoppable } from '@knts/events';
import type { Informer } from '@knts/store';
import type { NatsConnection } from '@nats-io/transport-node';
import type { AutoscalerMetrics, HpaReport, RevisionLabels } from '../autoscaler-metrics';
import { readAutoscalingAnnotations } from '../config/autoscaling-annotations';
import { publishDecision } from '../publish-decision';
import { countPods, isReachable, revisionLabels, revisionPods } from '../revision-pods';
import { cpuRequestMillis, hpaMetricOf, makeHpaSpec, type HpaSpec } from '../config/hpa-spec';
import {
  DEFAULT_DOWNSCALE_STABILIZATION_MS,
  DEFAULT_SYNC_PERIOD_MS,
  DEFAULT_TOLERANCE,
  newHpaState,
  syncHpa,
  type HpaPod,
  type HpaState,
} from './hpa-replicas';

export interface HpaClassScaler {
  /**
   * The revision is (still) of a non-KPA class. `metric` is the engine's reading (concurrency when
   * unset); CpuHpaScaler reads the annotation itself, as cpu is the HPA class's default.
   */
  track(revision: KubeObject, autoscalerClass: string, metric: string): void;
  /** The revision was deleted or became KPA class. */
  untrack(key: string): void;
}

export interface HpaLog {
  info(entry: Record<string, unknown>): void;
  warn(entry: Record<string, unknown>): void;
}

export interface CpuHpaScalerOptions {
  nc: NatsConnection;
  catalogue: EventCatalogue;
  pods: Informer;
  configMaps: Informer;
  metrics: AutoscalerMetrics;
  log: HpaLog;
  now?: () => number;
  /** --horizontal-pod-autoscaler-sync-period; default 15 s. */
  syncPeriodMs?: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization; default 5 min. */
  downscaleStabilizationMs?: number;
  tolerance?: number;
  /** How often the current decision is re-sent; default the KPA's 2 s tick. */
  tickIntervalMs?: number;
  /** Queue group shared by autoscaler replicas. */
  queue?: string;
}

/** Samples shorter than this are too few to average (they arrive once a second). */
const MIN_METRIC_WINDOW_MS = 3_000;

interface Sample {
  atMs: number;
  millicores: number;
}

interface HpaEntry {
  key: string;
  namespace: string;
  name: string;
  labels: RevisionLabels;
  spec: HpaSpec;
  requestMillis: number;
  state: HpaState;
  /** The Revision's status.desiredReplicas: what the serving-controller asked the runtime for (used until the first decision). */
  statusReplicas: number | undefined;
  /** The replica count decided last; re-sent every tick. */
  desired: number | undefined;
  /** Per pod, samples taken while it was Ready, oldest first. */
  samples: Map<string, Sample[]>;
}

export class CpuHpaScaler implements HpaClassScaler {
  private readonly entries = new Map<string, HpaEntry>();
  /** Revisions of other classes or metrics, logged once each. */
  private readonly unsupported = new Set<string>();
  private readonly now: () => number;
  private readonly syncPeriodMs: number;
  private settings: AutoscalerSettings = { ...DEFAULT_AUTOSCALER_SETTINGS };
  private subscription: Stoppable | undefined;
  private syncTimer: ReturnType<typeof setInterval> | undefined;
  private tickTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly o: CpuHpaScalerOptions) {
    this.now = o.now ?? Date.now;
    this.syncPeriodMs = o.syncPeriodMs ?? DEFAULT_SYNC_PERIOD_MS;
  }

  /** Subscribes to CPU samples and starts the sync and tick timers. */
  async start(): Promise<void> {
    const cpu = this.o.catalogue.entries.runtimeCpu;
    this.subscription = await subscribeEvents(
      this.o.nc,
      cpu.filter(),
      (event, meta) => {
        const params = cpu.parse(meta.subject);
        if (params) this.record(params.namespace, params.revision, event.data as RuntimeCpuData | undefined);
      },
      this.o.queue === undefined ? {} : { queue: this.o.queue },
    );
    this.syncTimer = setInterval(() => this.syncAll(), this.syncPeriodMs);
    this.tickTimer = setInterval(() => this.tickAll(), this.o.tickIntervalMs ?? TICK_INTERVAL_MS);
  }

  async stop(): Promise<void> {
    if (this.syncTimer) clearInterval(this.syncTimer);
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.syncTimer = this.tickTimer = undefined;
    await this.subscription?.drain();
    this.subscription = undefined;
  }

  track(revision: KubeObject, autoscalerClass: string): void {
    const namespace = revision.metadata.namespace ?? 'default';
    const name = revision.metadata.name ?? '';
    const key = `${namespace}/${name}`;
    this.loadSettings();
    // The engine validated these and logged what it rejected; an invalid value falls back as there.
    const { values } = readAutoscalingAnnotations(revision.metadata.annotations, this.settings);
    const metric = hpaMetricOf(values);
    if (autoscalerClass !== HPA_CLASS || metric !== METRIC_CPU) {
      this.drop(key);
      if (!this.unsupported.has(key)) {
        this.unsupported.add(key);
        this.o.log.warn({
          msg: 'no standalone scaler for this autoscaling class or metric; replicas are left alone',
          revision: key,
          autoscalerClass,
          metric,
        });
      }
      return;
    }
    this.unsupported.delete(key);
    const spec = makeHpaSpec(values, this.settings, isReachable(revision));
    const request = cpuRequestMillis(revision);
    const statusReplicas = (revision.status as { desiredReplicas?: number } | undefined)?.desiredReplicas;
    const existing = this.entries.get(key);
    if (existing) {
      existing.spec = spec;
      existing.requestMillis = request.millis;
      existing.statusReplicas = statusReplicas ?? existing.statusReplicas;
      return;
    }
    if (request.defaulted)
      this.o.log.info({
        msg: 'the serving container has no cpu request; CPU utilization is measured against one core (1000m)',
        revision: key,
      });
    this.entries.set(key, {
      key,
      namespace,
      name,
      labels: revisionLabels(revision),
      spec,
      requestMillis: request.millis,
      state: newHpaState(),
      statusReplicas,
      desired: undefined,
      samples: new Map(),
    });
  }

  untrack(key: string): void {
    this.drop(key);
    this.unsupported.delete(key);
  }

  /** One HPA sync for every revision now (the timer does this every sync period). */
  syncAll(): void {
    for (const entry of this.entries.values()) this.sync(entry);
  }

  /** Re-sends every current decision now (the timer does this every tick). */
  tickAll(): void {
    for (const entry of this.entries.values()) this.publish(entry);
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.o.metrics.forget(entry.labels);
  }

  private loadSettings(): void {
    const cm = this.o.configMaps.get(SYSTEM_NAMESPACE, CONFIG_AUTOSCALER_NAME);
    try {
      this.settings = parseConfigAutoscaler((cm?.['data'] as Record<string, string> | undefined) ?? {});
    } catch (err) {
      // The engine reports it; both keep the last good settings.
      if (!(err instanceof ConfigMapError)) throw err;
    }
  }

  private get metricWindowMs(): number {
    return Math.max(this.syncPeriodMs, MIN_METRIC_WINDOW_MS);
  }

  private record(namespace: string, revision: string, data: RuntimeCpuData | undefined): void {
    const entry = this.entries.get(`${namespace}/${revision}`);
    if (!entry || !Array.isArray(data?.pods)) return;
    // Receipt time, as for the KPA's stats: the runtime's clock need not agree with this one.
    const atMs = this.now();
    for (const pod of data.pods) {
      if (typeof pod?.pod !== 'string' || typeof pod.millicores !== 'number' || !Number.isFinite(pod.millicores))
        continue;
      if (!pod.ready) continue;
      const samples = entry.samples.get(pod.pod) ?? [];
      samples.push({ atMs, millicores: Math.max(0, pod.millicores) });
      entry.samples.set(pod.pod, samples);
    }
  }

  /** The average of each pod's Ready samples within the metric window; older ones are dropped. */
  private podAverages(entry: HpaEntry, nowMs: number): Map<string, number> {
    const cutoff = nowMs - this.metricWindowMs;
    const out = new Map<string, number>();
    for (const [pod, samples] of entry.samples) {
      const recent = samples.filter((s) => s.atMs > cutoff);
      if (recent.length === 0) {
        entry.samples.delete(pod);
        continue;
      }
      entry.samples.set(pod, recent);
      out.set(pod, recent.reduce((sum, s) => sum + s.millicores, 0) / recent.length);
    }
    return out;
  }

  private sync(entry: HpaEntry): void {
    const nowMs = this.now();
    const averages = this.podAverages(entry, nowMs);
    const revisionPodList = revisionPods(this.o.pods, entry.namespace, entry.name);
    const counts = countPods(revisionPodList);
    const pods = revisionPodList.map(({ pod, ready, pending, terminating }): HpaPod => {
      const name = pod.metadata.name ?? '';
      const hpaPod: HpaPod = { name, ready, pending, deleting: terminating, requestMillicores: entry.requestMillis };
      const average = averages.get(name);
      if (average !== undefined) hpaPod.millicores = average;
      return hpaPod;
    });
    // scale.Spec.Replicas, which the HPA's own update sets: what was decided last; before any
    // decision what the serving-controller asked the runtime for, else the pods there are.
    const current = entry.desired ?? entry.statusReplicas ?? counts.ready + counts.notReady;
    const result = syncHpa(entry.state, entry.spec, {
      currentReplicas: current,
      pods,
      nowMs,
      downscaleStabilizationMs: this.o.downscaleStabilizationMs ?? DEFAULT_DOWNSCALE_STABILIZATION_MS,
      tolerance: this.o.tolerance ?? DEFAULT_TOLERANCE,
    });
    if (!result.disabled && result.error === undefined) {
      if (entry.desired !== result.desiredReplicas)
        this.o.log.info({
          msg: 'HPA rescale',
          revision: entry.key,
          currentReplicas: current,
          desiredReplicas: result.desiredReplicas,
          utilization: result.utilization,
          targetUtilization: entry.spec.targetUtilization,
        });
      entry.desired = result.desiredReplicas;
      // Published at once, like the HPA's scale update; the ticks repeat it.
      this.publish(entry);
    } else if (result.error !== undefined && entry.desired === undefined && current > 0) {
      // No metric yet: keep what runs (Kubernetes leaves the scale alone on a metrics error).
      entry.desired = Math.min(Math.max(current, entry.spec.minReplicas), entry.spec.maxReplicas);
    }
    const report: HpaReport = {
      readyPods: counts.ready,
      notReadyPods: counts.notReady,
      pendingPods: counts.pending,
      terminatingPods: counts.terminating,
      targetUtilization: entry.spec.targetUtilization,
    };
    if (result.metricReplicas !== undefined) report.desiredPods = result.metricReplicas;
    if (entry.desired !== undefined) report.requestedPods = entry.desired;
    if (result.rawAverageMillicores !== undefined) report.millicoresPerPod = result.rawAverageMillicores;
    if (result.utilization !== undefined) report.utilization = result.utilization;
    this.o.metrics.reportHpa(entry.labels, report);
  }

  private publish(entry: HpaEntry): void {
    if (entry.desired === undefined) return;
    publishDecision(this.o.nc, this.o.catalogue, {
      namespace: entry.namespace,
      revision: entry.name,
      // Never zero: the HPA class does not scale to zero.
      desiredScale: Math.max(1, entry.desired),
      // No activator buffering to size for: upstream's HPA class keeps the SKS in Serve mode.
      excessBurstCapacity: 0,
      observedStableConcurrency: 0,
      observedPanicConcurrency: 0,
      panicking: false,
      timestamp: new Date(this.now()).toISOString(),
    });
  }
}
