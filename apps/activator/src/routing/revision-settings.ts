// What the proxy needs from a Revision, read once per Revision change rather than per request.
import type { Revision } from '@knts/api';

/** config-defaults `revision-timeout-seconds` (knative/serving pkg/apis/config/defaults.go). */
export const DEFAULT_TIMEOUT_SECONDS = 300;

export interface RevisionSettings {
  /** Total request budget, including the time a request is held waiting for an endpoint. */
  timeoutMs: number;
  /** Budget until response headers; equal to timeoutMs when not set separately. */
  responseStartTimeoutMs: number;
  /** Longest silence in either direction; 0 = no limit (upstream default). */
  idleTimeoutMs: number;
  /** 0 = unlimited; the per-replica limit the throttler enforces. */
  containerConcurrency: number;
  serviceName: string;
  configurationName: string;
}

const positiveSeconds = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value * 1000 : undefined;

export function revisionSettings(revision: Revision | undefined): RevisionSettings {
  const spec = (revision?.spec ?? {}) as Record<string, unknown>;
  const labels = revision?.metadata.labels ?? {};
  const timeoutMs = positiveSeconds(spec['timeoutSeconds']) ?? DEFAULT_TIMEOUT_SECONDS * 1000;
  const responseStart = positiveSeconds(spec['responseStartTimeoutSeconds']);
  const concurrency = spec['containerConcurrency'];
  return {
    timeoutMs,
    responseStartTimeoutMs: responseStart !== undefined && responseStart < timeoutMs ? responseStart : timeoutMs,
    idleTimeoutMs: positiveSeconds(spec['idleTimeoutSeconds']) ?? 0,
    // An integer, as validation demands; anything else would make the throttler throw.
    containerConcurrency: typeof concurrency === 'number' && Number.isInteger(concurrency) && concurrency > 0 ? concurrency : 0,
    serviceName: labels['serving.knative.dev/service'] ?? '',
    configurationName: labels['serving.knative.dev/configuration'] ?? '',
  };
}
