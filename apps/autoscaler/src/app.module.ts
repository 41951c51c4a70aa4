import { Module } from '@nestjs/common';
import { NatsModule } from '@knts/observability';

/**
 * The autoscaler: the KPA decision per revision, from activator stats and pokes on NATS.
 * Store watches register on STORE_WATCHES_READY once libs/store is wired.
 */
@Module({ imports: [NatsModule] })
export class AppModule {}
