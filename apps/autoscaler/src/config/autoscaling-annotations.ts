// The per-revision `autoscaling.knative.dev/*` annotations (knative/serving
// pkg/apis/autoscaling/register.go), read with upstream's aliases and validated as
// annotation_validation.go does. Messages follow knative.dev/pkg FieldError wording.
import { parseGoDuration } from '@knts/api';
import {
  AGGREGATION_LINEAR,
  AGGREGATION_WEIGHTED_EXPONENTIAL,
  AGGREGATION_WEIGHTED_EXPONENTIAL_ALT,
  AUTOSCALING_DOMAIN,
  HPA_CLASS,
  KPA_CLASS,
  METRIC_CONCURRENCY,
  METRIC_RPS,
  PANIC_THRESHOLD_PERCENTAGE_MAX,
  PANIC_THRESHOLD_PERCENTAGE_MIN,
  PANIC_WINDOW_PERCENTAGE_MAX,
  PANIC_WINDOW_PERCENTAGE_MIN,
  TARGET_MIN,
  WINDOW_MAX_MS,
  WINDOW_MIN_MS,
} from '@knts/api';
import { formatGoDuration } from '@knts/api';
import type { AutoscalerSettings } from '@knts/api';

const key = (name: string): string => `${AUTOSCALING_DOMAIN}/${name}`;

/** Each annotation with the older spellings upstream still reads (kmap.KeyPriority), first wins. */
export const AUTOSCALING_ANNOTATIONS = {
  class: [key('class')],
  metric: [key('metric')],
  target: [key('target')],
  targetUtilizationPercentage: [key('target-utilization-percentage'), key('targetUtilizationPercentage')],
  targetBurstCapacity: [key('target-burst-capacity'), key('targetBurstCapacity')],
  window: [key('window')],
  panicWindowPercentage: [key('panic-window-percentage'), key('panicWindowPercentage')],
  panicThresholdPercentage: [key('panic-threshold-percentage'), key('panicThresholdPercentage')],
  initialScale: [key('initial-scale'), key('initialScale')],
  minScale: [key('min-scale'), key('minScale')],
  maxScale: [key('max-scale'), key('maxScale')],
  scaleDownDelay: [key('scale-down-delay')],
  scaleToZeroPodRetentionPeriod: [key('scale-to-zero-pod-retention-period')],
  metricAggregationAlgorithm: [key('metric-aggregation-algorithm'), key('metricAggregationAlgorithm')],
  activationScale: [key('activation-scale')],
} as const;

export type AutoscalingAnnotation = keyof typeof AUTOSCALING_ANNOTATIONS;

/** The annotations that parsed and validated; absent or invalid ones are left out. */
export interface RevisionAutoscaling {
  class?: string;
  metric?: string;
  target?: number;
  /** Percent, 1..100. */
  targetUtilizationPercentage?: number;
  targetBurstCapacity?: number;
  windowMs?: number;
  panicWindowPercentage?: number;
  panicThresholdPercentage?: number;
  initialScale?: number;
  minScale?: number;
  maxScale?: number;
  scaleDownDelayMs?: number;
  scaleToZeroPodRetentionPeriodMs?: number;
  metricAggregationAlgorithm?: string;
  activationScale?: number;
}

export interface ReadAnnotationsResult {
  values: RevisionAutoscaling;
  /** One message per rejected annotation, naming it; the value falls back to config-autoscaler. */
  errors: string[];
}

const INT32_MAX = 2147483647;

