// Shape checks for event data read off NATS: a producer of another version, or anything else
// on the subject, must not reach code that trusts the declared types.
import type { AutoscalerDecisionData, RuntimeEndpointsData } from './event-data';

/** Every field of AutoscalerDecisionData, with a whole, non-negative desiredScale. */
export function isAutoscalerDecisionData(value: unknown): value is AutoscalerDecisionData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.namespace === 'string' &&
    typeof v.revision === 'string' &&
    typeof v.timestamp === 'string' &&
    typeof v.desiredScale === 'number' &&
    Number.isInteger(v.desiredScale) &&
    v.desiredScale >= 0 &&
    typeof v.excessBurstCapacity === 'number' &&
    typeof v.observedStableConcurrency === 'number' &&
    typeof v.observedPanicConcurrency === 'number' &&
    typeof v.panicking === 'boolean'
  );
}

/** Every field of RuntimeEndpointsData, each endpoint with a pod, a host and a TCP port. */
export function isRuntimeEndpointsData(value: unknown): value is RuntimeEndpointsData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.namespace === 'string' &&
    typeof v.revision === 'string' &&
    typeof v.runtime === 'string' &&
    typeof v.sequence === 'number' &&
    Array.isArray(v.endpoints) &&
    v.endpoints.every((e: unknown) => {
      const p = e as Record<string, unknown> | null;
      return (
        typeof p === 'object' &&
        p !== null &&
        typeof p.pod === 'string' &&
        typeof p.host === 'string' &&
        p.host !== '' &&
        typeof p.port === 'number' &&
        Number.isInteger(p.port) &&
        p.port > 0 &&
        p.port < 65536
      );
    })
  );
}
