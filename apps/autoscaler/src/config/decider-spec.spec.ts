// config-autoscaler parsing (knative/serving pkg/autoscaler/config/config_test.go style) and
// target resolution (resources/target_test.go style).
import { DEFAULT_AUTOSCALER_SETTINGS } from '@knts/api';
import { readAutoscalingAnnotations } from './autoscaling-annotations';
import { makeDeciderSpec, resolveMetricTarget } from './decider-spec';

describe('resolveMetricTarget (reference §2.3)', () => {
  const settings = DEFAULT_AUTOSCALER_SETTINGS;
  const input = (annotations: Record<string, string>, containerConcurrency = 0) => ({
    annotations: readAutoscalingAnnotations(annotations, settings).values,
    containerConcurrency,
    reachable: true,
  });
  it.each([
    ['defaults: 100 × 0.7', {}, 0, 70, 100],
    ['containerConcurrency 10', {}, 10, 7, 10],
    ['rps: 200 × 0.7', { 'autoscaling.knative.dev/metric': 'rps' }, 0, 140, 200],
    ['annotation target 10', { 'autoscaling.knative.dev/target': '10' }, 0, 7, 10],
    ['annotation target capped by containerConcurrency', { 'autoscaling.knative.dev/target': '50' }, 20, 14, 20],
    ['utilization annotation', { 'autoscaling.knative.dev/target-utilization-percentage': '50' }, 0, 50, 100],
    [
      'floor 0.01',
      { 'autoscaling.knative.dev/target': '0.01', 'autoscaling.knative.dev/target-utilization-percentage': '1' },
      0,
      0.01,
      0.01,
    ],
  ])('%s', (_name, annotations, cc, target, total) => {
    const got = resolveMetricTarget(input(annotations, cc), settings);
    expect(got.target).toBeCloseTo(target, 9);
    expect(got.total).toBe(total);
  });

  it('panic window is 10 % of the stable window, rounded to a second, and panic threshold a ratio', () => {
    const spec = makeDeciderSpec(input({ 'autoscaling.knative.dev/window': '25s' }), settings);
    expect(spec.stableWindowMs).toBe(25_000);
    expect(spec.panicWindowMs).toBe(3_000);
    expect(spec.panicThreshold).toBe(2);
  });

  it('rejects invalid annotations with the key in the message and falls back to config', () => {
    const { values, errors } = readAutoscalingAnnotations(
      {
        'autoscaling.knative.dev/window': '3s',
        'autoscaling.knative.dev/minScale': '5',
        'autoscaling.knative.dev/max-scale': '2',
      },
      settings,
    );
    expect(errors).toEqual([
      'expected 6s <= 3s <= 1h0m0s: autoscaling.knative.dev/window',
      'max-scale=2 is less than min-scale=5: autoscaling.knative.dev/max-scale, autoscaling.knative.dev/min-scale',
    ]);
    expect(values).toEqual({});
  });
});
