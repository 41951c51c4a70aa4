// How many replicas the serving controller asks the runtime for.
import type { Revision } from '../serving-objects';
import { ServingAnnotations } from '../serving-keys';

/**
 * The replica count of a Revision the KPA does not scale (another autoscaling class): at least one
 * replica, or more when its initial-scale / min-scale annotations ask for it. KPA-class Revisions
 * follow the autoscaler's decisions instead (replica-count.ts).
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
