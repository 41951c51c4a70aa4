// The Route a Service owns (knative/serving pkg/reconciler/service/resources/route.go).
import type { TrafficTarget } from '@knts/api';
import type { Route, Service } from '../../serving-objects';
import { controllerRef } from '../../owner-references';
import { configurationName, routeName } from '../names';
import { childAnnotations, childLabels } from './child-metadata';

/** Inside a Service the configuration is implied: targets that pin no revision name it explicitly. */
export function makeRoute(service: Service): Route {
  const traffic: TrafficTarget[] = (service.spec.traffic ?? [{ latestRevision: true, percent: 100 }]).map((target) =>
    target.revisionName ? { ...target } : { ...target, configurationName: configurationName(service) },
  );
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Route',
    metadata: {
      name: routeName(service),
      namespace: service.metadata.namespace,
      ownerReferences: [controllerRef(service)],
      labels: childLabels(service),
      annotations: childAnnotations(service),
    },
    spec: { traffic },
  };
}
