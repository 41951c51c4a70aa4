import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { findResourceType, type KubeObject, type ResourceType, } from '@knts/api';
import { catalogueForStore } from '@knts/events';
import { HealthService, InjectConfig, NatsConnectionProvider, StoreProvider } from '@knts/observability';
import { Registry } from 'prom-client';
import type { ActivatorConfig } from './config';
import { Ingress } from './ingress';
import type { RoutingInformers } from './routing/routing-informers';

function kindType(apiVersion: string, kind: string): ResourceType {
  const type = findResourceType(apiVersion, kind);
  if (!type) throw new Error(`no kind ${kind} in ${apiVersion}`);
  return type;
}

const ROUTES = kindType('serving.knative.dev/v1', 'Route');
const REVISIONS = kindType('serving.knative.dev/v1', 'Revision');
const PODS = kindType('v1', 'Pod');

/**
 * The activator's data-plane listener on KNTS_INGRESS_PORT. It opens at boot, even while NATS
 * is unreachable (answering 404), and follows the store once its informers exist.
 */
@Injectable()
export class IngressListener implements OnModuleInit, BeforeApplicationShutdown {
  private readonly log = new Logger('ingress');
  private readonly ingress: Ingress;
  private stopping = false;

  constructor(
    @InjectConfig() private readonly config: ActivatorConfig,
    private readonly store: StoreProvider,
    private readonly nats: NatsConnectionProvider,
    registry: Registry,
    health: HealthService,
  ) {
    this.ingress = new Ingress({ host: config.KNTS_HOST, port: config.KNTS_INGRESS_PORT, registry });
    health.registerReadiness('ingress', () => this.ingress.server.listening);
  }

  async onModuleInit(): Promise<void> {
    const address = await this.ingress.listen();
    this.log.log({ msg: 'ingress listening', host: address.address, port: address.port });
    void this.followStore();
    void this.connectStats();
  }

  /** Before NATS closes: in-flight requests may still need it. Half the budget, the rest is NATS's. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.ingress.close((this.config.KNTS_SHUTDOWN_TIMEOUT * 1000) / 2);
    this.log.log({ msg: 'ingress closed' });
  }

  /**
   * The autoscaler's stats and the runtime's readiness hints need NATS, which may come up after
   * the listener; until then stats are dropped and endpoints come from the Pod watch alone.
   */
  private async connectStats(): Promise<void> {
    try {
      const nc = await this.nats.connected();
      if (this.stopping) return;
      const catalogue = catalogueForStore(this.config.KNTS_STORE_PREFIX);
      this.ingress.connectStats(nc, catalogue);
      await this.ingress.connectHints(nc, catalogue, (err, subject) =>
        this.log.warn({ msg: 'readiness hint dropped', subject, err: String(err) }),
      );
    } catch {
      // shut down before NATS ever connected
    }
  }

  /** StoreProvider creates its informers once NATS connects; connect the table then. */
  private async followStore(): Promise<void> {
    try {
      await this.store.store();
    } catch {
      return; // shut down before NATS ever connected
    }
    while (!this.stopping) {
      const informers = this.informers();
      if (informers) {
        this.ingress.connect(informers);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private informers(): RoutingInformers | undefined {
    try {
      return {
        routes: this.store.informer<KubeObject>(ROUTES),
        revisions: this.store.informer<KubeObject>(REVISIONS),
        pods: this.store.informer<KubeObject>(PODS),
      };
    } catch {
      return undefined;
    }
  }
}
