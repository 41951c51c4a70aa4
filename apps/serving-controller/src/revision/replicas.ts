// How many replicas the serving controller asks the runtime for.
import type { Revision } from '../serving-objects';
import { ServingAnnotations } from '../serving-keys';

/**
 * The one place the replica count is decided. For now: at least one replica, or more when the
 * Revision's initial-scale / min-scale annotations ask for it. The autoscaler's decisions (scale to
 * and from zero) replace this in a later issue; keep every caller going through this function.
 */
export function desiredReplicas(revision: Revision): number {
  const annotations = revision.metadata.annotations ?? {};
  const read = (...keys: string[]) => {
    for (const key of keys) {
      const value = Number.parseInt(annotations[key] ?? '', 10);
      if (Number.isFinite(value)) return value;
    }
    return 0;
  };
  const initial = read(ServingAnnotations.initialScale, ServingAnnotations.initialScaleLegacy);
  const min = read(ServingAnnotations.minScale, ServingAnnotations.minScaleLegacy);
  return Math.max(1, initial, min);
}
