// The service's Redis connection (ioredis). BullMQ workers need `maxRetriesPerRequest: null`
// (bullmq docs, going-to-production); give each Worker its own `client.duplicate()`.
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { BaseConfig } from './base-config';
import { HealthService } from './health.service';
import type { ServiceName } from './platform-ports';
import { SERVICE_CONFIG, SERVICE_NAME } from './service-tokens';

const MAX_RETRY_MS = 5000;

@Injectable()
export class RedisConnectionProvider implements OnApplicationShutdown {
  readonly client: Redis;
  private readonly log = new Logger('redis');
  private failures = 0;

  constructor(
    @Inject(SERVICE_CONFIG) config: BaseConfig,
    @Inject(SERVICE_NAME) service: ServiceName,
    health: HealthService,
  ) {
    // Connects in the background and retries forever; readiness reports the state meanwhile.
    this.client = new Redis(config.REDIS_URL, {
      maxRetriesPerRequest: null,
      connectionName: `knts-${service}`,
      retryStrategy: (times) => Math.min(times * 200, MAX_RETRY_MS),
      // disconnect() while reconnecting arms a timer for a socket that is already gone
      // (ioredis AbstractConnector), holding shutdown for the default 2 s.
      disconnectTimeout: 200,
    });
    this.client.on('ready', () => {
      this.failures = 0;
      this.log.log({ msg: 'connected to Redis' });
    });
    this.client.on('error', (err: Error) => {
      this.failures += 1;
      // Without a listener ioredis prints every failed attempt; report the first of a run.
      const entry = { msg: 'Redis connection error; retrying', attempt: this.failures, err: err.message };
      if (this.failures === 1) this.log.warn(entry);
      else this.log.debug(entry);
    });
    health.registerReadiness('redis', () => this.client.status === 'ready');
  }

  async onApplicationShutdown(): Promise<void> {
    // quit() waits for queued commands, and would wait forever for a server that is down.
    if (this.client.status === 'ready') {
      await this.client.quit();
      this.log.log({ msg: 'Redis connection closed' });
    } else {
      this.client.disconnect();
    }
  }
}
