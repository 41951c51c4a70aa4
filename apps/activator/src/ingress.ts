// The activator's data plane as one unit: routing table fed by the informers, the proxy, and
// its node:http listener. The Nest provider wires it into the service; tests and the benchmark
// start it directly against a store prefix of their own.
import type { AddressInfo } from 'node:net';
import { DataPlaneServer } from '@knts/observability';
import type { Registry } from 'prom-client';
import { RequestMetrics } from './metrics/request-metrics';
import { FastPath } from './proxy/fast-path';
import { IngressProxy } from './proxy/ingress-proxy';
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
}

/** Longer than any client's keep-alive, so the activator is never the side that races a close. */
const CLIENT_KEEP_ALIVE_MS = 65_000;

export class Ingress {
  readonly table: RoutingTable;
  readonly proxy: IngressProxy;
  readonly server: DataPlaneServer;
  readonly fast: FastPath | undefined;
  private disconnect: () => void = () => undefined;

  constructor(options: IngressOptions) {
    // The table reports removed endpoints to the proxy, which is built from the table.
    const removed = { proxy: undefined as IngressProxy | undefined };
    this.table = new RoutingTable({ onEndpointRemoved: (endpoint) => removed.proxy?.endpointRemoved(endpoint) });
    const proxy = new IngressProxy({
      table: this.table,
      metrics: options.registry ? new RequestMetrics(options.registry) : undefined,
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
    this.fast = options.fastPath === false ? undefined : new FastPath(proxy, options.sweepIntervalMs);
    this.fast?.attach(http);
    if (options.informers) this.connect(options.informers);
  }

  /** Starts following the store; existing objects arrive as adds. */
  connect(informers: RoutingInformers): void {
    this.disconnect();
    this.disconnect = connectRoutingTable(this.table, informers);
  }

  listen(): Promise<AddressInfo> {
    return this.server.listen();
  }

  /** Held requests get 503 at once, in-flight ones may finish within `graceMs`, then pools close. */
  async close(graceMs: number): Promise<void> {
    this.disconnect();
    this.proxy.shutdown();
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
    await Promise.all(
      [...this.table.endpoints()].map(async (endpoint) => {
        const dispatcher = endpoint.dispatcher;
        endpoint.dispatcher = undefined;
        await dispatcher?.destroy().catch(() => undefined);
      }),
    );
  }
}
