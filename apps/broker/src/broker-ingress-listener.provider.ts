import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataPlaneServer, HealthService, InjectConfig } from '@knts/observability';
import type { BrokerConfig } from './config';
import { handleBrokerIngressRequest } from './ingress-handler';

/** The broker's HTTP ingress on KNTS_BROKER_PORT (raw node:http, no Nest). */
@Injectable()
export class BrokerIngressListener implements OnModuleInit, BeforeApplicationShutdown {
  private readonly log = new Logger('broker-ingress');
  private readonly server: DataPlaneServer;

  constructor(
    @InjectConfig() private readonly config: BrokerConfig,
    health: HealthService,
  ) {
    this.server = new DataPlaneServer({
      host: config.KNTS_HOST,
      port: config.KNTS_BROKER_PORT,
      handler: handleBrokerIngressRequest,
    });
    health.registerReadiness('broker-ingress', () => this.server.listening);
  }

  async onModuleInit(): Promise<void> {
    const address = await this.server.listen();
    this.log.log({ msg: 'broker ingress listening', host: address.address, port: address.port });
  }

  /** Before NATS closes: accepted events still have to reach JetStream. Half the budget. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.server.close((this.config.KNTS_SHUTDOWN_TIMEOUT * 1000) / 2);
    this.log.log({ msg: 'broker ingress closed' });
  }
}
