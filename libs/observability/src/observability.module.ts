// Everything a knts service gets for free: typed config, JSON logging, metrics, health.
// bootService imports it; app modules just inject what they need.
import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { BaseConfig } from './base-config';
import { HealthModule } from './health.module';
import { HealthService } from './health.service';
import { MetricsController } from './metrics.controller';
import type { ServiceName } from './platform-ports';
import { SERVICE_CONFIG, SERVICE_LOGGER, SERVICE_NAME } from './service-tokens';
import { STORE_WATCHES_READY, StoreWatchReadiness } from './store-watch-readiness';

export interface ObservabilityModuleOptions {
  name: ServiceName;
  config: BaseConfig;
  logger: Logger;
  registry: Registry;
}

@Global()
@Module({})
export class ObservabilityModule {
  static forService(options: ObservabilityModuleOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [HealthModule],
      controllers: [MetricsController],
      providers: [
        { provide: SERVICE_NAME, useValue: options.name },
        { provide: SERVICE_CONFIG, useValue: options.config },
        { provide: SERVICE_LOGGER, useValue: options.logger },
        { provide: Registry, useValue: options.registry },
        {
          provide: STORE_WATCHES_READY,
          useFactory: (health: HealthService) => new StoreWatchReadiness(health),
          inject: [HealthService],
        },
      ],
      exports: [SERVICE_NAME, SERVICE_CONFIG, SERVICE_LOGGER, Registry, STORE_WATCHES_READY, HealthModule],
    };
  }
}
