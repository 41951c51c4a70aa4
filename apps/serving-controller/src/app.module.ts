import { Module } from '@nestjs/common';
import { NatsModule } from '@knts/observability';

/**
 * The serving controller: reconciles Service, Configuration, Revision and Route, and applies
 * the autoscaler's scale decisions (received on NATS).
 * Store watches register on STORE_WATCHES_READY once libs/store is wired.
 */
@Module({ imports: [NatsModule] })
export class AppModule {}
