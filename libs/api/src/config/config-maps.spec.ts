// Typed config-defaults / config-features with upstream defaults; bad values name the key.
import { ConfigMapError } from './config-map-error';
import { DEFAULT_SERVING_DEFAULTS, parseConfigDefaults } from './config-defaults';
import { parseConfigFeatures } from './config-features';

describe('config-defaults', () => {
  it('has the upstream defaults', () => {
    expect(parseConfigDefaults()).toEqual(DEFAULT_SERVING_DEFAULTS);
    expect(DEFAULT_SERVING_DEFAULTS).toMatchObject({
      revisionTimeoutSeconds: 300,
      maxRevisionTimeoutSeconds: 600,
      containerConcurrency: 0,
      containerConcurrencyMaxLimit: 1000,
    });
  });

  it('reads values', () => {
    expect(
      parseConfigDefaults({
        'revision-timeout-seconds': '60',
        'container-concurrency': '5',
        'revision-cpu-request': '100m',
      }),
    ).toMatchObject({
      revisionTimeoutSeconds: 60,
      containerConcurrency: 5,
      revisionCpuRequest: '100m',
    });
  });

  it.each([
    [
      { 'revision-timeout-seconds': 'five' },
      'config-defaults: revision-timeout-seconds: failed to parse "five" as an integer',
    ],
    [
      { 'revision-timeout-seconds': '900' },
      'config-defaults: revision-timeout-seconds: revision-timeout-seconds (900) cannot be greater than max-revision-timeout-seconds (600)',
    ],
    [{ 'container-concurrency': '2000' }, 'config-defaults: container-concurrency: expected 0 <= 2000 <= 1000'],
    [
      { 'enable-service-links': 'yes' },
      'config-defaults: enable-service-links: failed to parse "yes" as a boolean, want "true" or "false"',
    ],
    [{ 'revision-cpu-request': 'lots' }, 'config-defaults: revision-cpu-request: failed to parse quantity "lots"'],
  ])('%j is refused', (data, message) => {
    expect(() => parseConfigDefaults(data)).toThrow(
      new ConfigMapError('x', 'y', 'z').constructor as typeof ConfigMapError,
    );
    expect(() => parseConfigDefaults(data)).toThrow(message);
  });
});

describe('config-features', () => {
  it('has upstream defaults and is case-insensitive', () => {
    const features = parseConfigFeatures({ 'kubernetes.podspec-affinity': 'enabled' });
    expect(features.multiContainer).toBe('Enabled');
    expect(features.podSpecAffinity).toBe('Enabled');
    expect(features.tagHeaderBasedRouting).toBe('Disabled');
  });

  it('names the key of a bad value', () => {
    expect(() => parseConfigFeatures({ 'multi-container': 'maybe' })).toThrow(
      'config-features: multi-container: invalid value "maybe", want one of "Enabled", "Disabled", "Allowed"',
    );
  });
});
