// Starts the serving controllers once NATS and the store's informers are up (in the background:
// boot never waits for NATS), and stops them, then the runtime, on shutdown.
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { ResourceType } from '@knts/api';
import { catalogueForStore, type EventCatalogue } from '@knts/events';
import { NatsConnectionProvider, SERVICE_CONFIG, SERVICE_LOGGER, StoreProvider } from '@knts/observability';
import type { NatsConnection } from '@nats-io/transport-node';
import { startCpuSampling, type CpuSampling, type WorkloadRuntime } from '@knts/runtime';
import type { ControllerLogger, Informer } from '@knts/store';
import { CONFIG_AUTOSCALER, isHpaCpu, parseScaleConfig } from './autoscaling/scale-config';
import { ScaleDecisions } from './autoscaling/scale-decisions';
import type { ConfigMap } from './serving-objects';
import { SYSTEM_NAMESPACE } from './serving-keys';
import { createServingControllers, type ServingControllers } from './serving-controllers';
import { CONFIG_MAPS, CONFIGURATIONS, REVISIONS, ROUTES, SERVICES } from './serving-types';
import { WORKLOAD_RUNTIME, type WorkloadRuntimeFactory } from './workload-runtime.token';

const RECONCILED_TYPES: readonly ResourceType[] = [SERVICES, CONFIGURATIONS, REVISIONS, ROUTES, CONFIG_MAPS];

@Injectable()
export class ServingControllersProvider implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private controllers?: ServingControllers;
  private runtime?: WorkloadRuntime;
  private decisions?: ScaleDecisions;
  private cpuSampling?: CpuSampling;
  private stopping = false;

  constructor(
    private readonly nats: NatsConnectionProvider,
    private readonly storeProvider: StoreProvider,
    @Inject(WORKLOAD_RUNTIME) private readonly runtimeFactory: WorkloadRuntimeFactory,
    @Inject(SERVICE_LOGGER) private readonly logger: ControllerLogger,
    @Inject(SERVICE_CONFIG) private readonly config: { KNTS_STORE_PREFIX: string },
  ) {}

  onApplicationBootstrap(): void {
    this.start().catch((err: unknown) => {
      if (!this.stopping) this.logger.error({ err }, 'serving controllers failed to start');
    });
  }

  /**
   * Never waits for a start still waiting on NATS: that wait only ends when the NATS provider
   * shuts down, which comes after this hook.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.controllers?.stop();
    await this.decisions?.stop();
    await this.cpuSampling?.stop();
    await this.runtime?.close();
  }

  private async start(): Promise<void> {
    const connection = await this.nats.connected();
    const store = await this.storeProvider.store();
    const informers = new Map<ResourceType, Informer>();
    for (const type of RECONCILED_TYPES) informers.set(type, await this.informerOf(type));
    if (this.stopping) return;
    this.runtime = this.runtimeFactory({ store, connection });
    this.cpuSampling = this.sampleCpu(this.runtime, connection, informers);
    // Subscribed before the controllers start, so the first reconciles already see decisions sent meanwhile.
    this.decisions = new ScaleDecisions({
      nc: connection,
      catalogue: this.catalogue(),
      onError: (err, subject) => this.logger.warn({ err, subject }, 'autoscaler decision dropped'),
    });
    await this.decisions.start();
    if (this.stopping) return;
    // Assigned before starting, so a shutdown from here on stops them.
    this.controllers = createServingControllers({ informers, store, runtime: this.runtime, decisions: this.decisions, logger: this.logger });
    await this.controllers.start();
    this.logger.info({ controllers: this.controllers.controllers.map((c) => c.name) }, 'serving controllers started');
  }

  /**
   * A runtime of local processes measures the CPU of HPA-class Revisions with metric cpu every
   * second, for the autoscaler's HPA (dev.knts.runtime.cpu.v1); nothing else is sampled.
   */
  private sampleCpu(runtime: WorkloadRuntime, connection: NatsConnection, informers: Map<ResourceType, Informer>): CpuSampling | undefined {
    if (!runtime.processes) return undefined;
    const revisions = informers.get(REVISIONS);
    const configMaps = informers.get(CONFIG_MAPS);
    return startCpuSampling({
      runtime,
      connection,
      catalogue: this.catalogue(),
      filter: (namespace, name) => {
        const revision = revisions?.get(namespace, name);
        if (!revision) return false;
        const config = parseScaleConfig(configMaps?.get(SYSTEM_NAMESPACE, CONFIG_AUTOSCALER) as ConfigMap | undefined);
        return isHpaCpu(revision.metadata.annotations, config);
      },
      onError: (err) => this.logger.warn({ err }, 'CPU sampling failed'),
    });
  }

  /** The subjects of this platform's store prefix (catalogueForStore). */
  private catalogue(): EventCatalogue {
    return catalogueForStore(this.config.KNTS_STORE_PREFIX);
  }

  /** StoreProvider registers each informer right after the store opens; wait the few ticks that takes. */
  private async informerOf(type: ResourceType): Promise<Informer> {
    for (let attempt = 0; ; attempt++) {
      try {
        return this.storeProvider.informer(type);
      } catch (err) {
        if (this.stopping || attempt > 1000) throw err;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  }
}
