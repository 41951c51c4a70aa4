// From config-autoscaler plus a revision's annotations to what the decider and the scaler rules
// need: knative/serving pkg/reconciler/autoscaling/kpa/resources/decider.go (MakeDecider),
// resources/target.go (ResolveMetricTarget), resources/metric.go (panic window).
import {
  AGGREGATION_LINEAR,
  AGGREGATION_WEIGHTED_EXPONENTIAL,
  BUCKET_SIZE_MS,
  KPA_CLASS,
  METRIC_CONCURRENCY,
  METRIC_RPS,
  TARGET_MIN,
} from '@knts/api';
import type { AutoscalerSettings } from '@knts/api';
import type { RevisionAutoscaling } from './autoscaling-annotations';

export type ScalingMetric = typeof METRIC_CONCURRENCY | typeof METRIC_RPS;
export type AggregationAlgorithm = typeof AGGREGATION_LINEAR | typeof AGGREGATION_WEIGHTED_EXPONENTIAL;

/** What the decider (scaling/decider.ts) reads each tick. */
export interface DeciderSpec {
  scalingMetric: ScalingMetric;
  /** Per-pod value the autoscaler aims for (total × utilization, at least 0.01). */
  targetValue: number;
  /** Per-pod maximum: containerConcurrency, the default target, or the annotation. */
  totalValue: number;
  targetBurstCapacity: number;
  /** A ratio: panic-threshold-percentage / 100. */
  panicThreshold: number;
  maxScaleUpRate: number;
  maxScaleDownRate: number;
  activatorCapacity: number;
  stableWindowMs: number;
  panicWindowMs: number;
  scaleDownDelayMs: number;
  aggregation: AggregationAlgorithm;
  /** False only when the revision is known not to take traffic (routingState reserve). */
  reachable: boolean;
  /** Minimum non-zero scale; 0 or 1 mean none. */
  activationScale: number;
}

/** What the scaler rules (scaling/scaler.ts) read. */
export interface ScalerSpec {
  /** 0 when unreachable, as PodAutoscaler.ScaleBounds does. */
  minScale: number;
  /** 0 means unbounded. */
  maxScale: number;
  maxScaleLimit: number;
  initialScale: number;
  enableScaleToZero: boolean;
  stableWindowMs: number;
  scaleToZeroGracePeriodMs: number;
  scaleToZeroPodRetentionPeriodMs: number;
  reachable: boolean;
}

/** The parts of a Revision the specs depend on. */
export interface RevisionScalingInput {
  annotations: RevisionAutoscaling;
  /** spec.containerConcurrency; 0 = unlimited. */
  containerConcurrency: number;
  reachable: boolean;
}

export function metricOf(input: RevisionScalingInput): string {
  return input.annotations.metric ?? METRIC_CONCURRENCY;
}

export function classOf(input: RevisionScalingInput, settings: AutoscalerSettings): string {
  return input.annotations.class ?? settings.podAutoscalerClass;
}

export function isKpa(input: RevisionScalingInput, settings: AutoscalerSettings): boolean {
  return classOf(input, settings) === KPA_CLASS;
}

/** ResolveMetricTarget: `target` is what the autoscaler aims for, `total` the per-pod maximum. */
export function resolveMetricTarget(
  input: RevisionScalingInput,
  settings: AutoscalerSettings,
): { target: number; total: number } {
  const metric = metricOf(input);
  let total: number;
  let tu: number;
  if (metric === METRIC_RPS) {
    total = settings.rpsTargetDefault;
    tu = settings.targetUtilization;
  } else {
    // containerConcurrency 0 (unlimited) targets the default.
    total = input.containerConcurrency > 0 ? input.containerConcurrency : settings.containerConcurrencyTargetDefault;
    tu = settings.containerConcurrencyTargetFraction;
  }
  const annotationTarget = input.annotations.target;
  if (annotationTarget !== undefined) {
    total = annotationTarget;
    // Never aim above what containerConcurrency lets one pod take.
    if (metric === METRIC_CONCURRENCY && input.containerConcurrency > 0)
      total = Math.min(annotationTarget, input.containerConcurrency);
  }
  if (input.annotations.targetUtilizationPercentage !== undefined)
    tu = input.annotations.targetUtilizationPercentage / 100;
  return { target: Math.max(TARGET_MIN, total * tu), total };
}

export function stableWindowMs(input: RevisionScalingInput, settings: AutoscalerSettings): number {
  return input.annotations.windowMs ?? settings.stableWindowMs;
}

/** metric.go: stable window × percentage, rounded to the bucket size, at least one bucket. */
export function panicWindowMs(input: RevisionScalingInput, settings: AutoscalerSettings): number {
  const pct = input.annotations.panicWindowPercentage ?? settings.panicWindowPercentage;
  const raw = (stableWindowMs(input, settings) * pct) / 100;
  return Math.max(BUCKET_SIZE_MS, Math.round(raw / BUCKET_SIZE_MS) * BUCKET_SIZE_MS);
}

/** GetInitialScale: an annotation of 0 only counts when allow-zero-initial-scale is on. */
export function initialScaleOf(input: RevisionScalingInput, settings: AutoscalerSettings): number {
  const ann = input.annotations.initialScale;
  if (ann === undefined || (ann === 0 && !settings.allowZeroInitialScale)) return settings.initialScale;
  return ann;
}

export function makeDeciderSpec(input: RevisionScalingInput, settings: AutoscalerSettings): DeciderSpec {
  const { target, total } = resolveMetricTarget(input, settings);
  const metric = metricOf(input);
  const algorithm = input.annotations.metricAggregationAlgorithm;
  return {
    scalingMetric: metric === METRIC_RPS ? METRIC_RPS : METRIC_CONCURRENCY,
    targetValue: target,
    totalValue: total,
    targetBurstCapacity: input.annotations.targetBurstCapacity ?? settings.targetBurstCapacity,
    panicThreshold: (input.annotations.panicThresholdPercentage ?? settings.panicThresholdPercentage) / 100,
    maxScaleUpRate: settings.maxScaleUpRate,
    maxScaleDownRate: settings.maxScaleDownRate,
    activatorCapacity: settings.activatorCapacity,
    stableWindowMs: stableWindowMs(input, settings),
    panicWindowMs: panicWindowMs(input, settings),
    scaleDownDelayMs: input.annotations.scaleDownDelayMs ?? settings.scaleDownDelayMs,
    aggregation:
      algorithm === undefined || algorithm === AGGREGATION_LINEAR
        ? AGGREGATION_LINEAR
        : AGGREGATION_WEIGHTED_EXPONENTIAL,
    reachable: input.reachable,
    activationScale: input.annotations.activationScale ?? 0,
  };
}

export function makeScalerSpec(input: RevisionScalingInput, settings: AutoscalerSettings): ScalerSpec {
  return {
    // PodAutoscaler.ScaleBounds: min only applies while the revision can take traffic.
    minScale: input.reachable ? (input.annotations.minScale ?? settings.minScale) : 0,
    maxScale: input.annotations.maxScale ?? settings.maxScale,
    maxScaleLimit: settings.maxScaleLimit,
    initialScale: initialScaleOf(input, settings),
    enableScaleToZero: settings.enableScaleToZero,
    stableWindowMs: stableWindowMs(input, settings),
    scaleToZeroGracePeriodMs: settings.scaleToZeroGracePeriodMs,
    scaleToZeroPodRetentionPeriodMs:
      input.annotations.scaleToZeroPodRetentionPeriodMs ?? settings.scaleToZeroPodRetentionPeriodMs,
    reachable: input.reachable,
  };
}
