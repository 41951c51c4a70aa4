// The activator's request handler: Host → Route → weighted revision → endpoint, proxied over a
// keep-alive undici Pool per endpoint. Raw node:http; no framework on this path.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Pool, type Dispatcher } from 'undici';
import type { RequestMetrics } from '../metrics/request-metrics';
import type { Endpoint } from '../routing/endpoint';
import type { RevisionBackend } from '../routing/revision-backend';
import type { RoutingTable } from '../routing/routing-table';
import type { FastPathHost } from './fast-path';
import { pickRevision } from './pick-revision';
import { ProxyExchange, type ExchangeHost } from './proxy-exchange';
import { clientAddress, scanRequestHeaders } from './request-headers';

/** The concurrency reporter as the proxy sees it (ConcurrencyReporter<RevisionBackend>). */
export interface RequestObserver {
  onRequestStart(backend: RevisionBackend): void;
  onRequestEnd(backend: RevisionBackend): void;
}

export interface IngressProxyOptions {
  table: RoutingTable;
  metrics?: RequestMetrics;
  /** Told of every proxied request's start and end, on both paths; none when omitted. */
  reporter?: RequestObserver;
  /** How often timeouts are checked; their precision. */
  sweepIntervalMs?: number;
  /** Idle keep-alive connections to an endpoint are closed after this long. */
  upstreamKeepAliveMs?: number;
}

/** Knative's activator answers its own network probes (pkg/activator/handler/probe_handler.go). */
const PROBE_VALUE = 'activator';

export class IngressProxy implements ExchangeHost, FastPathHost {
  private readonly table: RoutingTable;
  private readonly metrics: RequestMetrics | undefined;
  private readonly reporter: RequestObserver | undefined;
  private readonly inFlight = new Set<ProxyExchange>();
  private readonly sweeper: ReturnType<typeof setInterval>;
  /** Other sweeps on the same timer (the fast path's): one wakeup per period, not one each. */
  private readonly alsoSweep: ((now: number) => void)[] = [];
  private readonly upstreamKeepAliveMs: number;
  private closed = false;

  constructor(options: IngressProxyOptions) {
    this.table = options.table;
    this.metrics = options.metrics;
    this.reporter = options.reporter;
    this.upstreamKeepAliveMs = options.upstreamKeepAliveMs ?? 30_000;
    // One coarse timer for every request's three timeouts instead of up to three timers each.
    this.sweeper = setInterval(() => this.sweep(), options.sweepIntervalMs ?? 50);
    this.sweeper.unref();
  }

  /** The node:http request listener. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const scanned = scanRequestHeaders(req.rawHeaders, clientAddress(req.socket.remoteAddress));
    if (scanned.probe !== undefined) return answerProbe(res, scanned.probe);
    const route = this.table.lookup(scanned.host);
    if (!route) return replyText(res, 404, `no Route serves host ${JSON.stringify(normalizeForMessage(scanned.host))}\n`);
    if (this.closed) return replyText(res, 503, 'activator: shutting down\n');
    const backend = pickRevision(route);
    new ProxyExchange(this, backend, req, res, scanned.headers, scanned.hasBody, performance.now()).start();
  };

  /** Pass to RoutingTable's onEndpointRemoved: in-flight requests finish, then the pool closes. */
  readonly endpointRemoved = (endpoint: Endpoint): void => {
    const dispatcher = endpoint.dispatcher;
    endpoint.dispatcher = undefined;
    if (dispatcher) void dispatcher.close().catch(() => undefined);
    endpoint.fastPool?.close();
    endpoint.fastPool = undefined;
  };

  /** Held requests are answered 503 at once; in-flight ones are left to the server's drain. */
  shutdown(): void {
    this.closed = true;
    for (const exchange of [...this.inFlight]) exchange.shutdown();
  }

  /** Stops the sweeper; call after the server closed. */
  close(): void {
    this.closed = true;
    clearInterval(this.sweeper);
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  // --- ExchangeHost -----------------------------------------------------------------------

  requestStarted(backend: RevisionBackend): void {
    this.reporter?.onRequestStart(backend);
  }

  requestEnded(backend: RevisionBackend): void {
    this.reporter?.onRequestEnd(backend);
  }

  dispatcherFor(endpoint: Endpoint): Dispatcher {
    let dispatcher = endpoint.dispatcher;
    if (!dispatcher) {
      // Unlimited connections per endpoint, as Go's transport (MaxConnsPerHost 0); idle ones age out.
      dispatcher = new Pool(endpoint.origin, {
        connections: null,
        pipelining: 1,
        keepAliveTimeout: this.upstreamKeepAliveMs,
        keepAliveMaxTimeout: this.upstreamKeepAliveMs,
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      endpoint.dispatcher = dispatcher;
    }
    return dispatcher;
  }

  track(exchange: ProxyExchange): void {
    this.inFlight.add(exchange);
  }

  untrack(exchange: ProxyExchange): void {
    this.inFlight.delete(exchange);
  }

  // --- FastPathHost -----------------------------------------------------------------------

  get shuttingDown(): boolean {
    return this.closed;
  }

  backendFor(host: string): RevisionBackend | undefined {
    const route = this.table.lookup(host);
    return route ? pickRevision(route) : undefined;
  }

  record(backend: RevisionBackend, code: number, latencyMs: number): void {
    this.metrics?.record(backend, code, latencyMs);
  }

  finished(exchange: ProxyExchange, code: number): void {
    this.metrics?.record(exchange.backend, code, performance.now() - exchange.startedAt);
  }

  forget(backend: RevisionBackend): void {
    this.table.forgetIfUnused(backend);
  }

  /** Runs `sweep` on this proxy's timer from now on. */
  sweepAlso(sweep: (now: number) => void): void {
    this.alsoSweep.push(sweep);
  }

  private sweep(): void {
    const now = performance.now();
    for (const sweep of this.alsoSweep) sweep(now);
    if (this.inFlight.size === 0) return;
    for (const exchange of this.inFlight) exchange.checkTimeouts(now);
  }
}

function normalizeForMessage(host: string): string {
  const colon = host.lastIndexOf(':');
  return colon > 0 && !host.endsWith(']') ? host.slice(0, colon) : host;
}

function answerProbe(res: ServerResponse, value: string): void {
  if (value === PROBE_VALUE) replyText(res, 200, PROBE_VALUE);
  else replyText(res, 400, `unexpected probe header value: ${value}\n`);
}

function replyText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, ['content-type', 'text/plain; charset=utf-8', 'content-length', String(Buffer.byteLength(body))]);
  res.end(body);
}
