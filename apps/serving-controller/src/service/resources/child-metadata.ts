// Labels and annotations a Service passes to its Configuration and Route
// (knative/serving pkg/reconciler/service/resources/{configuration,route}.go).
import type { Service } from '../../serving-objects';
import { ServingAnnotations, ServingLabels } from '../../serving-keys';

/** The Service's labels plus serving.knative.dev/service and serviceUID. */
export function childLabels(service: Service): Record<string, string> {
  return {
    ...(service.metadata.labels ?? {}),
    [ServingLabels.service]: service.metadata.name ?? '',
    [ServingLabels.serviceUID]: service.metadata.uid ?? '',
  };
}

/** Every annotation but kubectl's last-applied record, which describes the Service, not the child. */
export function childAnnotations(service: Service): Record<string, string> {
  const annotations = { ...(service.metadata.annotations ?? {}) };
  delete annotations[ServingAnnotations.lastApplied];
  return annotations;
}
