// Table-driven restatement of knative/serving pkg/autoscaler/scaling/autoscaler_test.go:
// case names follow upstream's test functions and table labels.
import { DEFAULT_AUTOSCALER_SETTINGS } from '@knts/api';
import { makeDeciderSpec, type DeciderSpec } from '../config/decider-spec';
import {
  newDeciderState,
  scale,
  updateDeciderSpec,
  type DeciderState,
  type ObservedMetrics,
  type ScaleResult,
} from './decider';

const STABLE_WINDOW_MS = 60_000;
/** Upstream's tests presume 75 % utilization: TotalValue = TargetValue / 0.75. */
const TARGET_UTILIZATION = 0.75;
const NOW = Date.UTC(2024, 0, 1);

class FakeMetrics implements ObservedMetrics {
  stableConcurrency = 0;
  panicConcurrency = 0;
  stableRps = 0;
  panicRps = 0;
  noData = false;

  set(stable: number, panic: number): void {
    this.stableConcurrency = stable;
    this.panicConcurrency = panic;
  }

  stableAndPanic(_now: number, metric: DeciderSpec['scalingMetric']): { stable: number; panic: number } | undefined {
    if (this.noData) return undefined;
    return metric === 'rps'
      ? { stable: this.stableRps, panic: this.panicRps }
      : { stable: this.stableConcurrency, panic: this.panicConcurrency };
  }
}

function testSpec(targetValue: number, targetBurstCapacity: number, overrides: Partial<DeciderSpec> = {}): DeciderSpec {
  return {
    scalingMetric: 'concurrency',
    targetValue,
    totalValue: targetValue / TARGET_UTILIZATION,
    targetBurstCapacity,
    panicThreshold: 2,
    maxScaleUpRate: 10,
    maxScaleDownRate: 10,
    activatorCapacity: 150,
    stableWindowMs: STABLE_WINDOW_MS,
    panicWindowMs: 6_000,
    scaleDownDelayMs: 0,
    aggregation: 'linear',
    reachable: true,
    activationScale: 0,
    ...overrides,
  };
}

/** newTestAutoscaler: one ready pod at creation, so not in panic. */
function newTestDecider(
  targetValue: number,
  tbc: number,
  metrics: FakeMetrics,
  overrides: Partial<DeciderSpec> = {},
): DeciderState {
  return newDeciderState(testSpec(targetValue, tbc, overrides), metrics, 1, NOW);
}

/** expectedEBC: floor(totCap/0.75 × pods − TBC − observed). */
function expectedEBC(totCap: number, targetBC: number, recorded: number, numPods: number): number {
  return Math.floor((totCap / TARGET_UTILIZATION) * numPods - targetBC - recorded);
}

/** Like upstream's expectScale: EBC may differ by one for float rounding. */
function expectScale(result: ScaleResult, want: { desired: number; ebc: number }): void {
  expect(result.valid).toBe(true);
  if (!result.valid) return;
  expect(result.desiredPodCount).toBe(want.desired);
  expect(Math.abs(result.excessBurstCapacity - want.ebc)).toBeLessThanOrEqual(1);
}

