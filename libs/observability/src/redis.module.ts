import { Module } from '@nestjs/common';
import { RedisConnectionProvider } from './redis-connection.provider';

/** Import once per service that uses Redis (BullMQ queues); the connection is shared. */
@Module({ providers: [RedisConnectionProvider], exports: [RedisConnectionProvider] })
export class RedisModule {}
