// A Pod published by the workload runtime, seen as a proxy endpoint of its Revision.
import type { KubeObject } from '@knts/api';

export const REVISION_LABEL = 'serving.knative.dev/revision';
/** Knative's DefaultUserPort, used when the container declares no port. */
export const DEFAULT_USER_PORT = 8080;

export interface PodEndpoint {
  namespace: string;
  revision: string;
  /** `namespace/name` of the Pod. */
  podKey: string;
  host: string;
  port: number;
  /** Ready condition True, not being deleted, and has an IP. */
  ready: boolean;
}

interface PodShape {
  spec?: { containers?: Array<{ ports?: Array<{ containerPort?: number }> }> };
  status?: { podIP?: unknown; conditions?: unknown };
}

function isReadyCondition(conditions: unknown): boolean {
  if (!Array.isArray(conditions)) return false;
  for (const c of conditions as Array<{ type?: unknown; status?: unknown }>) {
    if (c && c.type === 'Ready') return c.status === 'True';
  }
  return false;
}

/** Undefined for a Pod that belongs to no Revision. */
export function podEndpoint(pod: KubeObject): PodEndpoint | undefined {
  const revision = pod.metadata.labels?.[REVISION_LABEL];
  if (!revision) return undefined;
  const namespace = pod.metadata.namespace ?? 'default';
  const shape = pod as unknown as PodShape;
  const host = typeof shape.status?.podIP === 'string' ? shape.status.podIP : '';
  const port = shape.spec?.containers?.[0]?.ports?.[0]?.containerPort ?? DEFAULT_USER_PORT;
  return {
    namespace,
    revision,
    podKey: `${namespace}/${pod.metadata.name ?? ''}`,
    host,
    port,
    ready: host !== '' && !pod.metadata.deletionTimestamp && isReadyCondition(shape.status?.conditions),
  };
}
