// What Kubernetes' HPA controller would be given for an HPA-class Revision: knative/serving
// pkg/reconciler/autoscaling/hpa/resources/hpa.go (MakeHPA) plus the API server's defaults for
// autoscaling/v2 (SetDefaults_HorizontalPodAutoscaler, GenerateHPAScale{Up,Down}Rules) and the
// CPU request of the serving container. Pure.
import { HPA_CLASS, METRIC_CPU, type AutoscalerSettings, type KubeObject } from '@knts/api';
import type { RevisionAutoscaling } from './autoscaling-annotations';

/** autoscaling.DefaultCPUUtilization: the metric an HPA without metrics gets. */
export const DEFAULT_CPU_UTILIZATION = 80;
/** The CPU request assumed when the container sets none (see docs/architecture.md). */
export const STANDALONE_DEFAULT_CPU_REQUEST_MILLIS = 1000;
const MAX_INT32 = 2147483647;

export interface ScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodMs: number;
}

/** autoscalingv2.HPAScalingRules with every field set, as the defaulting leaves them. */
export interface ScalingRules {
  stabilizationWindowMs: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: ScalingPolicy[];
}

export interface HpaBehavior {
  scaleUp: ScalingRules;
  scaleDown: ScalingRules;
}

export interface HpaSpec {
  /** At least 1: an HPA never scales to zero. */
  minReplicas: number;
  maxReplicas: number;
  /** Percent of the CPU request (averageUtilization). */
  targetUtilization: number;
  /**
   * Set only with the `window` annotation (MakeHPA sets both stabilization windows to it); without
   * it the controller's legacy path runs: the downscale stabilization window and a scale-up limit
   * of max(2 × current, 4).
   */
  behavior?: HpaBehavior;
}

/** The metric an HPA-class PodAutoscaler scales on: the annotation, else cpu (PodAutoscaler.Metric). */
export function hpaMetricOf(annotations: RevisionAutoscaling): string {
  return annotations.metric ?? METRIC_CPU;
}

export function isHpaClass(annotations: RevisionAutoscaling, settings: AutoscalerSettings): boolean {
  return (annotations.class ?? settings.podAutoscalerClass) === HPA_CLASS;
}

/** defaultHPAScaleUpRules / defaultHPAScaleDownRules with Knative's window in both. */
export function windowBehavior(windowMs: number): HpaBehavior {
  return {
    scaleUp: {
      stabilizationWindowMs: windowMs,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 4, periodMs: 15_000 },
        { type: 'Percent', value: 100, periodMs: 15_000 },
      ],
    },
    scaleDown: {
      stabilizationWindowMs: windowMs,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 100, periodMs: 15_000 }],
    },
  };
}

/** MakeHPA for metric cpu, with the autoscaling/v2 defaults applied. */
export function makeHpaSpec(annotations: RevisionAutoscaling, settings: AutoscalerSettings, reachable: boolean): HpaSpec {
  // PodAutoscaler.ScaleBounds: min only while the revision can take traffic; max 0 is unbounded.
  const min = reachable ? (annotations.minScale ?? settings.minScale) : 0;
  const max = annotations.maxScale ?? settings.maxScale;
  const spec: HpaSpec = {
    // MakeHPA sets MinReplicas only when min > 0; the API server defaults it to 1.
    minReplicas: min > 0 ? min : 1,
    maxReplicas: max === 0 ? MAX_INT32 : max,
    targetUtilization: annotations.target !== undefined ? Math.ceil(annotations.target) : DEFAULT_CPU_UTILIZATION,
  };
  if (annotations.windowMs !== undefined) spec.behavior = windowBehavior(annotations.windowMs);
  return spec;
}

/**
 * A Kubernetes quantity as CPU millicores (resource.Quantity.MilliValue, rounded up as it does):
 * `100m`, `0.5`, `1`, `2k`, `1e3m`, `1Ki`. Undefined when it does not parse.
 */
export function cpuMillis(quantity: string | number): number | undefined {
  if (typeof quantity === 'number') return Number.isFinite(quantity) && quantity >= 0 ? Math.ceil(quantity * 1000) : undefined;
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/.exec(quantity.trim());
  if (!m) return undefined;
  const [, number = '', exponent, suffix] = m;
  let value = Number(number);
  if (exponent) value *= 10 ** Number(exponent.slice(1));
  const factors: Record<string, number> = {
    n: 1e-9,
    u: 1e-6,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
  };
  if (suffix) value *= factors[suffix] ?? NaN;
  if (!Number.isFinite(value) || value < 0) return undefined;
  // Round away float noise (0.1 * 1000 = 100.00000000000001) before rounding up.
  return Math.ceil(Number((value * 1000).toPrecision(12)));
}

interface ContainerLike {
  ports?: unknown[];
  resources?: { requests?: Record<string, string | number> };
}

/**
 * The serving container's `resources.requests.cpu` in millicores. Kubernetes' HPA cannot compute
 * utilization without it ("missing request for cpu"); standalone assumes one core instead.
 */
export function cpuRequestMillis(revision: KubeObject): { millis: number; defaulted: boolean } {
  const containers = ((revision.spec as { containers?: ContainerLike[] } | undefined)?.containers ?? []);
  const serving = containers.length === 1 ? containers[0] : (containers.find((c) => (c.ports?.length ?? 0) > 0) ?? containers[0]);
  const raw = serving?.resources?.requests?.['cpu'];
  const millis = raw === undefined ? undefined : cpuMillis(raw);
  return millis === undefined || millis <= 0
    ? { millis: STANDALONE_DEFAULT_CPU_REQUEST_MILLIS, defaulted: true }
    : { millis, defaulted: false };
}
