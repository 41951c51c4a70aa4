// The part of config-autoscaler (knative/serving pkg/autoscaler/config/config.go) the serving
// controller needs to pick a replica count before the autoscaler has decided: the default class
// and the initial/min scale. The autoscaler owns validation of this ConfigMap and reports bad
// values; here a value that does not parse falls back to upstream's default.
import type { ConfigMap } from '../serving-objects';
import { ServingAnnotations } from '../serving-keys';

/** autoscaling.knative.dev/class value of the Knative Pod Autoscaler (pkg/apis/autoscaling/register.go). */
export const KPA_CLASS = 'kpa.autoscaling.knative.dev';
export const CONFIG_AUTOSCALER = 'config-autoscaler';

export interface ScaleConfig {
  /** pod-autoscaler-class: the class of Revisions without the annotation. */
  podAutoscalerClass: string;
  /** initial-scale (default 1). */
  initialScale: number;
  /** allow-zero-initial-scale: whether an initial scale of 0 is honoured (default false). */
  allowZeroInitialScale: boolean;
  /** min-scale (default 0). */
  minScale: number;
}

export const DEFAULT_SCALE_CONFIG: Readonly<ScaleConfig> = Object.freeze({
  podAutoscalerClass: KPA_CLASS,
  initialScale: 1,
  allowZeroInitialScale: false,
  minScale: 0,
});

export function parseScaleConfig(configMap?: ConfigMap): ScaleConfig {
  const data = configMap?.data ?? {};
  const int = (key: string, fallback: number): number => {
    const text = data[key]?.trim();
    return text !== undefined && /^\d+$/.test(text) ? Number(text) : fallback;
  };
  const allowZero = data['allow-zero-initial-scale']?.trim().toLowerCase() === 'true';
  const initial = int('initial-scale', DEFAULT_SCALE_CONFIG.initialScale);
  return {
    podAutoscalerClass: data['pod-autoscaler-class']?.trim() || DEFAULT_SCALE_CONFIG.podAutoscalerClass,
    // config.go rejects initial-scale 0 unless allow-zero-initial-scale; fall back as if unset.
    initialScale: initial === 0 && !allowZero ? DEFAULT_SCALE_CONFIG.initialScale : initial,
    allowZeroInitialScale: allowZero,
    minScale: int('min-scale', DEFAULT_SCALE_CONFIG.minScale),
  };
}

/** A Revision's autoscaling class: its annotation, else config-autoscaler's pod-autoscaler-class. */
export function autoscalerClassOf(annotations: Record<string, string> | undefined, config: ScaleConfig): string {
  return annotations?.[ServingAnnotations.autoscalerClass] || config.podAutoscalerClass;
}
