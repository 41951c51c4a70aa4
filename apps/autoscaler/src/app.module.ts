import { Module } from '@nestjs/common';
import { NatsModule, StoreModule } from '@knts/observability';

/** The kinds this service reconciles or reads; /readyz waits for each watch to sync. */
export const WATCHED_KINDS = [{ apiVersion: 'serving.knative.dev/v1', kind: 'Revision' }];

/**
 * The autoscaler: the KPA decision per revision, from activator stats and pokes on NATS.
 */
@Module({ imports: [StoreModule.forService(WATCHED_KINDS), NatsModule] })
export class AppModule {}
