// What the KPA engine and the HPA class both read off a Revision and its Pods: reachability,
// the metric labels and the pod counts (knative/serving's autoscaler reports the same four).
import type { KubeObject } from '@knts/api';
import type { Informer } from '@knts/store';
import type { RevisionLabels } from './autoscaler-metrics';

export const REVISION_LABEL = 'serving.knative.dev/revision';
export const ROUTE_LABEL = 'serving.knative.dev/route';
export const ROUTING_STATE_ANNOTATION = 'serving.knative.dev/routingState';
const CONFIGURATION_LABEL = 'serving.knative.dev/configuration';
const SERVICE_LABEL = 'serving.knative.dev/service';

/** A revision takes traffic unless the serving-controller parked it (routingState reserve); unknown counts as reachable, as upstream. */
export function isReachable(revision: KubeObject): boolean {
  if (revision.metadata.labels?.[ROUTE_LABEL] !== undefined) return true;
  const state = revision.metadata.annotations?.[ROUTING_STATE_ANNOTATION];
  return state !== 'reserve';
}

export function conditionTrue(object: KubeObject, type: string): boolean {
  const status = object.status as { conditions?: Array<{ type?: string; status?: string }> } | undefined;
  return status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
}

/** The labels of a revision's metric series, with upstream's names. */
export function revisionLabels(revision: KubeObject): RevisionLabels {
  const labels = revision.metadata.labels ?? {};
  return {
    namespace_name: revision.metadata.namespace ?? 'default',
    configuration_name: labels[CONFIGURATION_LABEL] ?? '',
    revision_name: revision.metadata.name ?? '',
    service_name: labels[SERVICE_LABEL] ?? '',
  };
}

export interface PodCounts {
  ready: number;
  notReady: number;
  pending: number;
  terminating: number;
}

export interface RevisionPod {
  pod: KubeObject;
  ready: boolean;
  pending: boolean;
  terminating: boolean;
}

/** The revision's Pods, each with the state the counts are made of. */
export function revisionPods(pods: Informer, namespace: string, revision: string): RevisionPod[] {
  return pods.list(namespace, `${REVISION_LABEL}=${revision}`).map((pod) => {
    const terminating = Boolean(pod.metadata.deletionTimestamp);
    const pending = (pod.status as { phase?: string } | undefined)?.phase === 'Pending';
    return { pod, terminating, ready: !terminating && conditionTrue(pod, 'Ready'), pending: !terminating && pending };
  });
}

export function countPods(pods: readonly RevisionPod[]): PodCounts {
  const counts: PodCounts = { ready: 0, notReady: 0, pending: 0, terminating: 0 };
  for (const p of pods) {
    if (p.terminating) counts.terminating++;
    else if (p.ready) counts.ready++;
    else {
      counts.notReady++;
      if (p.pending) counts.pending++;
    }
  }
  return counts;
}