/** Reads and validates; pure. */
export function readAutoscalingAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
  settings: AutoscalerSettings,
): ReadAnnotationsResult {
  const anns = annotations ?? {};
  const values: RevisionAutoscaling = {};
  const errors: string[] = [];
  const get = (name: AutoscalingAnnotation): { k: string; v: string } | undefined => {
    for (const k of AUTOSCALING_ANNOTATIONS[name]) {
      const v = anns[k];
      if (v !== undefined) return { k, v };
    }
    return undefined;
  };
  const invalid = (v: string, k: string): void => void errors.push(`invalid value: ${v}: ${k}`);
  const outOfBounds = (v: string, lo: string | number, hi: string | number, k: string): void =>
    void errors.push(`expected ${lo} <= ${v} <= ${hi}: ${k}`);
  const float = (name: AutoscalingAnnotation): { k: string; v: string; n: number } | undefined => {
    const a = get(name);
    if (!a) return undefined;
    const n = a.v.trim() === '' ? NaN : Number(a.v);
    if (Number.isNaN(n)) {
      invalid(a.v, a.k);
      return undefined;
    }
    return { ...a, n };
  };
  const intGE0 = (name: AutoscalingAnnotation): number | undefined => {
    const a = get(name);
    if (!a) return undefined;
    if (!/^[+-]?\d+$/.test(a.v)) {
      invalid(a.v, a.k);
      return undefined;
    }
    const n = Number(a.v);
    if (n < 0 || n > INT32_MAX) {
      outOfBounds(a.v, 0, INT32_MAX, a.k);
      return undefined;
    }
    return n;
  };
  const duration = (name: AutoscalingAnnotation): { k: string; v: string; ms: number } | undefined => {
    const a = get(name);
    if (!a) return undefined;
    const parsed = parseGoDuration(a.v);
    if ('error' in parsed) {
      invalid(a.v, a.k);
      return undefined;
    }
    return { ...a, ms: parsed.ms };
  };

  const klass = get('class');
  if (klass) {
    if (klass.v.endsWith(AUTOSCALING_DOMAIN) && klass.v !== KPA_CLASS && klass.v !== HPA_CLASS)
      invalid(klass.v, klass.k);
    else values.class = klass.v;
  }
  const effectiveClass = values.class ?? settings.podAutoscalerClass;

  const metric = get('metric');
  if (metric) {
    // KPA takes concurrency or rps; HPA any non-empty metric; other classes are left alone.
    const ok =
      effectiveClass === KPA_CLASS
        ? metric.v === METRIC_CONCURRENCY || metric.v === METRIC_RPS
        : effectiveClass === HPA_CLASS
          ? metric.v !== ''
          : true;
    if (ok) values.metric = metric.v;
    else invalid(metric.v, AUTOSCALING_ANNOTATIONS.metric[0]);
  }

  const target = float('target');
  if (target) {
    if (target.n < TARGET_MIN) errors.push(`target ${target.v} should be at least ${TARGET_MIN}: ${target.k}`);
    else values.target = target.n;
  }
  const tu = float('targetUtilizationPercentage');
  if (tu) {
    if (tu.n < 1 || tu.n > 100) outOfBounds(tu.v, 1, 100, tu.k);
    else values.targetUtilizationPercentage = tu.n;
  }
  const tbc = get('targetBurstCapacity');
  if (tbc) {
    const n = tbc.v.trim() === '' ? NaN : Number(tbc.v);
    if (Number.isNaN(n) || (n < 0 && n !== -1)) invalid(tbc.v, tbc.k);
    else values.targetBurstCapacity = n;
  }
  const pwp = float('panicWindowPercentage');
  if (pwp) {
    if (pwp.n < PANIC_WINDOW_PERCENTAGE_MIN || pwp.n > PANIC_WINDOW_PERCENTAGE_MAX)
      outOfBounds(pwp.v, PANIC_WINDOW_PERCENTAGE_MIN, PANIC_WINDOW_PERCENTAGE_MAX, pwp.k);
    else values.panicWindowPercentage = pwp.n;
  }
  const ptp = float('panicThresholdPercentage');
  if (ptp) {
    if (ptp.n < PANIC_THRESHOLD_PERCENTAGE_MIN || ptp.n > PANIC_THRESHOLD_PERCENTAGE_MAX)
      outOfBounds(ptp.v, PANIC_THRESHOLD_PERCENTAGE_MIN, PANIC_THRESHOLD_PERCENTAGE_MAX, ptp.k);
    else values.panicThresholdPercentage = ptp.n;
  }

  const window = duration('window');
  if (window) {
    const k = AUTOSCALING_ANNOTATIONS.window[0];
    if (window.ms < WINDOW_MIN_MS || window.ms > WINDOW_MAX_MS)
      outOfBounds(window.v, formatGoDuration(WINDOW_MIN_MS), formatGoDuration(WINDOW_MAX_MS), k);
    else if (window.ms % 1000 !== 0) errors.push(`must be specified with at most second precision: ${k}`);
    else values.windowMs = window.ms;
  }
  const delay = duration('scaleDownDelay');
  if (delay) {
    if (delay.ms < 0 || delay.ms > WINDOW_MAX_MS)
      outOfBounds(delay.v, formatGoDuration(0), formatGoDuration(WINDOW_MAX_MS), delay.k);
    else if (delay.ms % 1000 !== 0) errors.push(`must be specified with at most second precision: ${delay.k}`);
    else values.scaleDownDelayMs = delay.ms;
  }
  const retention = duration('scaleToZeroPodRetentionPeriod');
  if (retention) {
    if (retention.ms < 0 || retention.ms > WINDOW_MAX_MS)
      outOfBounds(retention.v, formatGoDuration(0), formatGoDuration(WINDOW_MAX_MS), retention.k);
    else values.scaleToZeroPodRetentionPeriodMs = retention.ms;
  }

  const algorithm = get('metricAggregationAlgorithm');
  if (algorithm && effectiveClass === KPA_CLASS && algorithm.v !== '') {
    if (
      [AGGREGATION_LINEAR, AGGREGATION_WEIGHTED_EXPONENTIAL, AGGREGATION_WEIGHTED_EXPONENTIAL_ALT].includes(algorithm.v)
    )
      values.metricAggregationAlgorithm = algorithm.v;
    else invalid(algorithm.v, algorithm.k);
  }

  const minBefore = errors.length;
  const min = intGE0('minScale');
  const max = intGE0('maxScale');
  let boundsOk = errors.length === minBefore;
  if (max !== undefined && max !== 0 && max < (min ?? 0)) {
    errors.push(
      `max-scale=${max} is less than min-scale=${min ?? 0}: ${AUTOSCALING_ANNOTATIONS.maxScale[0]}, ${AUTOSCALING_ANNOTATIONS.minScale[0]}`,
    );
    boundsOk = false;
  }
  const maxAnn = get('maxScale');
  if (maxAnn && max !== undefined && settings.maxScaleLimit > 0) {
    if (max > settings.maxScaleLimit) {
      outOfBounds(String(max), 1, settings.maxScaleLimit, maxAnn.k);
      boundsOk = false;
    }
    if (max === 0) {
      errors.push(`max-scale=0 (unlimited), must be less than ${settings.maxScaleLimit}: ${maxAnn.k}`);
      boundsOk = false;
    }
  }
  if (boundsOk) {
    if (min !== undefined) values.minScale = min;
    if (max !== undefined) values.maxScale = max;
  }

  const activation = get('activationScale');
  if (activation) {
    const n = /^[+-]?\d+$/.test(activation.v) ? Number(activation.v) : NaN;
    const lo = values.minScale ?? 0;
    const hi = values.maxScale ?? 0;
    if (Number.isNaN(n)) invalid(activation.v, activation.k);
    else if (lo > n) errors.push(`min-scale=${lo} is greater than activation-scale=${n}: ${activation.k}`);
    else if (hi !== 0 && hi < n) errors.push(`max-scale=${hi} is less than activation-scale=${n}: ${activation.k}`);
    else if (n < 2) errors.push(`activation-scale=${n} must be greater than 1: ${activation.k}`);
    else values.activationScale = n;
  }

  const initial = get('initialScale');
  if (initial) {
    const n = /^[+-]?\d+$/.test(initial.v) ? Number(initial.v) : NaN;
    if (Number.isNaN(n)) invalid(initial.v, initial.k);
    else if (n < 0) invalid(initial.v, `${initial.k} must be greater than 0`);
    else if (n === 0 && !settings.allowZeroInitialScale) invalid(initial.v, `${initial.k}=0 not allowed by cluster`);
    else values.initialScale = n;
  }

  return { values, errors };
}