describe('decider (autoscaler.go Scale)', () => {
  describe('TestAutoscalerScale', () => {
    interface Row {
      label: string;
      target: number;
      tbc: number;
      stable: number;
      panic: number;
      baseScale: number;
      prep?: (s: DeciderState) => void;
      wantScale: number;
      wantEBC: number;
    }
    const rows: Row[] = [
      {
        label: 'AutoscalerNoDataAtZeroNoAutoscale',
        target: 10,
        tbc: 100,
        stable: 0,
        panic: 0,
        baseScale: 1,
        wantScale: 0,
        wantEBC: expectedEBC(10, 100, 0, 1),
      },
      {
        label: 'AutoscalerStableModeUnlimitedTBC',
        target: 181,
        tbc: -1,
        stable: 21,
        panic: 26,
        baseScale: 1,
        wantScale: 1,
        wantEBC: -1,
      },
      { label: 'Autoscaler0TBC', target: 10, tbc: 0, stable: 50, panic: 49, baseScale: 1, wantScale: 5, wantEBC: 0 },
      {
        label: 'AutoscalerStableModeNoChange',
        target: 10,
        tbc: 100,
        stable: 50,
        panic: 50,
        baseScale: 1,
        wantScale: 5,
        wantEBC: expectedEBC(10, 100, 50, 1),
      },
      {
        label: 'AutoscalerPanicStableLargerThanPanic',
        target: 1,
        tbc: 100,
        stable: 50,
        panic: 30,
        baseScale: 5,
        prep: (s) => {
          s.panicTime = NOW - 5_000;
          s.maxPanicPods = 5;
        },
        // The stable value wins when it is the larger.
        wantScale: 50,
        wantEBC: expectedEBC(1, 100, 30, 5),
      },
      {
        label: 'AutoscalerPanicStableLessThanPanic',
        target: 1,
        tbc: 100,
        stable: 20,
        panic: 30,
        baseScale: 5,
        prep: (s) => {
          s.panicTime = NOW - 5_000;
          s.maxPanicPods = 5;
        },
        wantScale: 30,
        wantEBC: expectedEBC(1, 100, 30, 5),
      },
      {
        label: 'AutoscalerStableModeNoChangeAlreadyScaled',
        target: 10,
        tbc: 100,
        stable: 50,
        panic: 50,
        baseScale: 5,
        wantScale: 5,
        wantEBC: expectedEBC(10, 100, 50, 5),
      },
      {
        label: 'AutoscalerStableModeIncreaseWithSmallScaleUpRate',
        target: 1,
        tbc: 1982,
        stable: 3,
        panic: 3.1,
        baseScale: 2,
        // ceil(1.1 × 2) = 3: a timid rate still allows one more pod.
        prep: (s) => void (s.spec.maxScaleUpRate = 1.1),
        wantScale: 3,
        wantEBC: expectedEBC(1, 1982, 3.1, 2),
      },
      {
        label: 'AutoscalerStableModeDecreaseWithSmallScaleDownRate',
        target: 10,
        tbc: 1982,
        stable: 1,
        panic: 1,
        baseScale: 100,
        prep: (s) => void (s.spec.maxScaleDownRate = 1.1),
        wantScale: 90,
        wantEBC: expectedEBC(10, 1982, 1, 100),
      },
      {
        label: 'AutoscalerStableModeDecreaseNonReachable',
        target: 10,
        tbc: 1982,
        stable: 1,
        panic: 1,
        baseScale: 100,
        prep: (s) => {
          s.spec.maxScaleDownRate = 1.1;
          s.spec.reachable = false;
        },
        wantScale: 1,
        wantEBC: expectedEBC(10, 1982, 1, 100),
      },
      // The panic concurrency takes precedence.
      {
        label: 'AutoscalerPanicModeDoublePodCount',
        target: 10,
        tbc: 84,
        stable: 50,
        panic: 100,
        baseScale: 1,
        wantScale: 10,
        wantEBC: expectedEBC(10, 84, 100, 1),
      },
    ];
    it.each(rows)('$label', (row) => {
      const metrics = new FakeMetrics();
      metrics.set(row.stable, row.panic);
      const s = newTestDecider(row.target, row.tbc, metrics);
      row.prep?.(s);
      expectScale(scale(s, NOW, row.baseScale), { desired: row.wantScale, ebc: row.wantEBC });
    });
  });

  describe('sequences', () => {
    interface Step {
      /** Offset from the start, ms. */
      at: number;
      ready: number;
      stable?: number;
      panic?: number;
      spec?: Partial<DeciderSpec>;
      want: { desired: number; ebc?: number; panicking?: boolean } | 'invalid';
    }
    interface Case {
      name: string;
      spec: DeciderSpec;
      metric?: 'rps';
      readyAtStart?: number;
      steps: Step[];
    }
    const d = (over: Partial<DeciderSpec>): DeciderSpec => ({
      ...testSpec(10, 0),
      panicThreshold: 100,
      stableWindowMs: 0,
      ...over,
    });
    const cases: Case[] = [
      {
        name: 'TestAutoscalerScaleDownDelay simple+gradual',
        spec: d({ scaleDownDelayMs: 300_000 }),
        readyAtStart: 0,
        steps: [
          { at: 2_000, ready: 0, stable: 40, panic: 40, want: { desired: 4 } },
          // Five minutes at no load: still inside the delay.
          { at: 300_000, ready: 0, stable: 0, panic: 0, want: { desired: 4 } },
          { at: 302_000, ready: 0, want: { desired: 0 } },
          { at: 540_000, ready: 0, stable: 40, panic: 40, want: { desired: 4 } },
          { at: 600_000, ready: 0, stable: 30, panic: 30, want: { desired: 4 } },
          { at: 660_000, ready: 0, stable: 0, panic: 0, want: { desired: 4 } },
          // 4 scrolls out, 3 is still inside; then everything has scrolled out.
          { at: 840_000, ready: 0, want: { desired: 3 } },
          { at: 900_000, ready: 0, want: { desired: 0 } },
        ],
      },
      {
        name: 'TestAutoscalerScaleDownDelayNotReachable',
        spec: d({ scaleDownDelayMs: 300_000 }),
        readyAtStart: 0,
        steps: [
          { at: 2_000, ready: 0, stable: 40, panic: 40, want: { desired: 4 } },
          { at: 60_000, ready: 0, stable: 0, panic: 0, want: { desired: 4 } },
          // Another revision took the traffic: no delay, no rate limit.
          { at: 2_000, ready: 0, spec: { reachable: false }, want: { desired: 0 } },
        ],
      },
      {
        name: 'TestAutoscalerScaleDownDelayZero',
        spec: d({ scaleDownDelayMs: 0 }),
        readyAtStart: 0,
        steps: [
          { at: 0, ready: 0, stable: 40, panic: 40, want: { desired: 4 } },
          { at: 500, ready: 0, stable: 20, panic: 20, want: { desired: 2 } },
        ],
      },
      {
        name: 'TestAutoscalerStableModeIncreaseWithConcurrencyDefault',
        spec: testSpec(10, 101),
        steps: [
          { at: 0, ready: 1, stable: 50, panic: 10, want: { desired: 5, ebc: expectedEBC(10, 101, 10, 1) } },
          { at: 0, ready: 1, stable: 100, panic: 10, want: { desired: 10, ebc: expectedEBC(10, 101, 10, 1) } },
        ],
      },
      {
        name: 'TestAutoscalerStableModeIncreaseWithRPS',
        spec: testSpec(10, 101, { scalingMetric: 'rps' }),
        metric: 'rps',
        steps: [
          { at: 0, ready: 1, stable: 50, panic: 50, want: { desired: 5, ebc: expectedEBC(10, 101, 50, 1) } },
          { at: 0, ready: 1, stable: 100, panic: 99, want: { desired: 10, ebc: expectedEBC(10, 101, 99, 1) } },
        ],
      },
      {
        name: 'TestAutoscalerMetricsWithRPS',
        spec: testSpec(10, 100, { scalingMetric: 'rps' }),
        metric: 'rps',
        steps: [
          {
            at: 61_000,
            ready: 1,
            stable: 100,
            panic: 99,
            want: { desired: 10, ebc: expectedEBC(10, 100, 99, 1), panicking: true },
          },
        ],
      },
      {
        name: 'TestAutoscalerUnpanicAfterSlowIncrease',
        spec: testSpec(1, 98),
        steps: [
          {
            at: 0,
            ready: 10,
            stable: 11,
            panic: 25,
            want: { desired: 25, ebc: expectedEBC(1, 98, 25, 10), panicking: true },
          },
          // Half a stable window later, +15 pods: still panicking, panic time unchanged.
          {
            at: 30_000,
            ready: 40,
            stable: 30,
            panic: 41,
            want: { desired: 41, ebc: expectedEBC(1, 98, 41, 40), panicking: true },
          },
          // A full window plus a tick: panic ends and the stable count applies.
          {
            at: 62_000,
            ready: 55,
            stable: 50,
            panic: 56,
            want: { desired: 50, ebc: expectedEBC(1, 98, 56, 55), panicking: false },
          },
        ],
      },
      {
        name: 'TestAutoscalerExtendPanicWindow',
        spec: testSpec(1, 98),
        steps: [
          {
            at: 0,
            ready: 10,
            stable: 11,
            panic: 25,
            want: { desired: 25, ebc: expectedEBC(1, 98, 25, 10), panicking: true },
          },
          {
            at: 30_000,
            ready: 40,
            stable: 30,
            panic: 80,
            want: { desired: 80, ebc: expectedEBC(1, 98, 80, 40), panicking: true },
          },
          // The surge at 30 s extended panic: 62 s is still inside it.
          { at: 62_000, ready: 80, stable: 30, panic: 30, want: { desired: 80, panicking: true } },
        ],
      },
      {
        name: 'TestAutoscalerStableModeDecrease',
        spec: testSpec(10, 98),
        steps: [
          { at: 0, ready: 8, stable: 100, panic: 100, want: { desired: 10, ebc: expectedEBC(10, 98, 100, 8) } },
          { at: 0, ready: 8, stable: 50, panic: 50, want: { desired: 5, ebc: expectedEBC(10, 98, 50, 8) } },
        ],
      },
      {
        name: 'TestAutoscalerStableModeNoTrafficScaleToZero',
        spec: testSpec(10, 75),
        steps: [
          { at: 0, ready: 1, stable: 1, panic: 0, want: { desired: 1, ebc: expectedEBC(10, 75, 0, 1) } },
          { at: 0, ready: 1, stable: 0, panic: 0, want: { desired: 0, ebc: expectedEBC(10, 75, 0, 1) } },
        ],
      },
      {
        name: 'TestAutoscalerActivationScale',
        spec: testSpec(10, 75, { activationScale: 2 }),
        steps: [
          { at: 0, ready: 1, stable: 0, panic: 0, want: { desired: 0, ebc: expectedEBC(10, 75, 0, 1) } },
          { at: 0, ready: 1, stable: 1, panic: 0, want: { desired: 2, ebc: expectedEBC(10, 75, 0, 1) } },
        ],
      },
      {
        name: 'TestAutoscalerPanicModeExponentialTrackAndStabilize',
        spec: testSpec(1, 101),
        steps: [
          { at: 0, ready: 1, stable: 6, panic: 6, want: { desired: 6, ebc: expectedEBC(1, 101, 6, 1) } },
          {
            at: 0,
            ready: 6,
            stable: 36,
            panic: 36,
            want: { desired: 36, ebc: expectedEBC(1, 101, 36, 6), panicking: true },
          },
          {
            at: 1_000,
            ready: 36,
            stable: 216,
            panic: 216,
            want: { desired: 216, ebc: expectedEBC(1, 101, 216, 36), panicking: true },
          },
          {
            at: 1_000,
            ready: 216,
            stable: 1296,
            panic: 1296,
            want: { desired: 1296, ebc: expectedEBC(1, 101, 1296, 216), panicking: true },
          },
          { at: 2_000, ready: 1296, want: { desired: 1296, ebc: expectedEBC(1, 101, 1296, 1296) } },
        ],
      },
      {
        name: 'TestAutoscalerPanicThenUnPanicScaleDown',
        spec: testSpec(10, 93),
        steps: [
          { at: 0, ready: 1, stable: 100, panic: 100, want: { desired: 10, ebc: expectedEBC(10, 93, 100, 1) } },
          {
            at: 0,
            ready: 10,
            stable: 100,
            panic: 1000,
            want: { desired: 100, ebc: expectedEBC(10, 93, 1000, 10), panicking: true },
          },
          // Traffic dropped, but panic mode never scales down.
          {
            at: 30_000,
            ready: 10,
            stable: 1,
            panic: 1,
            want: { desired: 100, ebc: expectedEBC(10, 93, 1, 10), panicking: true },
          },
          // Past the stable window: panic ends and the count drops.
          { at: 61_000, ready: 10, want: { desired: 1, ebc: expectedEBC(10, 93, 1, 10), panicking: false } },
        ],
      },
      {
        name: 'TestAutoscalerRateLimitScaleUp',
        spec: testSpec(10, 61),
        steps: [
          // 100 pods needed, but only ×10 at a time.
          { at: 0, ready: 1, stable: 1000, panic: 1001, want: { desired: 10, ebc: expectedEBC(10, 61, 1001, 1) } },
          { at: 0, ready: 10, want: { desired: 100, ebc: expectedEBC(10, 61, 1001, 10) } },
        ],
      },
      {
        name: 'TestAutoscalerRateLimitScaleDown',
        spec: testSpec(10, 61),
        steps: [
          // 1 pod needed, but only ÷10 at a time.
          { at: 0, ready: 100, stable: 1, panic: 1, want: { desired: 10, ebc: expectedEBC(10, 61, 1, 100) } },
          { at: 0, ready: 10, want: { desired: 1, ebc: expectedEBC(10, 61, 1, 10) } },
        ],
      },
      {
        name: 'TestAutoscalerUseOnePodAsMinimumIfEndpointsNotFound',
        spec: testSpec(10, 81),
        // Zero ready pods count as one for the rate limit; EBC uses the real zero.
        steps: [{ at: 0, ready: 0, stable: 1000, panic: 888, want: { desired: 10, ebc: expectedEBC(10, 81, 888, 0) } }],
      },
      {
        name: 'TestAutoscalerUpdateTarget',
        spec: testSpec(10, 77),
        steps: [
          { at: 0, ready: 1, stable: 100, panic: 101, want: { desired: 10, ebc: expectedEBC(10, 77, 101, 1) } },
          {
            at: 0,
            ready: 10,
            spec: {
              targetValue: 1,
              totalValue: 1 / TARGET_UTILIZATION,
              activatorCapacity: 21,
              targetBurstCapacity: 71,
            },
            want: { desired: 100, ebc: expectedEBC(1, 71, 101, 10) },
          },
        ],
      },
    ];
    it.each(cases)('$name', (c) => {
      const metrics = new FakeMetrics();
      const state = newDeciderState(c.spec, metrics, c.readyAtStart ?? 1, NOW);
      for (const step of c.steps) {
        if (step.stable !== undefined && step.panic !== undefined) {
          if (c.metric === 'rps') {
            metrics.stableRps = step.stable;
            metrics.panicRps = step.panic;
          } else metrics.set(step.stable, step.panic);
        }
        if (step.spec) updateDeciderSpec(state, { ...state.spec, ...step.spec });
        const got = scale(state, NOW + step.at, step.ready);
        if (step.want === 'invalid') {
          expect(got.valid).toBe(false);
          continue;
        }
        expectScale(got, {
          desired: step.want.desired,
          ebc: step.want.ebc ?? (got.valid ? got.excessBurstCapacity : 0),
        });
        if (step.want.panicking !== undefined && got.valid) expect(got.panicking).toBe(step.want.panicking);
      }
    });
  });

  it('TestAutoscalerNoDataNoAutoscale: no data is an invalid result, and changes nothing', () => {
    const metrics = new FakeMetrics();
    metrics.noData = true;
    const state = newTestDecider(10, 100, metrics);
    expect(scale(state, NOW, 1)).toEqual({ valid: false });
    expect(state.panicTime).toBeUndefined();
  });

  it('TestStartInPanicMode: 0 or 1 ready pods start stable, 2 start panicking holding 2', () => {
    const metrics = new FakeMetrics();
    for (const ready of [0, 1]) {
      const s = newDeciderState(testSpec(100, 11), metrics, ready, NOW);
      expect(s.panicTime).toBeUndefined();
      expect(s.maxPanicPods).toBe(ready);
    }
    const s = newDeciderState(testSpec(100, 11), metrics, 2, NOW);
    expect(s.panicTime).toBe(NOW);
    expect(s.maxPanicPods).toBe(2);
    // It holds the 2 pods while the history fills, even with no load.
    const got = scale(s, NOW + 2_000, 2);
    expect(got).toMatchObject({ valid: true, desiredPodCount: 2, panicking: true });
  });

  it('TestAutoscalerUnpanicAfterSlowIncrease keeps the panic start time while not over the threshold', () => {
    const metrics = new FakeMetrics();
    metrics.set(11, 25);
    const s = newTestDecider(1, 98, metrics);
    scale(s, NOW, 10);
    expect(s.panicTime).toBe(NOW);
    metrics.set(30, 41);
    scale(s, NOW + 30_000, 40);
    expect(s.panicTime).toBe(NOW);
  });

  describe('reference §2.7 worked example (defaults, containerConcurrency 0)', () => {
    const spec = makeDeciderSpec(
      { annotations: {}, containerConcurrency: 0, reachable: true },
      DEFAULT_AUTOSCALER_SETTINGS,
    );

    it('targets 70 concurrent per pod; a stable 350 wants 5 pods', () => {
      expect(spec.targetValue).toBeCloseTo(70, 9);
      const metrics = new FakeMetrics();
      metrics.set(350, 350);
      expect(scale(newDeciderState(spec, metrics, 1, NOW), NOW, 5)).toMatchObject({
        valid: true,
        desiredPodCount: 5,
        panicking: false,
      });
    });

    it('panics with 1 pod once the 6 s average needs 2 pods', () => {
      const metrics = new FakeMetrics();
      metrics.set(10, 71);
      expect(scale(newDeciderState(spec, metrics, 1, NOW), NOW, 1)).toMatchObject({
        valid: true,
        desiredPodCount: 2,
        panicking: true,
      });
    });

    it('with 2 ready pods the excess burst capacity is 200 − 211 − load, always negative', () => {
      const metrics = new FakeMetrics();
      metrics.set(0, 0);
      const got = scale(newDeciderState(spec, metrics, 1, NOW), NOW, 2);
      expect(got).toMatchObject({ valid: true, excessBurstCapacity: -11 });
    });
  });
});
