import { Module } from '@nestjs/common';
import { NatsModule, StoreModule } from '@knts/observability';

/** The kinds this service reconciles or reads; /readyz waits for each watch to sync. */
export const WATCHED_KINDS = [
  { apiVersion: 'sources.knative.dev/v1', kind: 'PingSource' },
  { apiVersion: 'sources.knative.dev/v1', kind: 'ContainerSource' },
  { apiVersion: 'sources.knative.dev/v1', kind: 'SinkBinding' },
  { apiVersion: 'sources.knative.dev/v1', kind: 'ApiServerSource' },
  { apiVersion: 'sources.eventing.knative.dev/v1alpha1', kind: 'CronJobSource' },
  { apiVersion: 'pubsub.cloud.google.com/v1alpha1', kind: 'PullSubscription' },
  { apiVersion: 'events.cloud.google.com/v1', kind: 'CloudPubSubSource' },
];

/**
 * The sources service: PingSource, CronJobSource, Pub/Sub, ContainerSource, SinkBinding,
 * ApiServerSource; events go to sinks, lifecycle signals over NATS.
 */
@Module({ imports: [StoreModule.forService(WATCHED_KINDS), NatsModule] })
export class AppModule {}
