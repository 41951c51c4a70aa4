// The WorkloadSpec the runtime runs for a Revision: what Knative puts in the Revision's Deployment
// (knative/serving pkg/reconciler/revision/resources/{deploy,meta,env}.go).
import type { Revision } from '../../serving-objects';
import type { WorkloadSpec } from '@knts/runtime';
import { controllerRef } from '../../owner-references';
import { ServingAnnotations, ServingLabels } from '../../serving-keys';

/** Defaults to revision-timeout-seconds (config-defaults) when the Revision carries none. */
const DEFAULT_TIMEOUT_SECONDS = 300;

/** Labels that change while the Revision lives; copying them would restart nothing but churn Pods. */
const VOLATILE_LABELS: readonly string[] = [ServingLabels.routingState, ServingLabels.route];
const VOLATILE_ANNOTATIONS: readonly string[] = [ServingAnnotations.routingStateModified, ServingAnnotations.routes, ServingAnnotations.lastApplied];

export function makeWorkload(revision: Revision): WorkloadSpec {
  const name = revision.metadata.name ?? '';
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(revision.metadata.labels ?? {})) if (!VOLATILE_LABELS.includes(k)) labels[k] = v;
  labels[ServingLabels.revision] = name;
  labels[ServingLabels.revisionUID] = revision.metadata.uid ?? '';
  // Upstream names the app after the revision unless the user chose an app label (richer tracing).
  labels[ServingLabels.app] ??= name;

  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(revision.metadata.annotations ?? {})) if (!VOLATILE_ANNOTATIONS.includes(k)) annotations[k] = v;

  const env: Record<string, string> = {};
  // K_SERVICE only for Revisions a Service owns (through its Configuration), as upstream leaves it empty otherwise.
  const service = revision.metadata.labels?.[ServingLabels.service];
  if (service) env.K_SERVICE = service;
  env.K_CONFIGURATION = revision.metadata.labels?.[ServingLabels.configuration] ?? '';
  env.K_REVISION = name;

  return {
    namespace: revision.metadata.namespace ?? '',
    name,
    labels,
    annotations,
    owner: controllerRef(revision),
    containers: structuredClone(revision.spec.containers ?? []),
    env,
    // deploy.go: the grace period is the request timeout, so in-flight requests can finish.
    terminationGracePeriodSeconds: revision.spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
  };
}
