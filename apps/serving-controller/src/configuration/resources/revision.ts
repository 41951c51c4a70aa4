// The immutable Revision a Configuration stamps out for its current template
// (knative/serving pkg/reconciler/configuration/resources/revision.go).
import type { Configuration, Revision } from '../../serving-objects';
import { controllerRef } from '../../owner-references';
import { ServingAnnotations, ServingLabels } from '../../serving-keys';
import { revisionName } from '../names';

/** The `routingStateModified` format: RFC 3339 in UTC at second precision (v1.RoutingStateModifiedString). */
export function routingStateTime(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function makeRevision(config: Configuration, now: Date): Revision {
  const template = structuredClone(config.spec.template);
  const configLabels = config.metadata.labels ?? {};
  const configAnnotations = config.metadata.annotations ?? {};

  const labels: Record<string, string> = { ...(template.metadata?.labels ?? {}) };
  labels[ServingLabels.configuration] = config.metadata.name ?? '';
  labels[ServingLabels.configurationGeneration] = String(config.metadata.generation ?? 0);
  labels[ServingLabels.configurationUID] = config.metadata.uid ?? '';
  for (const key of [ServingLabels.service, ServingLabels.serviceUID]) {
    if (configLabels[key]) labels[key] = configLabels[key];
  }
  // Pending tells the route labeler it has not looked at this Revision yet; GC never collects it.
  labels[ServingLabels.routingState] = 'pending';

  const annotations: Record<string, string> = { ...(template.metadata?.annotations ?? {}) };
  // The creator of a Revision is whoever last modified its Configuration. knts has no admission
  // webhook that always sets lastModifier, so a Configuration with only a creator passes that on.
  const creator = configAnnotations[ServingAnnotations.lastModifier] ?? configAnnotations[ServingAnnotations.creator];
  if (creator) annotations[ServingAnnotations.creator] = creator;
  for (const key of [ServingAnnotations.rolloutDuration, ServingAnnotations.routes]) {
    if (configAnnotations[key]) annotations[key] = configAnnotations[key];
  }
  annotations[ServingAnnotations.routingStateModified] = routingStateTime(now);

  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: {
      name: revisionName(config),
      namespace: config.metadata.namespace,
      labels,
      annotations,
      ownerReferences: [controllerRef(config)],
    },
    spec: template.spec,
  };
}
