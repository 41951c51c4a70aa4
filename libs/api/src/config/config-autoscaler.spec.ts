// config-autoscaler parsing (knative/serving pkg/autoscaler/config/config_test.go style) and
// target resolution (resources/target_test.go style).
import { DEFAULT_AUTOSCALER_SETTINGS, parseConfigAutoscaler } from './config-autoscaler';

describe('parseConfigAutoscaler', () => {
  it('empty data gives upstream defaults (target-burst-capacity 211)', () => {
    expect(parseConfigAutoscaler({})).toEqual(DEFAULT_AUTOSCALER_SETTINGS);
    expect(DEFAULT_AUTOSCALER_SETTINGS.targetBurstCapacity).toBe(211);
  });

  it.each([
    ['container-concurrency-target-percentage', '50', { containerConcurrencyTargetFraction: 0.5 }],
    ['container-concurrency-target-percentage', '0.5', { containerConcurrencyTargetFraction: 0.5 }],
    ['stable-window', '2m', { stableWindowMs: 120_000 }],
    ['enable-scale-to-zero', 'false', { enableScaleToZero: false }],
    ['target-burst-capacity', '-1', { targetBurstCapacity: -1 }],
    ['scale-down-delay', '10s', { scaleDownDelayMs: 10_000 }],
  ])('%s: %s', (key, value, want) => {
    expect(parseConfigAutoscaler({ [key]: value })).toMatchObject(want);
  });

  it.each([
    [
      { 'scale-to-zero-grace-period': '0s' },
      'config-autoscaler: scale-to-zero-grace-period: scale-to-zero-grace-period must be positive, was: 0s',
    ],
    [
      { 'scale-down-delay': '-1s' },
      'config-autoscaler: scale-down-delay: scale-down-delay cannot be negative, was: -1s',
    ],
    [
      { 'scale-down-delay': '1500ms' },
      'config-autoscaler: scale-down-delay: scale-down-delay = 1.5s, must be specified with at most second precision',
    ],
    [
      { 'target-burst-capacity': '-2' },
      'config-autoscaler: target-burst-capacity: target-burst-capacity must be either non-negative or -1 (for unlimited), was: -2.000000',
    ],
    [
      { 'container-concurrency-target-percentage': '120' },
      'config-autoscaler: container-concurrency-target-percentage: container-concurrency-target-percentage = 1.200000 is outside of valid range of (0, 100]',
    ],
    [
      { 'activator-capacity': '0.5' },
      'config-autoscaler: activator-capacity: activator-capacity = 0.5, must be at least 1',
    ],
    [
      { 'max-scale-up-rate': '1' },
      'config-autoscaler: max-scale-up-rate: max-scale-up-rate = 1, must be greater than 1.0',
    ],
    [
      { 'max-scale-down-rate': '0.5' },
      'config-autoscaler: max-scale-down-rate: max-scale-down-rate = 0.5, must be greater than 1.0',
    ],
    [{ 'stable-window': '5s' }, 'config-autoscaler: stable-window: stable-window = 5s, must be in [6s; 1h0m0s] range'],
    [
      { 'panic-window-percentage': '101' },
      'config-autoscaler: panic-window-percentage: panic-window-percentage = 101, must be in [1, 100] interval',
    ],
    [
      { 'initial-scale': '0' },
      'config-autoscaler: initial-scale: initial-scale = 0, must be at least 0 (or at least 1 when allow-zero-initial-scale is false)',
    ],
    [
      { 'max-scale-limit': '10', 'max-scale': '11' },
      'config-autoscaler: max-scale: max-scale = 11, must be in [1, max-scale-limit(10)] range',
    ],
    [{ 'stable-window': 'soon' }, 'config-autoscaler: stable-window: time: invalid duration "soon"'],
  ])('rejects %j', (data, message) => {
    expect(() => parseConfigAutoscaler(data)).toThrow(message);
  });
});
