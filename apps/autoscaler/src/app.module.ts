import { Module } from '@nestjs/common';
import { NatsModule, StoreModule } from '@knts/observability';
import { AutoscalerService } from './autoscaler.service';

/** The kinds this service reads; /readyz waits for each watch to sync. */
export const WATCHED_KINDS = [
  { apiVersion: 'serving.knative.dev/v1', kind: 'Revision' },
  // Ready pod counts per revision.
  { apiVersion: 'v1', kind: 'Pod' },
  // config-autoscaler in knative-serving.
  { apiVersion: 'v1', kind: 'ConfigMap' },
];

/**
 * The autoscaler: the KPA decision per revision, from activator stats and pokes on NATS, and the
 * HPA class's (metric cpu) from the process runtime's CPU samples.
 */
@Module({ imports: [StoreModule.forService(WATCHED_KINDS), NatsModule], providers: [AutoscalerService] })
export class AppModule {}
