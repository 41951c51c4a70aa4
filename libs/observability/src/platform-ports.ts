// Where each standalone service listens by default. The CLI's supervisor and the services share
// this table so `knts up` can wait on every /readyz and print the public endpoints.

export type ServiceName = 'serving-controller' | 'autoscaler' | 'activator' | 'broker' | 'sources' | 'pipelines';

export const SERVICE_NAMES: readonly ServiceName[] = [
  'serving-controller',
  'autoscaler',
  'activator',
  'broker',
  'sources',
  'pipelines',
];

/** Admin port of each service: /healthz, /readyz, /metrics. Override with KNTS_ADMIN_PORT. */
export const DEFAULT_ADMIN_PORTS: Readonly<Record<ServiceName, number>> = {
  'serving-controller': 9401,
  autoscaler: 9402,
  activator: 9403,
  broker: 9404,
  sources: 9405,
  pipelines: 9406,
};

/** The activator's ingress (Host-header routing). Override with KNTS_INGRESS_PORT. */
export const DEFAULT_INGRESS_PORT = 8080;
/** The broker's HTTP ingress, `/{namespace}/{broker}`. Override with KNTS_BROKER_PORT. */
export const DEFAULT_BROKER_PORT = 8081;
