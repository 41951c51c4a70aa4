import { windowBehavior, type HpaSpec } from '../config/hpa-spec';
import { newHpaState, resourceReplicas, syncHpa, type HpaPod } from './hpa-replicas';

/** A Running, Ready pod with a metric, request one core unless given. */
function pod(name: string, millicores: number | undefined, opts: Partial<HpaPod> = {}): HpaPod {
  const p: HpaPod = { name, ready: true, pending: false, deleting: false, requestMillicores: 1000, ...opts };
  if (millicores !== undefined) p.millicores = millicores;
  return p;
}

describe('resourceReplicas (GetResourceReplicas)', () => {
  it.each<[string, number, number, HpaPod[], number]>([
    ['at target: no change', 1, 50, [pod('a', 500)], 1],
    ['within the 10% tolerance above (ratio 1.06): no change', 1, 50, [pod('a', 530)], 1],
    ['within the 10% tolerance below (ratio 0.92): no change', 2, 50, [pod('a', 460), pod('b', 460)], 2],
    ['just past the tolerance (ratio 1.12): ceil(1.12 × 1) = 2', 1, 50, [pod('a', 560)], 2],
    ['one busy core at target 50%: ratio 2 → 2 replicas', 1, 50, [pod('a', 1000)], 2],
    ['two busy cores each, target 50%: ceil(4 × 2) = 8', 2, 50, [pod('a', 2000), pod('b', 2000)], 8],
    ['idle pods scale down: 4 pods at 10% of target 50% → ceil(0.2 × 4) = 1', 4, 50, [pod('a', 100), pod('b', 100), pod('c', 100), pod('d', 100)], 1],
    ['utilization is against the request: 100m of a 100m request at 50% → 2', 1, 50, [pod('a', 100, { requestMillicores: 100 })], 2],
    [
      'scale-up with a pod missing its metric: it counts as 0 → (2000 / 3000 = 66%) / 50% → ceil(1.32 × 3) = 4',
      3,
      50,
      [pod('a', 1000), pod('b', 1000), pod('c', undefined)],
      4,
    ],
    [
      'scale-down with a pod missing its metric: it counts as 100% of its request, which flips the direction → no change',
      2,
      50,
      [pod('a', 100), pod('b', undefined)],
      2,
    ],
    [
      'scale-up with an unready pod: it counts as 0 → 50% → within tolerance → no change',
      2,
      50,
      [pod('a', 1000), pod('b', 0, { ready: false })],
      2,
    ],
    ['pending pods are ignored, deleting pods left out', 2, 50, [pod('a', 1000), pod('b', undefined, { ready: false, pending: true }), pod('c', 5000, { deleting: true })], 2],
  ])('%s', (_name, current, target, pods, want) => {
    const result = resourceReplicas(current, target, pods);
    expect(result).toMatchObject({ ok: true, replicas: want });
  });

  it('reports integer utilization and the raw average millicores', () => {
    expect(resourceReplicas(2, 50, [pod('a', 333), pod('b', 334)])).toEqual({ ok: true, replicas: 2, utilization: 33, rawAverageMillicores: 333 });
  });

  it.each<[string, HpaPod[], string]>([
    ['no pods', [], 'no pods returned by selector while calculating replica count'],
    ['no metric for any ready pod', [pod('a', undefined), pod('b', 500, { ready: false })], 'did not receive metrics for any ready pods'],
  ])('%s is an error', (_name, pods, error) => {
    expect(resourceReplicas(1, 50, pods)).toEqual({ ok: false, error });
  });
});

const SPEC: HpaSpec = { minReplicas: 1, maxReplicas: 10, targetUtilization: 50 };
const busy = (n: number, millicores = 1000): HpaPod[] => Array.from({ length: n }, (_, i) => pod(`p${i}`, millicores));

