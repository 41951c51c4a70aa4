// Starts the KPA engine once NATS and the store's informers are up (in the background: boot
// never waits for NATS) and stops it on shutdown, before the NATS connection drains.
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { findResourceType, type ResourceType } from '@knts/api';
import { catalogueForStore } from '@knts/events';
import { NatsConnectionProvider, SERVICE_CONFIG, SERVICE_LOGGER, StoreProvider } from '@knts/observability';
import type { Informer } from '@knts/store';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { AutoscalerEngine } from './autoscaler-engine';
import { AutoscalerMetrics } from './autoscaler-metrics';
import type { AutoscalerConfig } from './config';
import { CpuHpaScaler } from './scaling/hpa-class-scaler';

/** Autoscaler replicas share stats and pokes through this NATS queue group. */
export const AUTOSCALER_QUEUE_GROUP = 'knts-autoscaler';

function resourceType(apiVersion: string, kind: string): ResourceType {
  const type = findResourceType(apiVersion, kind);
  if (!type) throw new Error(`no kind ${kind} in ${apiVersion}`);
  return type;
}

@Injectable()
export class AutoscalerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private engine?: AutoscalerEngine;
  private hpa?: CpuHpaScaler;
  private stopping = false;
  private readonly metrics: AutoscalerMetrics;

  constructor(
    private readonly nats: NatsConnectionProvider,
    private readonly storeProvider: StoreProvider,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: AutoscalerConfig,
    registry: Registry,
  ) {
    this.metrics = new AutoscalerMetrics(registry);
  }

  onApplicationBootstrap(): void {
    this.start().catch((err: unknown) => {
      if (!this.stopping) this.logger.error({ err }, 'autoscaler failed to start');
    });
  }

  /** Does not wait for a start still waiting on NATS: that wait only ends when NATS shuts down, after this hook. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.engine?.stop();
    await this.hpa?.stop();
  }

  private async start(): Promise<void> {
    const nc = await this.nats.connected();
    await this.storeProvider.store();
    const revisions = await this.informerOf(resourceType('serving.knative.dev/v1', 'Revision'));
    const pods = await this.informerOf(resourceType('v1', 'Pod'));
    const configMaps = await this.informerOf(resourceType('v1', 'ConfigMap'));
    await Promise.all([revisions.synced, pods.synced, configMaps.synced]);
    if (this.stopping) return;
    const log = {
      info: (entry: Record<string, unknown>) => this.logger.info(entry),
      warn: (entry: Record<string, unknown>) => this.logger.warn(entry),
    };
    // The HPA class (metric cpu) from the process runtime's CPU samples; the engine hands it the revisions.
    const catalogue = catalogueForStore(this.config.KNTS_STORE_PREFIX);
    const hpa = new CpuHpaScaler({
      nc,
      catalogue,
      pods,
      configMaps,
      metrics: this.metrics,
      log,
      syncPeriodMs: this.config.KNTS_HPA_SYNC_PERIOD * 1000,
      downscaleStabilizationMs: this.config.KNTS_HPA_DOWNSCALE_STABILIZATION * 1000,
      queue: AUTOSCALER_QUEUE_GROUP,
    });
    const engine = new AutoscalerEngine({
      nc,
      catalogue,
      revisions,
      pods,
      configMaps,
      metrics: this.metrics,
      hpa,
      log,
      queue: AUTOSCALER_QUEUE_GROUP,
    });
    this.hpa = hpa;
    this.engine = engine;
    await hpa.start();
    await engine.start();
    // Shutdown began while subscribing: stop what was just started.
    if (this.stopping) {
      await engine.stop();
      await hpa.stop();
    } else this.logger.info('autoscaler started');
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
