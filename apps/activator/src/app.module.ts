import { Module } from '@nestjs/common';
import { NatsModule, StoreModule } from '@knts/observability';

import { IngressListener } from './ingress-listener.provider';

/** The kinds this service reconciles or reads; /readyz waits for each watch to sync. */
export const WATCHED_KINDS = [
  { apiVersion: 'serving.knative.dev/v1', kind: 'Route' },
  { apiVersion: 'serving.knative.dev/v1', kind: 'Revision' },
  { apiVersion: 'v1', kind: 'Pod' },
];

/**
 * The activator: ingress data plane. Routing tables and endpoints come from store watches
 * (store informers); stats go out on NATS.
 */
@Module({ imports: [StoreModule.forService(WATCHED_KINDS), NatsModule], providers: [IngressListener] })
export class AppModule {}
