// From the decider's desired pod count to the replica count to apply, as knative/serving
// pkg/reconciler/autoscaling/kpa/scaler.go (`scale`, `handleScaleToZero`) and kpa.go
// (`computeActiveCondition`, `activeThreshold`) do. Pure: the clock is an input.
//
// "Active" emulates the PodAutoscaler's Active condition:
// - activating: the revision wants pods but has fewer ready than its threshold;
// - active: enough pods are ready and the bounded desired count is > 0;
// - inactive: the bounded desired count reached 0 after the revision had been active for a
//   stable window.
// Scale to zero counts from the moment the revision turned inactive. The decider only wants 0
// once a whole stable window held no load, so a routed revision reaches zero no earlier than
// last load + stable window + max(scale-to-zero-grace-period, scale-to-zero-pod-retention-period).
// Upstream can be quicker (the "proxy mode for the grace period" fast path); knts keeps to the
// conservative check.
import type { ScalerSpec } from '../config/decider-spec';

/** kpa/scaler.go activationTimeout: progress deadline (600 s) plus a 10 s buffer. */
export const ACTIVATION_TIMEOUT_MS = 610_000;

export type ActiveState = 'activating' | 'active' | 'inactive';

export interface ScalerState {
  /** ScaleTargetInitialized: the revision once had as many ready pods as it first needed. */
  initialized: boolean;
  active: ActiveState;
  /** When `active` last changed (the Active condition's transition time). */
  activeChangedAt: number;
  /** The replica count last handed out; kept while a rule says "do not apply". */
  lastApplied: number | undefined;
}

export interface ScalerInput {
  /** The decider's desired pod count; undefined when it had no data. */
  desired: number | undefined;
  readyPods: number;
  nowMs: number;
}

export interface ScalerOutput {
  /** The replica count the revision should run. */
  replicas: number;
  /** Why, for logs and tests. */
  reason: string;
}

/**
 * A new revision starts activating. `initialized` comes from the store (a Revision that was
 * Ready before), so an autoscaler restart does not re-apply initial-scale to a revision at zero.
 */
export function newScalerState(nowMs: number, initialized = false): ScalerState {
  return {
    initialized,
    active: initialized ? 'inactive' : 'activating',
    activeChangedAt: nowMs,
    lastApplied: undefined,
  };
}

/** kpa/scaler.go applyBounds; max 0 is unbounded. */
export function applyBounds(min: number, max: number, x: number): number {
  if (x < min) return min;
  if (max !== 0 && x > max) return max;
  return x;
}

/** max-scale-limit caps max-scale; with a limit, "unbounded" means the limit. */
export function effectiveMaxScale(spec: ScalerSpec): number {
  if (spec.maxScaleLimit <= 0) return spec.maxScale;
  return spec.maxScale === 0 ? spec.maxScaleLimit : Math.min(spec.maxScale, spec.maxScaleLimit);
}

export function applyScalerRules(state: ScalerState, spec: ScalerSpec, input: ScalerInput): ScalerOutput {
  const { nowMs, readyPods } = input;
  const max = effectiveMaxScale(spec);
  let min = spec.minScale;
  // Until initialized, initial-scale acts as a minimum (skipped for unreachable revisions).
  if (!state.initialized && spec.reachable && spec.initialScale > 1) min = Math.max(min, spec.initialScale);

  // `want` undefined: leave the replicas as they are. `observedWant` is what the Active
  // condition sees (upstream's pc.want: -1 unknown, 0 no traffic, > 0 wanted).
  let want: number | undefined;
  let observedWant: number;
  let reason: string;
  const desired = input.desired ?? -1;
  if (desired < 0 && state.active !== 'activating') {
    want = undefined;
    observedWant = -1;
    reason = 'no metrics yet';
  } else {
    want = applyBounds(min, max, desired);
    observedWant = want;
    reason = want === desired ? 'desired' : 'bounded by min/max';
    if (want === 0) ({ want, observedWant, reason } = scaleToZero(state, spec, nowMs));
  }

  updateActive(state, spec, observedWant, readyPods, nowMs);

  if (want !== undefined) state.lastApplied = want;
  const fallback = state.initialized ? readyPods : Math.max(readyPods, spec.initialScale);
  return { replicas: want ?? state.lastApplied ?? fallback, reason };
}

/** handleScaleToZero: only when enabled, after a stable window active, then the grace period inactive. */
function scaleToZero(
  state: ScalerState,
  spec: ScalerSpec,
  nowMs: number,
): { want: number | undefined; observedWant: number; reason: string } {
  if (!spec.enableScaleToZero) return { want: 1, observedWant: 1, reason: 'enable-scale-to-zero is false' };
  const since = nowMs - state.activeChangedAt;
  switch (state.active) {
    case 'activating':
      if (since >= ACTIVATION_TIMEOUT_MS) return { want: 0, observedWant: 0, reason: 'activation timed out' };
      return { want: undefined, observedWant: -1, reason: 'activating' };
    case 'active':
      // Turns inactive now; replicas stay until the grace period has passed.
      if (since >= spec.stableWindowMs) return { want: undefined, observedWant: 0, reason: 'turning inactive' };
      return { want: 1, observedWant: 1, reason: 'active for less than the stable window' };
    case 'inactive': {
      const wait = Math.max(spec.scaleToZeroGracePeriodMs, spec.scaleToZeroPodRetentionPeriodMs);
      if (since >= wait) return { want: 0, observedWant: 0, reason: 'inactive for the grace period' };
      return { want: undefined, observedWant: 0, reason: 'inactive, within the grace period' };
    }
  }
}

/** kpa.go computeActiveCondition with activeThreshold. */
function updateActive(state: ScalerState, spec: ScalerSpec, want: number, readyPods: number, nowMs: number): void {
  const minReady = state.initialized ? Math.max(spec.minScale, 1) : Math.max(spec.minScale, spec.initialScale);
  if (readyPods >= minReady) state.initialized = true;
  let next = state.active;
  if (want === 0 || minReady === 0) next = 'inactive';
  else if (readyPods < minReady) next = want > 0 || state.active !== 'inactive' ? 'activating' : 'inactive';
  else if (want > 0 || state.active !== 'inactive') next = 'active';
  if (next !== state.active) {
    state.active = next;
    state.activeChangedAt = nowMs;
  }
}
