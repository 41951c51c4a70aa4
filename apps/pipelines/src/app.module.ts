import { Module } from '@nestjs/common';
import { NatsModule, RedisModule } from '@knts/observability';

/**
 * The pipelines service: Task/TaskRun/Pipeline/PipelineRun reconciliation; TaskRuns queue on
 * BullMQ (Redis), lifecycle events go out on NATS.
 * Store watches register on STORE_WATCHES_READY once libs/store is wired.
 */
@Module({ imports: [NatsModule, RedisModule] })
export class AppModule {}
