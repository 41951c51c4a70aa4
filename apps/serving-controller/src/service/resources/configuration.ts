// The Configuration a Service owns (knative/serving pkg/reconciler/service/resources/configuration.go).
import type { Configuration, Service } from '../../serving-objects';
import { controllerRef } from '../../owner-references';
import { ServingAnnotations } from '../../serving-keys';
import { configurationName, routeName } from '../names';
import { childAnnotations, childLabels } from './child-metadata';

/**
 * `existing` keeps the routes annotation the route labeler wrote: the Service's Route is added to
 * it rather than replacing it, so other Routes that reference the Configuration stay listed.
 */
export function makeConfiguration(service: Service, existing?: Configuration): Configuration {
  const routes = new Set((existing?.metadata.annotations?.[ServingAnnotations.routes] ?? '').split(',').filter((r) => r !== ''));
  routes.add(routeName(service));
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Configuration',
    metadata: {
      name: configurationName(service),
      namespace: service.metadata.namespace,
      ownerReferences: [controllerRef(service)],
      labels: childLabels(service),
      annotations: { ...childAnnotations(service), [ServingAnnotations.routes]: [...routes].sort().join(',') },
    },
    spec: { template: structuredClone(service.spec.template) },
  };
}