describe('syncHpa (reconcileAutoscaler, legacy normalization)', () => {
  it.each<[string, Partial<HpaSpec>, number, HpaPod[], number]>([
    ['below min-scale: min, without a metric', { minReplicas: 3 }, 1, [], 3],
    ['above max-scale: max, without a metric', { maxReplicas: 2 }, 4, [], 2],
    ['a scale-up is capped by max-scale', { maxReplicas: 3 }, 2, busy(2, 4000), 3],
    ['a scale-up is limited to max(2 × current, 4) per sync', {}, 1, busy(1, 10_000), 4],
    ['and to 2 × current above 2 replicas', { maxReplicas: 100 }, 5, busy(5, 10_000), 10],
  ])('%s', (_name, overrides, current, pods, want) => {
    const result = syncHpa(newHpaState(), { ...SPEC, ...overrides }, { currentReplicas: current, pods, nowMs: 0 });
    expect(result.desiredReplicas).toBe(want);
  });

  it('a scale-down never goes below min-scale', () => {
    const state = newHpaState();
    const spec = { ...SPEC, minReplicas: 2 };
    // The first sync records the current count as its recommendation, so it cannot scale down.
    expect(syncHpa(state, spec, { currentReplicas: 4, pods: busy(4, 0), nowMs: 0, downscaleStabilizationMs: 500 }).desiredReplicas).toBe(4);
    expect(syncHpa(state, spec, { currentReplicas: 4, pods: busy(4, 0), nowMs: 1000, downscaleStabilizationMs: 500 }).desiredReplicas).toBe(2);
  });

  it('leaves a target at zero alone (ScalingDisabled)', () => {
    expect(syncHpa(newHpaState(), SPEC, { currentReplicas: 0, pods: [], nowMs: 0 })).toEqual({ desiredReplicas: 0, disabled: true });
  });

  it('keeps the current count on a metrics error', () => {
    const result = syncHpa(newHpaState(), SPEC, { currentReplicas: 2, pods: [pod('a', undefined), pod('b', undefined)], nowMs: 0 });
    expect(result).toEqual({ desiredReplicas: 2, error: 'did not receive metrics for any ready pods' });
  });

  it('reports the metric proposal before the limits', () => {
    const result = syncHpa(newHpaState(), SPEC, { currentReplicas: 1, pods: busy(1, 10_000), nowMs: 0 });
    expect(result).toMatchObject({ desiredReplicas: 4, metricReplicas: 20, utilization: 1000, rawAverageMillicores: 10_000 });
  });

  it('scales down only once the highest recommendation leaves the 300 s stabilization window', () => {
    const state = newHpaState();
    const window = 300_000;
    const sync = (current: number, pods: HpaPod[], nowMs: number) =>
      syncHpa(state, SPEC, { currentReplicas: current, pods, nowMs, downscaleStabilizationMs: window }).desiredReplicas;
    // Load: one busy core at 50% → 2; two cores each → 8, limited to 2 × 2 = 4; then 8.
    expect(sync(1, busy(1), 0)).toBe(2);
    expect(sync(2, busy(2, 2000), 15_000)).toBe(4);
    expect(sync(4, busy(4, 1000), 30_000)).toBe(8);
    // Load stops: every sync now recommends 1, but 8 was recommended within the window.
    let current = 8;
    for (let t = 45_000; t <= 330_000; t += 15_000) {
      current = sync(current, busy(current, 0), t);
      expect(current).toBe(8);
    }
    // 345 s: the 8 from 30 s is older than 300 s; only 1s remain.
    expect(sync(current, busy(current, 0), 345_000)).toBe(1);
  });

  it('takes the stabilization window from the setting', () => {
    const state = newHpaState();
    const sync = (current: number, millicores: number, nowMs: number) =>
      syncHpa(state, SPEC, { currentReplicas: current, pods: busy(current, millicores), nowMs, downscaleStabilizationMs: 5_000 }).desiredReplicas;
    expect(sync(1, 1000, 0)).toBe(2);
    expect(sync(2, 0, 2_000)).toBe(2);
    expect(sync(2, 0, 4_000)).toBe(2);
    expect(sync(2, 0, 6_000)).toBe(1);
  });
});

describe('syncHpa with a behavior (the window annotation)', () => {
  const spec: HpaSpec = { ...SPEC, maxReplicas: 100, behavior: windowBehavior(6_000) };

  it('scale-up: the lowest recommendation within the up window, then at most max(+4 pods, +100%) per 15 s', () => {
    const state = newHpaState();
    // t=0: the initial recommendation (1) is within the 6 s up window: no scale-up yet.
    expect(syncHpa(state, spec, { currentReplicas: 1, pods: busy(1, 10_000), nowMs: 0 }).desiredReplicas).toBe(1);
    // t=7 s: only the 20 from t=0 is within the window → 20, limited to max(1 + 4, 2 × 1) = 5.
    expect(syncHpa(state, spec, { currentReplicas: 1, pods: busy(1, 10_000), nowMs: 7_000 }).desiredReplicas).toBe(5);
    // t=14 s: still the same 15 s period, which started at 1 replica: no more than 5.
    expect(syncHpa(state, spec, { currentReplicas: 5, pods: busy(5, 10_000), nowMs: 14_000 }).desiredReplicas).toBe(5);
    // t=23 s: the t=7 s event is out of the period: from 5, max(5 + 4, 10) = 10.
    expect(syncHpa(state, spec, { currentReplicas: 5, pods: busy(5, 10_000), nowMs: 23_000 }).desiredReplicas).toBe(10);
  });

  it('scale-down: the highest recommendation within the down window', () => {
    const state = newHpaState();
    const sync = (current: number, millicores: number, nowMs: number) =>
      syncHpa(state, spec, { currentReplicas: current, pods: busy(current, millicores), nowMs }).desiredReplicas;
    expect(sync(4, 500, 0)).toBe(4);
    expect(sync(4, 0, 3_000)).toBe(4);
    expect(sync(4, 0, 7_000)).toBe(1);
  });
});
