import { DEFAULT_AUTOSCALER_SETTINGS, type KubeObject } from '@knts/api';
import { readAutoscalingAnnotations } from './autoscaling-annotations';
import { cpuMillis, cpuRequestMillis, hpaMetricOf, makeHpaSpec, windowBehavior } from './hpa-spec';

const HPA = { 'autoscaling.knative.dev/class': 'hpa.autoscaling.knative.dev' };

function spec(annotations: Record<string, string>, opts: { reachable?: boolean; config?: Partial<typeof DEFAULT_AUTOSCALER_SETTINGS> } = {}) {
  const settings = { ...DEFAULT_AUTOSCALER_SETTINGS, ...opts.config };
  const { values } = readAutoscalingAnnotations({ ...HPA, ...annotations }, settings);
  return makeHpaSpec(values, settings, opts.reachable ?? true);
}

describe('makeHpaSpec (MakeHPA + autoscaling/v2 defaults)', () => {
  it.each([
    ['target 50 is averageUtilization 50', { 'autoscaling.knative.dev/target': '50' }, { targetUtilization: 50 }],
    ['a fractional target is rounded up (1982.4 → 1983)', { 'autoscaling.knative.dev/target': '1982.4' }, { targetUtilization: 1983 }],
    ['no target: the API server defaults an HPA without metrics to cpu 80%', {}, { targetUtilization: 80 }],
    ['no min-scale: minReplicas defaults to 1', {}, { minReplicas: 1 }],
    ['min-scale 3 is minReplicas 3', { 'autoscaling.knative.dev/min-scale': '3' }, { minReplicas: 3 }],
    ['min-scale 0 is still minReplicas 1: the HPA never scales to zero', { 'autoscaling.knative.dev/min-scale': '0' }, { minReplicas: 1 }],
    ['max-scale 5 is maxReplicas 5', { 'autoscaling.knative.dev/max-scale': '5' }, { maxReplicas: 5 }],
    ['no max-scale is unbounded (MaxInt32)', {}, { maxReplicas: 2147483647 }],
  ])('%s', (_name, annotations, want) => {
    expect(spec(annotations)).toMatchObject(want);
  });

  it('reads min-scale and max-scale defaults from config-autoscaler', () => {
    expect(spec({}, { config: { minScale: 2, maxScale: 4 } })).toMatchObject({ minReplicas: 2, maxReplicas: 4 });
  });

  it('drops min-scale for an unreachable revision (ScaleBounds), leaving the default 1', () => {
    expect(spec({ 'autoscaling.knative.dev/min-scale': '3' }, { reachable: false })).toMatchObject({ minReplicas: 1 });
  });

  it('has no behavior without a window (the controller legacy path) and both windows with one', () => {
    expect(spec({}).behavior).toBeUndefined();
    expect(spec({ 'autoscaling.knative.dev/window': '30s' }).behavior).toEqual(windowBehavior(30_000));
    expect(windowBehavior(30_000).scaleUp).toEqual({
      stabilizationWindowMs: 30_000,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 4, periodMs: 15_000 },
        { type: 'Percent', value: 100, periodMs: 15_000 },
      ],
    });
  });

  it('takes cpu as the HPA class default metric', () => {
    expect(hpaMetricOf({})).toBe('cpu');
    expect(hpaMetricOf({ metric: 'memory' })).toBe('memory');
  });
});

describe('cpuMillis (resource.Quantity MilliValue)', () => {
  it.each([
    ['100m', 100],
    ['250m', 250],
    ['0.5', 500],
    ['.25', 250],
    ['1', 1000],
    ['1.5', 1500],
    ['0.1', 100],
    ['2k', 2_000_000],
    ['1e3', 1_000_000],
    ['5e-1', 500],
    ['1Ki', 1_024_000],
    ['1500u', 2],
    [2, 2000],
    [0.25, 250],
  ] as const)('%j → %d', (quantity, millis) => {
    expect(cpuMillis(quantity)).toBe(millis);
  });

  it.each(['', 'abc', '1 core', '-1', '1x', '1mm', '1e3m'])('%j does not parse', (quantity) => {
    expect(cpuMillis(quantity)).toBeUndefined();
  });
});

describe('cpuRequestMillis', () => {
  const revision = (containers: unknown[]): KubeObject => ({
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: { name: 'r', namespace: 'default' },
    spec: { containers },
  });

  it('reads the serving container request', () => {
    expect(cpuRequestMillis(revision([{ image: 'x', resources: { requests: { cpu: '250m' } } }]))).toEqual({ millis: 250, defaulted: false });
  });

  it('takes the container with a port when there are several', () => {
    const r = revision([
      { image: 'sidecar', resources: { requests: { cpu: '2' } } },
      { image: 'app', ports: [{ containerPort: 8080 }], resources: { requests: { cpu: '500m' } } },
    ]);
    expect(cpuRequestMillis(r)).toEqual({ millis: 500, defaulted: false });
  });

  it.each([
    ['no resources', [{ image: 'x' }]],
    ['a memory request only', [{ image: 'x', resources: { requests: { memory: '128Mi' } } }]],
    ['an unparsable request', [{ image: 'x', resources: { requests: { cpu: 'lots' } } }]],
    ['a zero request', [{ image: 'x', resources: { requests: { cpu: '0' } } }]],
  ])('%s: one core, flagged as defaulted (Kubernetes would fail the metric)', (_name, containers) => {
    expect(cpuRequestMillis(revision(containers))).toEqual({ millis: 1000, defaulted: true });
  });
});
