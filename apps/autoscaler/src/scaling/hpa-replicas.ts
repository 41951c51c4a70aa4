// Kubernetes' HPA for a Resource metric with a Utilization target, as pure functions over an
// explicit state: kubernetes pkg/controller/podautoscaler/replica_calculator.go
// (GetResourceReplicas, groupPods), metrics/utilization.go (GetResourceUtilizationRatio) and
// horizontal.go (reconcileAutoscaler, normalizeDesiredReplicas[WithBehaviors], the
// stabilization and rate rules). Times are milliseconds on one clock.
import type { HpaBehavior, HpaSpec, ScalingRules } from '../config/hpa-spec';

/** --horizontal-pod-autoscaler-tolerance. */
export const DEFAULT_TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-sync-period. */
export const DEFAULT_SYNC_PERIOD_MS = 15_000;
/** --horizontal-pod-autoscaler-downscale-stabilization. */
export const DEFAULT_DOWNSCALE_STABILIZATION_MS = 300_000;
const SCALE_UP_LIMIT_FACTOR = 2;
const SCALE_UP_LIMIT_MINIMUM = 4;

/** One pod of the scale target as the HPA sees it. */
export interface HpaPod {
  name: string;
  /** Running and Ready. */
  ready: boolean;
  pending: boolean;
  deleting: boolean;
  /** Average CPU over the metric window in millicores; undefined when there is no metric. */
  millicores?: number;
  /** The pod's CPU request in millicores. */
  requestMillicores: number;
}

export type ResourceReplicas =
  | { ok: true; replicas: number; utilization: number; rawAverageMillicores: number }
  | { ok: false; error: string };

interface Utilization {
  ratio: number;
  utilization: number;
  rawAverage: number;
}

/** GetResourceUtilizationRatio: integer percent of the summed requests, over the target. */
function utilizationRatio(metrics: Map<string, number>, requests: Map<string, number>, target: number): Utilization | undefined {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  for (const [pod, value] of metrics) {
    const request = requests.get(pod);
    if (request === undefined) continue;
    metricsTotal += value;
    requestsTotal += request;
    entries++;
  }
  if (requestsTotal === 0) return undefined;
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return { ratio: utilization / target, utilization, rawAverage: Math.trunc(metricsTotal / entries) };
}

/**
 * GetResourceReplicas. Standalone simplifications of groupPods: a pod that is not Ready is
 * ignored (Kubernetes also counts one that was Ready before, once its CPU initialization period
 * is over), and only samples taken while the pod was Ready are its metric, which stands in for
 * "a metric window collected since the readiness transition".
 */
export function resourceReplicas(currentReplicas: number, targetUtilization: number, pods: readonly HpaPod[], tolerance = DEFAULT_TOLERANCE): ResourceReplicas {
  const live = pods.filter((p) => !p.deleting);
  if (live.length === 0) return { ok: false, error: 'no pods returned by selector while calculating replica count' };
  const metrics = new Map<string, number>();
  const ignored: string[] = [];
  const missing: string[] = [];
  let readyPodCount = 0;
  for (const pod of live) {
    if (pod.pending || !pod.ready) ignored.push(pod.name);
    else if (pod.millicores === undefined) missing.push(pod.name);
    else {
      metrics.set(pod.name, Math.round(pod.millicores));
      readyPodCount++;
    }
  }
  const requests = new Map(live.map((p) => [p.name, p.requestMillicores]));
  if (metrics.size === 0) return { ok: false, error: 'did not receive metrics for any ready pods' };
  const first = utilizationRatio(metrics, requests, targetUtilization);
  if (!first) return { ok: false, error: 'no metrics returned matched known pods' };
  const { ratio, utilization, rawAverage } = first;
  const result = (replicas: number): ResourceReplicas => ({ ok: true, replicas, utilization, rawAverageMillicores: rawAverage });

  const scaleUpWithUnready = ignored.length > 0 && ratio > 1.0;
  if (!scaleUpWithUnready && missing.length === 0) {
    if (Math.abs(1.0 - ratio) <= tolerance) return result(currentReplicas);
    return result(Math.ceil(ratio * readyPodCount));
  }
  if (missing.length > 0) {
    // Scaling down: a pod without a metric counts as using its whole request; scaling up: nothing.
    if (ratio < 1.0) for (const pod of missing) metrics.set(pod, requests.get(pod) ?? 0);
    else if (ratio > 1.0) for (const pod of missing) metrics.set(pod, 0);
  }
  if (scaleUpWithUnready) for (const pod of ignored) metrics.set(pod, 0);

  const second = utilizationRatio(metrics, requests, targetUtilization);
  if (!second) return { ok: false, error: 'no metrics returned matched known pods' };
  const newRatio = second.ratio;
  if (Math.abs(1.0 - newRatio) <= tolerance || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0))
    return result(currentReplicas);
  const newReplicas = Math.ceil(newRatio * metrics.size);
  if ((newRatio < 1.0 && newReplicas > currentReplicas) || (newRatio > 1.0 && newReplicas < currentReplicas))
    return result(currentReplicas);
  return result(newReplicas);
}

