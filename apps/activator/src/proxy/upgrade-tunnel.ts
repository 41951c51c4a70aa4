// HTTP/1.1 Upgrade (WebSocket) through the activator, as Knative's conformance expects
// (test/conformance/api/v1 websocket tests: through the activator too). node:http parses the
// request head and emits 'upgrade'; the request is routed like any other (Host → Route →
// weighted revision), takes a lease from the revision's throttler (held while at zero, as
// requests are), and then the two sockets are joined byte for byte: the app's 101 (or any other
// answer) goes back unchanged. The tunnel counts as one request in flight until either side
// closes; the revision's timeoutSeconds bound the wait for a replica and the app's first answer,
// not the life of the connection.
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { Endpoint } from '../routing/endpoint';
import type { RevisionBackend } from '../routing/revision-backend';
import type { EndpointLease } from '../throttling/endpoint-lease';
import { QueueFullError } from '../throttling/queue-full-error';
import { CONNECT_ERRORS, type FastPathHost } from './fast-path';
import { clientAddress, scanRequestHeaders } from './request-headers';

/** What a tunnel needs from the proxy: what the fast path needs (routing, reporter, metrics). */
export type TunnelHost = Pick<FastPathHost, 'shuttingDown' | 'backendFor' | 'requestStarted' | 'requestEnded' | 'forget' | 'record'>;

export class UpgradeTunnels {
  private readonly open = new Set<Tunnel>();

  constructor(private readonly host: TunnelHost) {}

  /** The node:http server's 'upgrade' listener. */
  readonly handle = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const scanned = scanRequestHeaders(req.rawHeaders, clientAddress(req.socket.remoteAddress));
    if (this.host.shuttingDown) return rejectRaw(socket, 503, 'activator: shutting down\n');
    const backend = this.host.backendFor(scanned.host);
    if (!backend) return rejectRaw(socket, 404, `no Route serves host ${JSON.stringify(scanned.host)}\n`);
    // The hop-by-hop headers the scan dropped are the point of this request: put them back.
    const headers = [...scanned.headers, 'Connection', 'Upgrade', 'Upgrade', req.headers.upgrade ?? ''];
    let text = `${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1\r\n`;
    for (let i = 0; i < headers.length; i += 2) text += `${headers[i]}: ${headers[i + 1]}\r\n`;
    const tunnel = new Tunnel(this.host, backend, socket as Socket, Buffer.concat([Buffer.from(`${text}\r\n`, 'latin1'), head]), () => this.open.delete(tunnel));
    this.open.add(tunnel);
    tunnel.start();
  };

  get count(): number {
    return this.open.size;
  }

  /** Shutdown: every tunnel closes now (held ones get 503). */
  closeAll(): void {
    for (const tunnel of [...this.open]) tunnel.close(503);
  }
}

class Tunnel {
  private lease: EndpointLease<Endpoint> | undefined;
  private upstream: Socket | undefined;
  private readonly startedAt = performance.now();
  private readonly abort = new AbortController();
  private joined = false;
  private done = false;

  constructor(
    private readonly host: TunnelHost,
    private readonly backend: RevisionBackend,
    private readonly client: Socket,
    /** The request head as the app gets it, plus what the client sent after it. */
    private readonly request: Buffer,
    private readonly onDone: () => void,
  ) {
    client.on('error', () => this.close(0));
    client.on('close', () => this.close(0));
  }

  start(): void {
    this.host.requestStarted(this.backend);
    this.acquire();
  }

  private acquire(): void {
    const throttler = this.backend.throttler;
    const lease = throttler.tryAcquire();
    if (lease) return this.connectTo(lease);
    const deadline = Date.now() + this.backend.settings.timeoutMs;
    throttler.acquire(deadline, this.abort.signal).then(
      (granted) => {
        if (this.done) {
          throttler.release(granted);
          this.host.forget(this.backend);
        } else this.connectTo(granted);
      },
      (err: unknown) => {
        if (this.done) return;
        if (err instanceof QueueFullError) this.close(503, `${err.message}\n`);
        else this.close(504, 'activator request timeout\n');
      },
    );
  }

  private connectTo(lease: EndpointLease<Endpoint>): void {
    this.lease = lease;
    const endpoint = lease.endpoint;
    const upstream = connect({ host: endpoint.host, port: endpoint.port, noDelay: true });
    this.upstream = upstream;
    upstream.once('connect', () => {
      if (this.done) return;
      this.joined = true;
      upstream.write(this.request);
      // Bytes both ways from here on; either side's end ends the other.
      upstream.pipe(this.client);
      this.client.pipe(upstream);
    });
    upstream.on('error', (err: Error & { code?: string }) => {
      if (this.done) return;
      if (!this.joined && CONNECT_ERRORS.has(err.code ?? '')) {
        // Nothing reached the app: out of rotation, then another replica (or wait for one).
        this.backend.markRefused(endpoint);
        this.releaseLease();
        this.upstream = undefined;
        this.acquire();
        return;
      }
      this.close(this.joined ? 0 : 502, `activator: error proxying to revision "${this.backend.key}": ${err.message}\n`);
    });
    upstream.on('close', () => {
      if (this.joined) this.close(0);
    });
  }

  /** Ends the tunnel once; `status` > 0 answers the client first when nothing was joined yet. */
  close(status: number, body?: string): void {
    if (this.done) return;
    this.done = true;
    this.abort.abort();
    if (status > 0 && !this.joined) rejectRaw(this.client, status, body ?? `${STATUS_CODES[status] ?? ''}\n`);
    else this.client.destroy();
    this.upstream?.destroy();
    this.releaseLease();
    this.host.record(this.backend, this.joined ? 101 : status, performance.now() - this.startedAt);
    this.host.requestEnded(this.backend);
    this.host.forget(this.backend);
    this.onDone();
  }

  private releaseLease(): void {
    const lease = this.lease;
    this.lease = undefined;
    if (lease) this.backend.throttler.release(lease);
  }
}

/** An answer on a socket node:http no longer writes to, then the end of it. */
function rejectRaw(socket: Duplex, status: number, body: string): void {
  if (socket.destroyed) return;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: text/plain; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
