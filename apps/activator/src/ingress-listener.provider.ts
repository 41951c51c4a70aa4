import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataPlaneServer, HealthService, InjectConfig } from '@knts/observability';
import type { ActivatorConfig } from './config';
import { handleIngressRequest } from './ingress-handler';

/** The activator's data-plane listener on KNTS_INGRESS_PORT (raw node:http, no Nest). */
@Injectable()
export class IngressListener implements OnModuleInit, BeforeApplicationShutdown {
  private readonly log = new Logger('ingress');
  private readonly server: DataPlaneServer;

  constructor(
    @InjectConfig() private readonly config: ActivatorConfig,
    health: HealthService,
  ) {
    this.server = new DataPlaneServer({
      host: config.KNTS_HOST,
      port: config.KNTS_INGRESS_PORT,
      handler: handleIngressRequest,
    });
    health.registerReadiness('ingress', () => this.server.listening);
  }

  async onModuleInit(): Promise<void> {
    const address = await this.server.listen();
    this.log.log({ msg: 'ingress listening', host: address.address, port: address.port });
  }

  /** Before NATS closes: in-flight requests may still need it. Half the budget, the rest is NATS's. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.server.close((this.config.KNTS_SHUTDOWN_TIMEOUT * 1000) / 2);
    this.log.log({ msg: 'ingress closed' });
  }
}