interface Recommendation {
  replicas: number;
  atMs: number;
}

interface ScaleEvent {
  change: number;
  atMs: number;
  outdated: boolean;
}

/** What the HPA controller keeps per HPA between syncs. */
export interface HpaState {
  recommendations: Recommendation[];
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
}

export function newHpaState(): HpaState {
  return { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };
}

/** stabilizeRecommendation: the highest recommendation within the downscale window (legacy path). */
function stabilizeRecommendation(state: HpaState, desired: number, nowMs: number, windowMs: number): number {
  let max = desired;
  let oldIndex = -1;
  const cutoff = nowMs - windowMs;
  state.recommendations.forEach((rec, i) => {
    if (rec.atMs < cutoff) oldIndex = i;
    else if (rec.replicas > max) max = rec.replicas;
  });
  const fresh = { replicas: desired, atMs: nowMs };
  if (oldIndex >= 0) state.recommendations[oldIndex] = fresh;
  else state.recommendations.push(fresh);
  return max;
}

/** convertDesiredReplicasWithRules: min/max and a scale-up limit of max(2 × current, 4). */
function convertDesiredReplicasWithRules(current: number, desired: number, min: number, max: number): number {
  const scaleUpLimit = Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM);
  const maximumAllowed = Math.min(max, scaleUpLimit);
  if (desired < min) return min;
  if (desired > maximumAllowed) return maximumAllowed;
  return desired;
}

/** stabilizeRecommendationWithBehaviors: within [min over the up window, max over the down window]. */
function stabilizeWithBehaviors(state: HpaState, behavior: HpaBehavior, current: number, desired: number, nowMs: number): number {
  const upCutoff = nowMs - behavior.scaleUp.stabilizationWindowMs;
  const downCutoff = nowMs - behavior.scaleDown.stabilizationWindowMs;
  let up = desired;
  let down = desired;
  let oldIndex = -1;
  state.recommendations.forEach((rec, i) => {
    if (rec.atMs > upCutoff) up = Math.min(rec.replicas, up);
    if (rec.atMs > downCutoff) down = Math.max(rec.replicas, down);
    if (rec.atMs < upCutoff && rec.atMs < downCutoff) oldIndex = i;
  });
  let recommendation = current;
  if (recommendation < up) recommendation = up;
  if (recommendation > down) recommendation = down;
  const fresh = { replicas: desired, atMs: nowMs };
  if (oldIndex >= 0) state.recommendations[oldIndex] = fresh;
  else state.recommendations.push(fresh);
  return recommendation;
}

function changeInPeriod(events: readonly ScaleEvent[], periodMs: number, nowMs: number): number {
  const cutoff = nowMs - periodMs;
  return events.reduce((sum, e) => (e.atMs > cutoff ? sum + e.change : sum), 0);
}

