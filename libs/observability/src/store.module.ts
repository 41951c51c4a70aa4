// Nest wiring of the store for the six services: one NatsKvStore over the service's NATS
// connection, and one informer per kind the service owns. Each informer's sync is a readiness
// check (`store:<plural>`), so /readyz stays 503 until every watch has delivered its state.
import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { admit, findResourceType, RESOURCE_TYPES, type KubeObject, type ResourceType } from '@knts/api';
import { Informer, NatsKvStore, type ResourceStore } from '@knts/store';
import type { BaseConfig } from './base-config';
import { NatsConnectionProvider } from './nats-connection.provider';
import { NatsModule } from './nats.module';
import { SERVICE_CONFIG } from './service-tokens';
import { STORE_WATCHES_READY, type StoreWatchReadiness } from './store-watch-readiness';

/** Injection token for the kinds a service watches (given to StoreModule.forService). */
export const WATCHED_TYPES = Symbol('WATCHED_TYPES');

@Injectable()
export class StoreProvider implements OnModuleInit, BeforeApplicationShutdown {
  private readonly informers = new Map<ResourceType, Informer>();
  private readonly opened: Promise<NatsKvStore>;
  private stopped = false;

  constructor(
    private readonly nats: NatsConnectionProvider,
    @Inject(SERVICE_CONFIG) config: BaseConfig,
    @Inject(STORE_WATCHES_READY) private readonly readiness: StoreWatchReadiness,
    @Inject(WATCHED_TYPES) private readonly watched: readonly ResourceType[],
  ) {
    this.opened = nats
      .connected()
      .then(
        (connection) => new NatsKvStore({ connection, prefix: config.KNTS_STORE_PREFIX, types: RESOURCE_TYPES, admit }),
      );
    // Shutdown before NATS ever connected rejects this; nobody needs to hear about it.
    this.opened.catch(() => undefined);
  }

  /** Registered here, before the admin port opens, so readiness can never pass without them. */
  onModuleInit(): void {
    for (const type of this.watched) this.readiness.track(type.plural, this.startInformer(type));
  }

  /** The store, once NATS is connected. */
  store(): Promise<ResourceStore> {
    return this.opened;
  }

  /** The running informer of a watched kind. */
  informer<T extends KubeObject = KubeObject>(type: ResourceType): Informer<T> {
    const informer = this.informers.get(type);
    if (!informer) throw new Error(`${type.plural} is not watched by this service; add it to StoreModule.forService`);
    return informer as unknown as Informer<T>;
  }

  /** Watches stop before the NATS connection drains (that happens in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.informers.values()].map((informer) => informer.stop()));
  }

  private async startInformer(type: ResourceType): Promise<void> {
    const store = await this.opened;
    if (this.stopped) throw new Error('shutting down');
    const informer = new Informer({ store, type });
    this.informers.set(type, informer);
    await informer.start();
  }
}

/** A kind by its manifest names, e.g. `{ apiVersion: 'serving.knative.dev/v1', kind: 'Route' }`. */
export interface WatchedKind {
  apiVersion: string;
  kind: string;
}

@Module({})
export class StoreModule {
  /** The store plus informers for `watch`; import once in a service's AppModule. */
  static forService(kinds: readonly WatchedKind[]): DynamicModule {
    const watch = kinds.map(({ apiVersion, kind }) => {
      const type = findResourceType(apiVersion, kind);
      if (!type) throw new Error(`StoreModule: no kind ${kind} in ${apiVersion}`);
      return type;
    });
    return {
      module: StoreModule,
      imports: [NatsModule],
      providers: [{ provide: WATCHED_TYPES, useValue: watch }, StoreProvider],
      exports: [StoreProvider],
    };
  }
}
