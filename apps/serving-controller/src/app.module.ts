import { Module } from '@nestjs/common';
import { NatsModule, SERVICE_CONFIG, SERVICE_LOGGER } from '@knts/observability';
import { catalogueForStore } from '@knts/events';
import { ProcessRuntime, type RuntimeLogger } from '@knts/runtime';
import type { ServingControllerConfig } from './config';
import { ServingModule } from './serving.module';
import { WORKLOAD_RUNTIME, type WorkloadRuntimeFactory } from './workload-runtime.token';

export { WATCHED_KINDS } from './watched-kinds';

/** Standalone: revisions run as local processes, published as Pods in the store. */
function processRuntimeFactory(config: ServingControllerConfig, logger: RuntimeLogger): WorkloadRuntimeFactory {
  return ({ store, connection }) =>
    new ProcessRuntime({
      store,
      logs: connection,
      catalogue: catalogueForStore(config.KNTS_STORE_PREFIX),
      // Readiness reaches the activator in one NATS hop; the Pod status follows through the store.
      endpointHints: connection,
      repoRoot: config.KNTS_REPO_ROOT,
      podHost: config.KNTS_POD_HOST,
      logger,
    });
}

/**
 * The serving controller: reconciles Service, Configuration, Revision and Route, and applies
 * the autoscaler's scale decisions (received on NATS).
 */
@Module({
  imports: [
    ServingModule.forRoot({
      runtime: { provide: WORKLOAD_RUNTIME, useFactory: processRuntimeFactory, inject: [SERVICE_CONFIG, SERVICE_LOGGER] },
    }),
    NatsModule,
  ],
})
export class AppModule {}