/** calculateScaleUpLimitWithScalingRules / calculateScaleDownLimitWithBehaviors. */
function rateLimit(direction: 'up' | 'down', current: number, state: HpaState, rules: ScalingRules, nowMs: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pickMin = (direction === 'up') === (rules.selectPolicy === 'Min');
  let result = pickMin ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  for (const policy of rules.policies) {
    const added = changeInPeriod(state.scaleUpEvents, policy.periodMs, nowMs);
    const deleted = changeInPeriod(state.scaleDownEvents, policy.periodMs, nowMs);
    const periodStart = current - added + deleted;
    const proposed =
      direction === 'up'
        ? policy.type === 'Pods'
          ? periodStart + policy.value
          : Math.ceil(periodStart * (1 + policy.value / 100))
        : policy.type === 'Pods'
          ? periodStart - policy.value
          : Math.trunc(periodStart * (1 - policy.value / 100));
    result = pickMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** convertDesiredReplicasWithBehaviorRate. */
function convertWithBehaviorRate(state: HpaState, behavior: HpaBehavior, current: number, desired: number, min: number, max: number, nowMs: number): number {
  if (desired > current) {
    const limit = Math.max(rateLimit('up', current, state, behavior.scaleUp, nowMs), current);
    return Math.min(desired, Math.min(max, limit));
  }
  if (desired < current) {
    const limit = Math.min(rateLimit('down', current, state, behavior.scaleDown, nowMs), current);
    return Math.max(desired, Math.max(min, limit));
  }
  return desired;
}

function longestPeriod(rules: ScalingRules): number {
  return rules.policies.reduce((m, p) => Math.max(m, p.periodMs), 0);
}

/** storeScaleEvent: only kept with a behavior, reusing one outdated slot. */
function storeScaleEvent(state: HpaState, behavior: HpaBehavior | undefined, previous: number, next: number, nowMs: number): void {
  if (!behavior) return;
  const up = next > previous;
  const events = up ? state.scaleUpEvents : state.scaleDownEvents;
  const cutoff = nowMs - longestPeriod(up ? behavior.scaleUp : behavior.scaleDown);
  let oldIndex = -1;
  events.forEach((e, i) => {
    if (e.atMs < cutoff) e.outdated = true;
    if (e.outdated) oldIndex = i;
  });
  const event = { change: up ? next - previous : previous - next, atMs: nowMs, outdated: false };
  if (oldIndex >= 0) events[oldIndex] = event;
  else events.push(event);
}

export interface HpaSyncInput {
  /** The scale target's replicas (what was last asked for). */
  currentReplicas: number;
  pods: readonly HpaPod[];
  nowMs: number;
  /** The controller's --horizontal-pod-autoscaler-downscale-stabilization (legacy path only). */
  downscaleStabilizationMs?: number;
  tolerance?: number;
}

export interface HpaSyncResult {
  /** The replica count to ask for (currentReplicas when nothing changes). */
  desiredReplicas: number;
  /** The metric's proposal before stabilization and limits; undefined without one. */
  metricReplicas?: number;
  utilization?: number;
  rawAverageMillicores?: number;
  /** Why no metric proposal was made (Kubernetes reports FailedComputeMetricsReplicas). */
  error?: string;
  /** ScalingDisabled: the target is at zero, which the HPA leaves alone. */
  disabled?: boolean;
}

/** One reconcileAutoscaler for a single cpu Resource metric. Mutates `state`. */
export function syncHpa(state: HpaState, spec: HpaSpec, input: HpaSyncInput): HpaSyncResult {
  const { currentReplicas: current, nowMs } = input;
  // recordInitialRecommendation
  if (state.recommendations.length === 0) state.recommendations.push({ replicas: current, atMs: nowMs });
  let desired: number;
  const out: HpaSyncResult = { desiredReplicas: current };
  if (current === 0 && spec.minReplicas !== 0) {
    out.disabled = true;
    return out;
  } else if (current > spec.maxReplicas) {
    desired = spec.maxReplicas;
  } else if (current < spec.minReplicas) {
    desired = spec.minReplicas;
  } else {
    const metric = resourceReplicas(current, spec.targetUtilization, input.pods, input.tolerance);
    if (!metric.ok) {
      out.error = metric.error;
      return out;
    }
    out.metricReplicas = metric.replicas;
    out.utilization = metric.utilization;
    out.rawAverageMillicores = metric.rawAverageMillicores;
    desired = Math.max(0, metric.replicas);
    if (spec.behavior) {
      const stabilized = stabilizeWithBehaviors(state, spec.behavior, current, desired, nowMs);
      desired = convertWithBehaviorRate(state, spec.behavior, current, stabilized, spec.minReplicas, spec.maxReplicas, nowMs);
    } else {
      const stabilized = stabilizeRecommendation(state, desired, nowMs, input.downscaleStabilizationMs ?? DEFAULT_DOWNSCALE_STABILIZATION_MS);
      desired = convertDesiredReplicasWithRules(current, stabilized, spec.minReplicas, spec.maxReplicas);
    }
  }
  if (desired !== current) storeScaleEvent(state, spec.behavior, current, desired, nowMs);
  out.desiredReplicas = desired;
  return out;
}
