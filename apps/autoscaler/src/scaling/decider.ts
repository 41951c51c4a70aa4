// The KPA decision for one revision, every tick: knative/serving
// pkg/autoscaler/scaling/autoscaler.go `Scale`, step for step (reference §2.5).
import { TICK_INTERVAL_MS } from '@knts/api';
import type { DeciderSpec } from '../config/decider-spec';
import { MaxTimeWindow } from '../aggregation/max-time-window';

/** Stable- and panic-window averages of the spec's metric; undefined when there is no data yet. */
export interface ObservedMetrics {
  stableAndPanic(nowMs: number, metric: DeciderSpec['scalingMetric']): { stable: number; panic: number } | undefined;
}

export interface DeciderState {
  spec: DeciderSpec;
  metrics: ObservedMetrics;
  /** When panic mode was entered or last extended; undefined while stable. */
  panicTime: number | undefined;
  /** The panic-mode ratchet: never scale below this while panicking. */
  maxPanicPods: number;
  /** Holds scale-downs for scale-down-delay; absent when the delay is 0. */
  delayWindow: MaxTimeWindow | undefined;
}

export interface ScaleDecision {
  valid: true;
  desiredPodCount: number;
  excessBurstCapacity: number;
  panicking: boolean;
  observedStable: number;
  observedPanic: number;
}

/** No data yet (upstream ErrNoData): nothing changes. */
export interface NoDecision {
  valid: false;
}

export type ScaleResult = ScaleDecision | NoDecision;

function delayWindowFor(spec: DeciderSpec): MaxTimeWindow | undefined {
  return spec.scaleDownDelayMs > 0 ? new MaxTimeWindow(spec.scaleDownDelayMs, TICK_INTERVAL_MS) : undefined;
}

/**
 * A new decider. With more than one ready pod it starts in panic mode holding that count: after
 * an autoscaler restart there is no history, and scaling down on an empty window would be wrong.
 */
export function newDeciderState(
  spec: DeciderSpec,
  metrics: ObservedMetrics,
  readyPods: number,
  nowMs: number,
): DeciderState {
  return {
    spec,
    metrics,
    panicTime: readyPods > 1 ? nowMs : undefined,
    maxPanicPods: readyPods,
    delayWindow: delayWindowFor(spec),
  };
}

/** Swaps in a new spec (config or annotation change); a changed scale-down-delay starts a new window. */
export function updateDeciderSpec(state: DeciderState, spec: DeciderSpec): void {
  if (spec.scaleDownDelayMs !== state.spec.scaleDownDelayMs) state.delayWindow = delayWindowFor(spec);
  state.spec = spec;
}

export function scale(state: DeciderState, nowMs: number, readyPodsCount: number): ScaleResult {
  const spec = state.spec;
  const observed = state.metrics.stableAndPanic(nowMs, spec.scalingMetric);
  if (!observed) return { valid: false };
  const { stable: observedStable, panic: observedPanic } = observed;

  // Zero ready pods count as one, so the rate limits still allow growth.
  const readyPods = Math.max(1, readyPodsCount);
  // Ceil: a conservative rate must still allow at least one more pod (autoscaler.go).
  const maxScaleUp = Math.ceil(spec.maxScaleUpRate * readyPods);
  // An unreachable revision takes no traffic, so it may drop at once.
  const maxScaleDown = spec.reachable ? Math.floor(readyPods / spec.maxScaleDownRate) : 0;

  const dspc = Math.ceil(observedStable / spec.targetValue);
  const dppc = Math.ceil(observedPanic / spec.targetValue);
  let desiredStable = Math.min(Math.max(dspc, maxScaleDown), maxScaleUp);
  let desiredPanic = Math.min(Math.max(dppc, maxScaleDown), maxScaleUp);

  if (spec.activationScale > 1) {
    if (dspc > 0 && spec.activationScale > desiredStable) desiredStable = spec.activationScale;
    if (dppc > 0 && spec.activationScale > desiredPanic) desiredPanic = spec.activationScale;
  }

  const overPanicThreshold = dppc / readyPods >= spec.panicThreshold;
  if (state.panicTime === undefined && overPanicThreshold) {
    state.panicTime = nowMs;
  } else if (overPanicThreshold) {
    state.panicTime = nowMs;
  } else if (state.panicTime !== undefined && state.panicTime + spec.stableWindowMs < nowMs) {
    // The surge has made its way into the stable window: back to stable mode.
    state.panicTime = undefined;
    state.maxPanicPods = 0;
  }

  let desired = desiredStable;
  const panicking = state.panicTime !== undefined;
  if (panicking) {
    // The stable window can exceed the panic one; provision for the larger.
    desired = Math.max(desired, desiredPanic);
    // Never scale down while panicking.
    if (desired > state.maxPanicPods) state.maxPanicPods = desired;
    desired = state.maxPanicPods;
  }

  if (spec.reachable && state.delayWindow) {
    state.delayWindow.record(nowMs, desired);
    desired = state.delayWindow.current();
  }

  let excessBurstCapacity = -1;
  if (spec.targetBurstCapacity === 0) excessBurstCapacity = 0;
  else if (spec.targetBurstCapacity > 0)
    excessBurstCapacity = Math.floor(readyPodsCount * spec.totalValue - spec.targetBurstCapacity - observedPanic);

  return { valid: true, desiredPodCount: desired, excessBurstCapacity, panicking, observedStable, observedPanic };
}
