import { Module } from '@nestjs/common';
import { NatsModule } from '@knts/observability';
import { BrokerIngressListener } from './broker-ingress-listener.provider';

/**
 * The broker: Broker/Trigger reconciliation, HTTP ingress, durable delivery over JetStream.
 * Store watches register on STORE_WATCHES_READY once libs/store is wired.
 */
@Module({ imports: [NatsModule], providers: [BrokerIngressListener] })
export class AppModule {}
