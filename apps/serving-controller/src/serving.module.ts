// The serving controller's reconcilers as a module: the store with its informers, NATS, the
// workload runtime (bound by the caller) and the controllers that run on them.
import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { NatsModule, StoreModule } from '@knts/observability';
import { ServingControllersProvider } from './serving-controllers.provider';
import { WATCHED_KINDS } from './watched-kinds';

export interface ServingModuleOptions {
  /** Provides WORKLOAD_RUNTIME (a WorkloadRuntimeFactory). */
  runtime: Provider;
}

@Module({})
export class ServingModule {
  static forRoot(options: ServingModuleOptions): DynamicModule {
    return {
      module: ServingModule,
      imports: [StoreModule.forService(WATCHED_KINDS), NatsModule],
      providers: [options.runtime, ServingControllersProvider],
    };
  }
}
