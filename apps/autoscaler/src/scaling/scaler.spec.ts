// Scaler rules (kpa/scaler.go, kpa.go computeActiveCondition) as step tables on a fake clock.
import type { ScalerSpec } from '../config/decider-spec';
import { ACTIVATION_TIMEOUT_MS, applyScalerRules, effectiveMaxScale, newScalerState, type ActiveState } from './scaler';

const T0 = Date.UTC(2024, 0, 1);

function spec(over: Partial<ScalerSpec> = {}): ScalerSpec {
  return {
    minScale: 0,
    maxScale: 0,
    maxScaleLimit: 0,
    initialScale: 1,
    enableScaleToZero: true,
    stableWindowMs: 60_000,
    scaleToZeroGracePeriodMs: 30_000,
    scaleToZeroPodRetentionPeriodMs: 0,
    reachable: true,
    ...over,
  };
}

interface Step {
  /** Seconds from T0. */
  at: number;
  desired: number | undefined;
  ready: number;
  want: number;
  active?: ActiveState;
  spec?: Partial<ScalerSpec>;
}

interface Case {
  name: string;
  spec: ScalerSpec;
  initialized?: boolean;
  steps: Step[];
}

const cases: Case[] = [
  {
    name: 'a new revision runs initial-scale until metrics arrive, then follows the decider',
    spec: spec({ initialScale: 1 }),
    steps: [
      { at: 0, desired: undefined, ready: 0, want: 1, active: 'activating' },
      { at: 2, desired: 3, ready: 1, want: 3, active: 'active' },
    ],
  },
  {
    name: 'initial-scale above 1 is a minimum until that many pods were ready once',
    spec: spec({ initialScale: 3 }),
    steps: [
      { at: 0, desired: 1, ready: 0, want: 3, active: 'activating' },
      { at: 2, desired: 1, ready: 2, want: 3, active: 'activating' },
      { at: 4, desired: 1, ready: 3, want: 3, active: 'active' },
      // Initialized: initial-scale no longer matters.
      { at: 6, desired: 1, ready: 3, want: 1 },
    ],
  },
  {
    name: 'initial-scale is skipped for an unreachable revision',
    spec: spec({ initialScale: 3, reachable: false }),
    steps: [{ at: 0, desired: 1, ready: 0, want: 1 }],
  },
  {
    name: 'min-scale holds a routed revision; an unreachable one gets min 0',
    spec: spec({ minScale: 2 }),
    initialized: true,
    steps: [
      { at: 0, desired: 0, ready: 2, want: 2, active: 'active' },
      { at: 2, desired: 5, ready: 2, want: 5 },
      // makeScalerSpec gives min 0 once the revision is unreachable.
      { at: 4, desired: 0, ready: 2, want: 1, spec: { minScale: 0, reachable: false }, active: 'active' },
    ],
  },
  {
    name: 'max-scale caps the decider',
    spec: spec({ maxScale: 4 }),
    steps: [{ at: 0, desired: 9, ready: 1, want: 4 }],
  },
  {
    name: 'max-scale-limit caps max-scale, and an unbounded max-scale becomes the limit',
    spec: spec({ maxScale: 0, maxScaleLimit: 6 }),
    steps: [{ at: 0, desired: 50, ready: 1, want: 6 }],
  },
  {
    name: 'enable-scale-to-zero false pins an idle revision at 1',
    spec: spec({ enableScaleToZero: false }),
    initialized: true,
    steps: [
      { at: 0, desired: 2, ready: 2, want: 2, active: 'active' },
      { at: 100, desired: 0, ready: 2, want: 1 },
      { at: 1000, desired: 0, ready: 1, want: 1, active: 'active' },
    ],
  },
  {
    name: 'active for less than the stable window: stays at 1 until the window has passed',
    spec: spec(),
    steps: [
      { at: 0, desired: 1, ready: 1, want: 1, active: 'active' },
      { at: 20, desired: 0, ready: 1, want: 1, active: 'active' },
      { at: 58, desired: 0, ready: 1, want: 1, active: 'active' },
      // A stable window after turning active: inactive, replicas untouched for the grace period.
      { at: 60, desired: 0, ready: 1, want: 1, active: 'inactive' },
      { at: 88, desired: 0, ready: 1, want: 1, active: 'inactive' },
      { at: 90, desired: 0, ready: 1, want: 0, active: 'inactive' },
    ],
  },
  {
    name: 'a long-active revision turns inactive at the first zero and reaches 0 after the grace period',
    spec: spec(),
    steps: [
      { at: 0, desired: 3, ready: 3, want: 3, active: 'active' },
      { at: 500, desired: 0, ready: 3, want: 3, active: 'inactive' },
      { at: 528, desired: 0, ready: 3, want: 3 },
      { at: 530, desired: 0, ready: 3, want: 0, active: 'inactive' },
    ],
  },
  {
    name: 'scale-to-zero-pod-retention-period longer than the grace period delays zero further',
    spec: spec({ scaleToZeroPodRetentionPeriodMs: 120_000 }),
    steps: [
      { at: 0, desired: 1, ready: 1, want: 1 },
      { at: 100, desired: 0, ready: 1, want: 1, active: 'inactive' },
      { at: 130, desired: 0, ready: 1, want: 1 },
      { at: 219, desired: 0, ready: 1, want: 1 },
      { at: 220, desired: 0, ready: 1, want: 0 },
    ],
  },
  {
    name: 'load within the grace period brings the revision back to active',
    spec: spec(),
    steps: [
      { at: 0, desired: 1, ready: 1, want: 1 },
      { at: 100, desired: 0, ready: 1, want: 1, active: 'inactive' },
      { at: 110, desired: 2, ready: 1, want: 2, active: 'active' },
      // Active again only 10 s: a zero now means 1 until a stable window has passed.
      { at: 120, desired: 0, ready: 1, want: 1, active: 'active' },
    ],
  },
  {
    name: 'from zero: a wanted pod activates the revision, then it becomes active when ready',
    spec: spec(),
    initialized: true,
    steps: [
      { at: 0, desired: 0, ready: 0, want: 0, active: 'inactive' },
      { at: 40, desired: 0, ready: 0, want: 0 },
      { at: 42, desired: 1, ready: 0, want: 1, active: 'activating' },
      { at: 44, desired: 1, ready: 1, want: 1, active: 'active' },
    ],
  },
  {
    name: 'an activation that never gets a ready pod is given up after the activation timeout',
    spec: spec(),
    initialized: true,
    steps: [
      { at: 0, desired: 1, ready: 0, want: 1, active: 'activating' },
      { at: 100, desired: 0, ready: 0, want: 1, active: 'activating' },
      { at: ACTIVATION_TIMEOUT_MS / 1000, desired: 0, ready: 0, want: 0, active: 'inactive' },
    ],
  },
  {
    name: 'no metrics keeps what was applied last',
    spec: spec(),
    steps: [
      { at: 0, desired: 4, ready: 4, want: 4, active: 'active' },
      { at: 2, desired: undefined, ready: 4, want: 4, active: 'active' },
    ],
  },
  {
    name: 'after an autoscaler restart a Ready revision at zero stays at zero without metrics',
    spec: spec(),
    initialized: true,
    steps: [{ at: 0, desired: undefined, ready: 0, want: 0, active: 'inactive' }],
  },
  {
    name: 'allow-zero initial scale: a new revision with initial-scale 0 starts inactive at 0',
    spec: spec({ initialScale: 0 }),
    steps: [
      { at: 0, desired: undefined, ready: 0, want: 0, active: 'inactive' },
      { at: 2, desired: 0, ready: 0, want: 0, active: 'inactive' },
    ],
  },
];

describe('scaler rules (kpa/scaler.go)', () => {
  it.each(cases)('$name', (c) => {
    const state = newScalerState(T0, c.initialized ?? false);
    let current = c.spec;
    for (const step of c.steps) {
      if (step.spec) current = { ...current, ...step.spec };
      const out = applyScalerRules(state, current, {
        desired: step.desired,
        readyPods: step.ready,
        nowMs: T0 + step.at * 1000,
      });
      expect({ at: step.at, replicas: out.replicas }).toEqual({ at: step.at, replicas: step.want });
      if (step.active) expect({ at: step.at, active: state.active }).toEqual({ at: step.at, active: step.active });
    }
  });

  it.each([
    [0, 0, 0],
    [5, 0, 5],
    [0, 10, 10],
    [20, 10, 10],
    [5, 10, 5],
  ])('effective max with max-scale %d and max-scale-limit %d is %d', (maxScale, maxScaleLimit, want) => {
    expect(effectiveMaxScale(spec({ maxScale, maxScaleLimit }))).toBe(want);
  });
});
