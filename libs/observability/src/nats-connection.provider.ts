// The service's one NATS connection. Boot never waits for NATS: the connection is retried in the
// background, /readyz names `nats` until it is up, and consumers await `connected()`.
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { BaseConfig } from './base-config';
import { HealthService } from './health.service';
import type { ServiceName } from './platform-ports';
import { SERVICE_CONFIG, SERVICE_NAME } from './service-tokens';

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5000;

@Injectable()
export class NatsConnectionProvider implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('nats');
  private readonly servers: string[];
  private readonly stopping = new AbortController();
  private nc: NatsConnection | undefined;
  private up = false;
  private connecting: Promise<void> = Promise.resolve();
  private closedUnexpectedly = false;
  private readonly first: Promise<NatsConnection>;
  private resolveFirst!: (nc: NatsConnection) => void;
  private rejectFirst!: (err: Error) => void;

  constructor(
    @Inject(SERVICE_CONFIG) config: BaseConfig,
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
    health: HealthService,
  ) {
    this.servers = config.NATS_URL.split(',').map((s) => s.trim());
    this.first = new Promise<NatsConnection>((resolve, reject) => {
      this.resolveFirst = resolve;
      this.rejectFirst = reject;
    });
    // Nobody may be waiting when shutdown rejects it; that must not be an unhandled rejection.
    this.first.catch(() => undefined);
    health.registerReadiness('nats', () => this.up);
    // With unlimited reconnects the client only closes on its own for fatal errors (auth).
    health.registerLiveness('nats', () => !this.closedUnexpectedly);
  }

  onModuleInit(): void {
    this.connecting = this.connectUntilUp();
  }

  /** Resolves with the connection once it is first established; rejects if shutdown comes first. */
  connected(): Promise<NatsConnection> {
    return this.first;
  }

  /** The connection, for code that runs after `connected()` resolved. */
  get connection(): NatsConnection {
    if (!this.nc) throw new Error('NATS is not connected yet: await NatsConnectionProvider.connected() first');
    return this.nc;
  }

  get isConnected(): boolean {
    return this.up;
  }

  /** Runs last (after listeners and watches stopped), so in-flight publishes are flushed. */
  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    this.rejectFirst(new Error('shutting down before NATS connected'));
    await this.connecting;
    const nc = this.nc;
    if (!nc || nc.isClosed()) return;
    try {
      // drain() needs the server; a client that is reconnecting can only be closed.
      if (nc.isDraining()) await nc.closed();
      else if (this.up) await nc.drain();
      else await nc.close();
      this.log.log({ msg: 'NATS connection closed' });
    } catch (err) {
      this.log.warn({ msg: 'NATS drain failed; closing', err: String(err) });
      await nc.close();
    }
  }

  private async connectUntilUp(): Promise<void> {
    let delay = FIRST_RETRY_MS;
    let failures = 0;
    while (!this.stopping.signal.aborted) {
      try {
        const nc = await connect({
          servers: this.servers,
          name: `knts-${this.service}`,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 1000,
          timeout: 5000,
        });
        if (this.stopping.signal.aborted) {
          await nc.close();
          return;
        }
        this.adopt(nc);
        return;
      } catch (err) {
        failures += 1;
        // The first failure is news; repeats while NATS stays down are not.
        const entry = {
          msg: 'cannot connect to NATS; retrying',
          servers: this.servers,
          attempt: failures,
          err: String(err),
        };
        if (failures === 1) this.log.warn(entry);
        else this.log.debug(entry);
        try {
          await sleep(delay, undefined, { signal: this.stopping.signal });
        } catch {
          return;
        }
        delay = Math.min(delay * 2, MAX_RETRY_MS);
      }
    }
  }

  private adopt(nc: NatsConnection): void {
    this.nc = nc;
    this.up = true;
    this.log.log({ msg: 'connected to NATS', server: nc.getServer() });
    this.resolveFirst(nc);
    void this.followStatus(nc);
    void nc.closed().then((err) => {
      this.up = false;
      if (!this.stopping.signal.aborted) {
        this.closedUnexpectedly = true;
        this.log.error({ msg: 'NATS connection closed unexpectedly', err: err ? String(err) : undefined });
      }
    });
  }

  private async followStatus(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') {
        this.up = false;
        this.log.warn({ msg: 'disconnected from NATS', server: status.server });
      } else if (status.type === 'reconnect') {
        this.up = true;
        this.log.log({ msg: 'reconnected to NATS', server: status.server });
      }
    }
  }
}
