// The kinds this service reconciles or reads; /readyz waits for each watch to sync.
export const WATCHED_KINDS = [
  { apiVersion: 'serving.knative.dev/v1', kind: 'Service' },
  { apiVersion: 'serving.knative.dev/v1', kind: 'Configuration' },
  { apiVersion: 'serving.knative.dev/v1', kind: 'Revision' },
  { apiVersion: 'serving.knative.dev/v1', kind: 'Route' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Pod' },
];
