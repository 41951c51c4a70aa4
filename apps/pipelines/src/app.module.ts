import { Module } from '@nestjs/common';
import { NatsModule, RedisModule, StoreModule } from '@knts/observability';

/** The kinds this service reconciles or reads; /readyz waits for each watch to sync. */
export const WATCHED_KINDS = [
  { apiVersion: 'tekton.dev/v1', kind: 'Task' },
  { apiVersion: 'tekton.dev/v1', kind: 'TaskRun' },
  { apiVersion: 'tekton.dev/v1', kind: 'Pipeline' },
  { apiVersion: 'tekton.dev/v1', kind: 'PipelineRun' },
  { apiVersion: 'tekton.dev/v1alpha1', kind: 'PipelineResource' },
];

/**
 * The pipelines service: Task/TaskRun/Pipeline/PipelineRun reconciliation; TaskRuns queue on
 * BullMQ (Redis), lifecycle events go out on NATS.
 */
@Module({ imports: [StoreModule.forService(WATCHED_KINDS), NatsModule, RedisModule] })
export class AppModule {}
