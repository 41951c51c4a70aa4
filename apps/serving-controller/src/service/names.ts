// A Service's children carry its name (knative/serving pkg/reconciler/service/resources/names).
import type { Service } from '../serving-objects';

export function configurationName(service: Service): string {
  return service.metadata.name ?? '';
}

export function routeName(service: Service): string {
  return service.metadata.name ?? '';
}
