import { Module } from '@nestjs/common';
import { NatsModule } from '@knts/observability';
import { IngressListener } from './ingress-listener.provider';

/**
 * The activator: ingress data plane. Routing tables and endpoints come from store watches
 * (registered on STORE_WATCHES_READY once libs/store is wired); stats go out on NATS.
 */
@Module({ imports: [NatsModule], providers: [IngressListener] })
export class AppModule {}
