// The replica count of a Revision the autoscaler has not decided on yet
// (knative/serving pkg/apis/autoscaling/v1alpha1/pa_lifecycle.go ScaleBounds / GetInitialScale and
// kpa/scaler.go: until the PA is ScaleTargetInitialized, min = max(min, initialScale)).
import type { Revision } from '../serving-objects';
import { ServingAnnotations } from '../serving-keys';
import type { ScaleConfig } from '../autoscaling/scale-config';

function annotationInt(annotations: Record<string, string>, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const text = annotations[key]?.trim();
    if (text !== undefined && /^\d+$/.test(text)) return Number(text);
  }
  return undefined;
}

/** The Revision's min-scale: annotation, else config-autoscaler min-scale. */
export function minScaleOf(revision: Revision, config: ScaleConfig): number {
  return annotationInt(revision.metadata.annotations ?? {}, ServingAnnotations.minScale, ServingAnnotations.minScaleLegacy) ?? config.minScale;
}

/**
 * max(initial-scale, min-scale), at least 1. An initial-scale of 0 (annotation or config) is only
 * honoured when allow-zero-initial-scale is on, as GetInitialScale does; then a Revision with no
 * min-scale starts with no replica at all and waits for traffic.
 */
export function initialScale(revision: Revision, config: ScaleConfig): number {
  const annotations = revision.metadata.annotations ?? {};
  const annotated = annotationInt(annotations, ServingAnnotations.initialScale, ServingAnnotations.initialScaleLegacy);
  const initial = annotated === undefined || (annotated === 0 && !config.allowZeroInitialScale) ? config.initialScale : annotated;
  const floor = config.allowZeroInitialScale ? 0 : 1;
  return Math.max(floor, initial, minScaleOf(revision, config));
}
