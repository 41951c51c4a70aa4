// The part of config-autoscaler the serving controller needs to pick a replica count before the
// autoscaler has decided: the default class and the initial/min scale. Parsed by the same
// upstream-exact parser the autoscaler uses (@knts/api); the autoscaler owns reporting bad
// values, so here a ConfigMap that does not parse counts as upstream's defaults.
import { CONFIG_AUTOSCALER_NAME, DEFAULT_AUTOSCALER_SETTINGS, HPA_CLASS, KPA_CLASS, METRIC_CPU, parseConfigAutoscaler } from '@knts/api';
import type { ConfigMap } from '../serving-objects';
import { ServingAnnotations } from '../serving-keys';

export { HPA_CLASS, KPA_CLASS };
export const CONFIG_AUTOSCALER = CONFIG_AUTOSCALER_NAME;

export type ScaleConfig = Pick<
  typeof DEFAULT_AUTOSCALER_SETTINGS,
  'podAutoscalerClass' | 'initialScale' | 'allowZeroInitialScale' | 'minScale'
>;

export const DEFAULT_SCALE_CONFIG: Readonly<ScaleConfig> = DEFAULT_AUTOSCALER_SETTINGS;

export function parseScaleConfig(configMap?: ConfigMap): ScaleConfig {
  try {
    return parseConfigAutoscaler(configMap?.data ?? {});
  } catch {
    return DEFAULT_AUTOSCALER_SETTINGS;
  }
}

/** A Revision's autoscaling class: its annotation, else config-autoscaler's pod-autoscaler-class. */
export function autoscalerClassOf(annotations: Record<string, string> | undefined, config: ScaleConfig): string {
  return annotations?.[ServingAnnotations.autoscalerClass] || config.podAutoscalerClass;
}

/**
 * HPA class scaling on CPU (the HPA class's default metric, PodAutoscaler.Metric): the autoscaler
 * decides its replicas from the runtime's CPU samples, as it does for KPA-class Revisions.
 */
export function isHpaCpu(annotations: Record<string, string> | undefined, config: ScaleConfig): boolean {
  return autoscalerClassOf(annotations, config) === HPA_CLASS && (annotations?.[ServingAnnotations.autoscalerMetric] || METRIC_CPU) === METRIC_CPU;
}
