import { Module } from '@nestjs/common';
import { NatsModule, StoreModule } from '@knts/observability';

/** The kinds this service reconciles or reads; /readyz waits for each watch to sync. */
export const WATCHED_KINDS = [
  { apiVersion: 'serving.knative.dev/v1', kind: 'Service' },
  { apiVersion: 'serving.knative.dev/v1', kind: 'Configuration' },
  { apiVersion: 'serving.knative.dev/v1', kind: 'Revision' },
  { apiVersion: 'serving.knative.dev/v1', kind: 'Route' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Pod' },
];

/**
 * The serving controller: reconciles Service, Configuration, Revision and Route, and applies
 * the autoscaler's scale decisions (received on NATS).
 */
@Module({ imports: [StoreModule.forService(WATCHED_KINDS), NatsModule] })
export class AppModule {}
