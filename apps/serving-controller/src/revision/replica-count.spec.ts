import { DEFAULT_SCALE_CONFIG, parseScaleConfig, type ScaleConfig } from '../autoscaling/scale-config';
import type { Revision } from '../serving-objects';
import { revision } from '../testing/fixtures.spec-helper';
import { initialScale } from './initial-scale';
import { DECISION_FRESH_FOR_MS, replicaCount, type ReplicaCountInput } from './replica-count';

const NOW_MS = Date.parse('2026-01-01T00:00:00Z');

describe('replicaCount', () => {
  const rows: Array<[string, ReplicaCountInput, number]> = [
    [
      'a fresh decision wins over what runs',
      { decision: { desiredScale: 3, receivedAtMs: NOW_MS - 1_000 }, nowMs: NOW_MS, current: 1, initial: 1 },
      3,
    ],
    [
      'a fresh decision of zero scales to zero',
      { decision: { desiredScale: 0, receivedAtMs: NOW_MS }, nowMs: NOW_MS, current: 2, initial: 1 },
      0,
    ],
    [
      'a fresh decision brings a Revision back from zero',
      { decision: { desiredScale: 1, receivedAtMs: NOW_MS }, nowMs: NOW_MS, current: 0, initial: 1 },
      1,
    ],
    [
      'a fresh decision applies to a brand-new Revision',
      { decision: { desiredScale: 2, receivedAtMs: NOW_MS }, nowMs: NOW_MS, initial: 1 },
      2,
    ],
    [
      'a stale decision keeps what runs',
      {
        decision: { desiredScale: 0, receivedAtMs: NOW_MS - DECISION_FRESH_FOR_MS },
        nowMs: NOW_MS,
        current: 2,
        initial: 1,
      },
      2,
    ],
    [
      'a stale decision keeps a Revision at zero at zero',
      { decision: { desiredScale: 4, receivedAtMs: NOW_MS - 60_000 }, nowMs: NOW_MS, current: 0, initial: 1 },
      0,
    ],
    ['no decision keeps what runs (autoscaler down)', { nowMs: NOW_MS, current: 3, initial: 1 }, 3],
    ['no decision and nothing applied yet: the initial scale', { nowMs: NOW_MS, initial: 2 }, 2],
    [
      'a stale decision and nothing applied yet: the initial scale',
      { decision: { desiredScale: 0, receivedAtMs: 0 }, nowMs: NOW_MS, initial: 1 },
      1,
    ],
  ];
  it.each(rows)('%s', (_name, input, want) => {
    expect(replicaCount(input)).toBe(want);
  });
});

describe('initialScale', () => {
  const allowZero: ScaleConfig = { ...DEFAULT_SCALE_CONFIG, allowZeroInitialScale: true };
  const rows: Array<[string, Record<string, string>, ScaleConfig, number]> = [
    ['defaults: one replica', {}, DEFAULT_SCALE_CONFIG, 1],
    ['initial-scale annotation', { 'autoscaling.knative.dev/initial-scale': '3' }, DEFAULT_SCALE_CONFIG, 3],
    ['legacy initialScale annotation', { 'autoscaling.knative.dev/initialScale': '2' }, DEFAULT_SCALE_CONFIG, 2],
    [
      'min-scale above initial-scale',
      { 'autoscaling.knative.dev/min-scale': '4', 'autoscaling.knative.dev/initial-scale': '2' },
      DEFAULT_SCALE_CONFIG,
      4,
    ],
    [
      'initial-scale 0 without allow-zero-initial-scale: config initial-scale',
      { 'autoscaling.knative.dev/initial-scale': '0' },
      DEFAULT_SCALE_CONFIG,
      1,
    ],
    ['initial-scale 0 with allow-zero-initial-scale', { 'autoscaling.knative.dev/initial-scale': '0' }, allowZero, 0],
    [
      'initial-scale 0 with allow-zero-initial-scale but min-scale 2',
      { 'autoscaling.knative.dev/initial-scale': '0', 'autoscaling.knative.dev/min-scale': '2' },
      allowZero,
      2,
    ],
    ['config initial-scale', {}, { ...DEFAULT_SCALE_CONFIG, initialScale: 2 }, 2],
    ['config min-scale', {}, { ...DEFAULT_SCALE_CONFIG, minScale: 3 }, 3],
  ];
  it.each(rows)('%s', (_name, annotations, config, want) => {
    expect(initialScale(revision('r-00001', 'r', 1, { annotations }) as Revision, config)).toBe(want);
  });

  it("reads config-autoscaler with the autoscaler's parser; a ConfigMap that does not validate counts as the defaults", () => {
    const cm = (data: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'config-autoscaler', namespace: 'knative-serving' },
      data,
    });
    expect(
      parseScaleConfig(
        cm({ 'initial-scale': '3', 'min-scale': '2', 'pod-autoscaler-class': 'hpa.autoscaling.knative.dev' }),
      ),
    ).toMatchObject({
      podAutoscalerClass: 'hpa.autoscaling.knative.dev',
      initialScale: 3,
      allowZeroInitialScale: false,
      minScale: 2,
    });
    // Upstream's config.go refuses the whole map for a bad value or initial-scale 0 without allow-zero.
    const bads: Array<Record<string, string>> = [
      { 'min-scale': 'x', 'pod-autoscaler-class': 'hpa.autoscaling.knative.dev' },
      { 'initial-scale': '0' },
    ];
    for (const bad of bads) {
      expect(parseScaleConfig(cm(bad))).toMatchObject({
        podAutoscalerClass: 'kpa.autoscaling.knative.dev',
        initialScale: 1,
        allowZeroInitialScale: false,
        minScale: 0,
      });
    }
    expect(parseScaleConfig(cm({ 'initial-scale': '0', 'allow-zero-initial-scale': 'true' }))).toMatchObject({
      initialScale: 0,
      allowZeroInitialScale: true,
    });
  });
});
