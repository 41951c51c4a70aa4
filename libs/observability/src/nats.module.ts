import { Module } from '@nestjs/common';
import { NatsConnectionProvider } from './nats-connection.provider';

/** Import once per service; every module that imports it shares the one connection. */
@Module({ providers: [NatsConnectionProvider], exports: [NatsConnectionProvider] })
export class NatsModule {}
