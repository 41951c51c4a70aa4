// The activator's data plane as one unit: routing table fed by the informers, the proxy, and
// its node:http listener. The Nest provider wires it into the service; tests and the benchmark
// start it directly against a store prefix of their own.
import type { AddressInfo } from 'node:net';
import type { EventCatalogue, Stoppable } from '@knts/events';
import { DataPlaneServer } from '@knts/observability';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Registry } from 'prom-client';
import { ConcurrencyReporter } from './autoscaling/concurrency-reporter';
import { DeferredStatSink } from './autoscaling/deferred-stat-sink';
import { natsAutoscalerStatSink } from './autoscaling/nats-autoscaler-stat-sink';
import { RequestMetrics } from './metrics/request-metrics';
import { FastPath } from './proxy/fast-path';
import { IngressProxy } from './proxy/ingress-proxy';
import { UpgradeTunnels } from './proxy/upgrade-tunnel';
import { followEndpointHints } from './routing/endpoint-hints';
import type { RevisionBackend } from './routing/revision-backend';
import { connectRoutingTable, type RoutingInformers } from './routing/routing-informers';
import { RoutingTable } from './routing/routing-table';

export interface IngressOptions {
  /** Omit to connect later (the service opens its listener before NATS is up). */
  informers?: RoutingInformers;
  host: string;
  port: number;
  /** Where activator_request_* metrics go; none when omitted. */
  registry?: Registry;
  sweepIntervalMs?: number;
  /** The raw-socket fast path in front of node:http (default on; off to test the slow path alone). */
  fastPath?: boolean;
  /** Where the autoscaler's stats and pokes go; omit to connect later (connectStats). */
  stats?: { nc: NatsConnection; catalogue: EventCatalogue };
  /** The stats' podName; hostname-pid by default. */
  podName?: string;
}

/** Longer than any client's keep-alive, so the activator is never the side that races a close. */
const CLIENT_KEEP_ALIVE_MS = 65_000;

export class Ingress {
  readonly table: RoutingTable;
  readonly proxy: IngressProxy;
  readonly server: DataPlaneServer;
  readonly fast: FastPath | undefined;
  /** WebSocket and other Upgrade requests, joined to the app byte for byte. */
  readonly tunnels: UpgradeTunnels;
  /** Per-revision concurrency for the autoscaler, from both proxy paths; runs from boot. */
  readonly reporter: ConcurrencyReporter<RevisionBackend>;
  private readonly statSink = new DeferredStatSink();
  private disconnect: () => void = () => undefined;
  private hints: Promise<Stoppable | undefined> | undefined;

  constructor(options: IngressOptions) {
    // The table reports removed endpoints to the proxy, which is built from the table.
    const removed = { proxy: undefined as IngressProxy | undefined };
    this.table = new RoutingTable({ onEndpointRemoved: (endpoint) => removed.proxy?.endpointRemoved(endpoint) });
    this.reporter = new ConcurrencyReporter<RevisionBackend>({
      sink: this.statSink,
      // No endpoint in rotation: the request will be held, so the autoscaler is poked now.
      isAtZero: (backend) => backend.ready.length === 0,
      podName: options.podName,
    });
    if (options.stats) this.connectStats(options.stats.nc, options.stats.catalogue);
    this.reporter.start();
    const proxy = new IngressProxy({
      table: this.table,
      metrics: options.registry ? new RequestMetrics(options.registry) : undefined,
      reporter: this.reporter,
      sweepIntervalMs: options.sweepIntervalMs,
    });
    removed.proxy = proxy;
    this.proxy = proxy;
    this.server = new DataPlaneServer({ host: options.host, port: options.port, handler: proxy.handle });
    const http = this.server.server;
    http.keepAliveTimeout = CLIENT_KEEP_ALIVE_MS;
    // Revision timeouts (up to 600 s) are enforced per request by the proxy, not by Node.
    http.requestTimeout = 0;
    http.headersTimeout = 60_000;
    this.fast = options.fastPath === false ? undefined : new FastPath(proxy);
    this.fast?.attach(http);
    this.tunnels = new UpgradeTunnels(proxy);
    http.on('upgrade', this.tunnels.handle);
    if (options.informers) this.connect(options.informers);
  }

  /** Starts following the store; existing objects arrive as adds. */
  connect(informers: RoutingInformers): void {
    this.disconnect();
    this.disconnect = connectRoutingTable(this.table, informers);
  }

  /** Stats and pokes go out on `nc` from now on; before this they are dropped. */
  connectStats(nc: NatsConnection, catalogue: EventCatalogue): void {
    this.statSink.connect(natsAutoscalerStatSink(nc, catalogue));
  }

  /**
   * Follows the runtime's readiness hints on `nc` (see routing/endpoint-hints.ts); resolves
   * once subscribed. Without them endpoints come from the Pod watch alone.
   */
  async connectHints(nc: NatsConnection, catalogue: EventCatalogue, onError?: (err: unknown, subject: string) => void): Promise<void> {
    const previous = this.hints;
    const next = followEndpointHints(this.table, nc, catalogue, onError);
    this.hints = next.catch(() => undefined);
    await (await previous)?.stop();
    await next;
  }

  listen(): Promise<AddressInfo> {
    return this.server.listen();
  }

  /** Held requests get 503 at once, in-flight ones may finish within `graceMs`, then pools close. */
  async close(graceMs: number): Promise<void> {
    this.disconnect();
    const hints = this.hints;
    this.hints = undefined;
    await (await hints)?.stop();
    this.table.close();
    this.proxy.shutdown();
    // Upgraded connections are no longer node:http's: they end with the service.
    this.tunnels.closeAll();
    const fast = this.fast;
    fast?.drain();
    // node:http cuts its own connections after graceMs; the fast path's are cut here.
    const force = fast ? setTimeout(() => fast.destroyAll(), graceMs) : undefined;
    try {
      await this.server.close(graceMs);
    } finally {
      clearTimeout(force);
    }
    fast?.close();
    this.proxy.close();
    this.reporter.stop();
    await Promise.all(
      [...this.table.endpoints()].map(async (endpoint) => {
        const dispatcher = endpoint.dispatcher;
        endpoint.dispatcher = undefined;
        await dispatcher?.destroy().catch(() => undefined);
      }),
    );
  }
}
