import { Module } from '@nestjs/common';
import { NatsModule, StoreModule } from '@knts/observability';

import { BrokerIngressListener } from './broker-ingress-listener.provider';

/** The kinds this service reconciles or reads; /readyz waits for each watch to sync. */
export const WATCHED_KINDS = [
  { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker' },
  { apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger' },
];

/**
 * The broker: Broker/Trigger reconciliation, HTTP ingress, durable delivery over JetStream.
 */
@Module({ imports: [StoreModule.forService(WATCHED_KINDS), NatsModule], providers: [BrokerIngressListener] })
export class AppModule {}
