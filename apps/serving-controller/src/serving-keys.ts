// Label and annotation keys Knative Serving puts on its objects (knative/serving pkg/apis/serving/register.go).

export const ServingLabels = {
  service: 'serving.knative.dev/service',
  serviceUID: 'serving.knative.dev/serviceUID',
  configuration: 'serving.knative.dev/configuration',
  configurationGeneration: 'serving.knative.dev/configurationGeneration',
  configurationUID: 'serving.knative.dev/configurationUID',
  revision: 'serving.knative.dev/revision',
  revisionUID: 'serving.knative.dev/revisionUID',
  route: 'serving.knative.dev/route',
  routingState: 'serving.knative.dev/routingState',
  /** networking.knative.dev/visibility: cluster-local keeps a Route off the external domain. */
  visibility: 'networking.knative.dev/visibility',
  app: 'app',
} as const;

export const ServingAnnotations = {
  creator: 'serving.knative.dev/creator',
  lastModifier: 'serving.knative.dev/lastModifier',
  /** Comma-separated, sorted names of the Routes that reference a Revision or Configuration (labeler v2). */
  routes: 'serving.knative.dev/routes',
  routingStateModified: 'serving.knative.dev/routingStateModified',
  rolloutDuration: 'serving.knative.dev/rollout-duration',
  noGc: 'serving.knative.dev/no-gc',
  lastApplied: 'kubectl.kubernetes.io/last-applied-configuration',
  initialScale: 'autoscaling.knative.dev/initial-scale',
  initialScaleLegacy: 'autoscaling.knative.dev/initialScale',
  minScale: 'autoscaling.knative.dev/min-scale',
  minScaleLegacy: 'autoscaling.knative.dev/minScale',
  /** Which autoscaler scales the Revision (kpa or hpa); default from config-autoscaler. */
  autoscalerClass: 'autoscaling.knative.dev/class',
  /** What the autoscaler scales on (concurrency, rps; cpu for the HPA class by default). */
  autoscalerMetric: 'autoscaling.knative.dev/metric',
} as const;

/** v1.RoutingState: pending until the labeler first sees a Revision, then active (routed) or reserve. */
export type RoutingState = 'pending' | 'active' | 'reserve';

/** Where Knative's own ConfigMaps live. */
export const SYSTEM_NAMESPACE = 'knative-serving';
