import { Module } from '@nestjs/common';
import { NatsModule } from '@knts/observability';

/**
 * The sources service: PingSource, CronJobSource, Pub/Sub, ContainerSource, SinkBinding,
 * ApiServerSource; events go to sinks, lifecycle signals over NATS.
 * Store watches register on STORE_WATCHES_READY once libs/store is wired.
 */
@Module({ imports: [NatsModule] })
export class AppModule {}
