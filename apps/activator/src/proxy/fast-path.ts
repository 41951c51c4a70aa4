// The raw-socket HTTP/1.1 fast path. Client connections are accepted before node:http sees
// them; each request head is parsed here (http1.ts), routed, rewritten and written with its
// body bytes to a pooled keep-alive upstream socket, and the response bytes are copied back
// while only its framing is parsed. No header objects, no streams, no per-request closures.
//
// Anything unusual (see parseRequestHead: HTTP/1.0, Expect, Upgrade, probes, ...), no Route,
// no lease from the revision's throttler at once (the request must be held: at zero, or every
// replica at its containerConcurrency — tryAcquire never overtakes a held request), or shutdown: the bytes read so far are put
// back and the socket is handed to node:http (the slow path, IngressProxy.handle) for good.
// Measured (bench/README.md #3b → #8): c=50 0.51× → 0.72–0.77× nginx's throughput, added p95
// at 1000 rps 3.2× → 1.75–2.0× nginx's.
import type { Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { writeSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks'; // the global is a getter run on every access
import type { Endpoint } from '../routing/endpoint';
import type { RevisionBackend } from '../routing/revision-backend';
import type { EndpointLease } from '../throttling/endpoint-lease';
import {
  BODY_CHUNKED,
  BODY_CLOSE,
  BODY_LENGTH,
  BODY_NONE,
  ChunkedScanner,
  ForwardingCache,
  parseRequestHead,
  parseResponseHead,
  SLOW,
} from './http1';
import { clientAddress } from './request-headers';
import { detach, READ_BUFFER, readIntoSharedBuffer, sharedReadOption } from './shared-reads';

/** What the fast path needs from the proxy: routing, the sweeper, metrics. */
export interface FastPathHost {
  readonly shuttingDown: boolean;
  /** Host → Route → weighted revision, undefined when no Route serves the host. */
  backendFor(host: string): RevisionBackend | undefined;
  /** The concurrency reporter's start/end: once each per request the fast path proxies. */
  requestStarted(backend: RevisionBackend): void;
  requestEnded(backend: RevisionBackend): void;
  /** Lets the routing table drop a backend whose last lease just went back. */
  forget(backend: RevisionBackend): void;
  record(backend: RevisionBackend, code: number, latencyMs: number): void;
  /** Runs `sweep` on the host's sweeper timer (one timer, one wakeup per period, for both). */
  sweepAlso(sweep: (now: number) => void): void;
}

type ConnectionListener = (socket: Socket) => void;

/** Upstream errors that mean "nothing reached the app": safe to send elsewhere. */
export const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const MAX_RESET_RETRIES = 3;
/** Request bytes kept for a retry or a hand-over until the response starts; larger bodies are not. */
const MAX_RETAINED = 64 * 1024;
/** Longer than any client's keep-alive, so the activator is never the side that races a close. */
const CLIENT_KEEP_ALIVE_MS = 65_000;
/** Below this a head and its body go out as one buffer (one send); above, corked writes. */
const COALESCE_BYTES = 16 * 1024;
/** The end of a response head we pass on: as is, or telling the client we close. */
const END_OF_HEAD = Buffer.from('\r\n', 'latin1');
const CLOSE_TAIL = Buffer.from('Connection: close\r\n\r\n', 'latin1');
const EMPTY = Buffer.alloc(0);

export class FastPath {
  private slowListeners: ConnectionListener[] = [];
  private server: Server | undefined;
  readonly connections = new Set<ClientConnection>();
  private readonly pools = new Set<UpstreamPool>();
  private closed = false;
  private lastIdleSweep = 0;
  draining = false;

  constructor(
    readonly host: FastPathHost,
    private readonly upstreamKeepAliveMs = 30_000,
  ) {
    // A sweep over its own connections, on the host's timer: no per-request Set insert/delete in
    // the proxy's, no per-socket timer refreshed on every read and write (README #5: 0.77×).
    host.sweepAlso((now) => this.sweep(now));
  }

  /** Takes over `server`'s connections; node:http gets those the fast path hands over. */
  attach(server: Server): void {
    this.server = server;
    this.slowListeners = server.listeners('connection') as ConnectionListener[];
    server.removeAllListeners('connection');
    server.on('connection', (socket: Socket) => this.accept(socket));
  }

  poolFor(endpoint: Endpoint): UpstreamPool {
    let pool = endpoint.fastPool;
    if (!pool) {
      pool = new UpstreamPool(endpoint.host, endpoint.port, this.pools);
      endpoint.fastPool = pool;
      this.pools.add(pool);
    }
    return pool;
  }

  /** Hands a socket (with the bytes read from it put back) to node:http. */
  toSlowPath(socket: Socket): void {
    const server = this.server;
    if (!server) {
      socket.destroy();
      return;
    }
    for (const listener of this.slowListeners) listener.call(server, socket);
    // node:http's parser reads from the handle; the put-back bytes need the stream flowing.
    socket.resume();
  }

  /** Shutdown: idle connections close now, busy ones after their current response. */
  drain(): void {
    this.draining = true;
    for (const c of [...this.connections]) if (!c.busy) c.socket.destroy();
  }

  destroyAll(): void {
    for (const c of [...this.connections]) c.socket.destroy();
    for (const pool of [...this.pools]) pool.close();
  }

  close(): void {
    this.closed = true;
    this.destroyAll();
  }

  private accept(socket: Socket): void {
    if (this.draining) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    this.connections.add(new ClientConnection(this, socket));
  }

  private sweep(now: number): void {
    if (this.closed) return;
    for (const c of this.connections) c.checkTimeouts(now);
    if (now - this.lastIdleSweep < 1000) return;
    this.lastIdleSweep = now;
    for (const pool of this.pools) pool.closeIdleBefore(now - this.upstreamKeepAliveMs);
  }
}

/** Keep-alive sockets to one endpoint; most recently used first. */
export class UpstreamPool {
  private readonly idle: UpstreamConnection[] = [];
  closed = false;

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly registry: Set<UpstreamPool>,
  ) {}

  acquire(): UpstreamConnection {
    return this.idle.pop() ?? new UpstreamConnection(this);
  }

  release(conn: UpstreamConnection): void {
    conn.exchange = undefined;
    if (this.closed || !conn.reusable) {
      conn.socket.destroy();
      return;
    }
    conn.idleSince = performance.now();
    this.idle.push(conn);
  }

  remove(conn: UpstreamConnection): void {
    const i = this.idle.indexOf(conn);
    if (i >= 0) this.idle.splice(i, 1);
  }

  closeIdleBefore(time: number): void {
    while (this.idle.length > 0 && this.idle[0].idleSince < time) this.idle.shift()?.socket.destroy();
  }

  /** The endpoint went away: idle sockets close now, busy ones when their exchange ends. */
  close(): void {
    this.closed = true;
    this.registry.delete(this);
    for (const conn of this.idle.splice(0)) conn.socket.destroy();
  }
}

export class UpstreamConnection {
  readonly socket: Socket;
  exchange: ClientConnection | undefined = undefined;
  reusable = true;
  idleSince = 0;
  private knownFd = -1;
  private error: (Error & { code?: string }) | undefined = undefined;

  constructor(readonly pool: UpstreamPool) {
    // The response bytes arrive in the shared read buffer (shared-reads.ts), not as 'data'.
    this.socket = connect({ host: pool.host, port: pool.port, noDelay: true, onread: sharedReadOption(this.onRead) });
    this.socket.on('drain', this.onDrain);
    this.socket.on('error', this.onError);
    this.socket.on('close', this.onClose);
  }

  /** The socket's descriptor once connected (read once: the handle's getter is a C++ call). */
  get fd(): number {
    if (this.knownFd < 0) this.knownFd = fdOf(this.socket);
    return this.knownFd;
  }

  private readonly onRead = (nread: number): boolean => {
    const exchange = this.exchange;
    if (exchange) exchange.upstreamData(READ_BUFFER.subarray(0, nread));
    else {
      // Bytes nobody asked for: the connection's framing can no longer be trusted.
      this.reusable = false;
      this.socket.destroy();
    }
    return true;
  };

  private readonly onDrain = (): void => {
    this.exchange?.upstreamDrained();
  };

  private readonly onError = (err: Error): void => {
    this.error = err;
  };

  private readonly onClose = (): void => {
    this.reusable = false;
    const exchange = this.exchange;
    this.exchange = undefined;
    if (exchange) exchange.upstreamClosed(this, this.error);
    else this.pool.remove(this);
  };
}

/**
 * One client connection, and the one exchange in progress on it (requests are served in
 * order; pipelined ones wait in `buffered`). Doubles as the sweeper's entry for that exchange,
 * so a request allocates no object of its own beyond its parsed head.
 */
export class ClientConnection {
  private readonly fwd: ForwardingCache;
  private readonly fd: number;
  /** headTail as bytes, for the last tail seen (the same for every request to one Host). */
  private tailText = '';
  private tailBytes = EMPTY;
  /** Bytes read but not consumed: a partial head, or pipelined requests. */
  private buffered: Buffer | undefined = undefined;
  private handedOver = false;
  /** We are closing this connection: whatever the client still sends is ignored. */
  private ending = false;
  busy = false;

  // --- the exchange in progress ---
  private backend: RevisionBackend | undefined = undefined;
  private endpoint: Endpoint | undefined = undefined;
  /** The throttler lease `endpoint` came from; released once, in complete() or before a retry. */
  private lease: EndpointLease<Endpoint> | undefined = undefined;
  private upstream: UpstreamConnection | undefined = undefined;
  /** The request head as sent upstream: ranges of the client's bytes, then the added headers. */
  private headRanges: number[] = [];
  private isHead = false;
  private hasBody = false;
  private closeAfter = false;
  private reqBodyKind = BODY_NONE;
  private reqRemaining = 0;
  private readonly reqChunks = new ChunkedScanner();
  /** The client's bytes of this request (head and body so far), for a retry or a hand-over. */
  private retained: Buffer[] | undefined = undefined;
  private retainedHeadBytes = 0;
  private retainedBytes = 0;
  private resetRetries = 0;
  private responseHead: Buffer | undefined = undefined;
  private responded = false;
  private status = 0;
  private resBodyKind = BODY_NONE;
  private resRemaining = 0;
  private readonly resChunks = new ChunkedScanner();
  private startedAt = 0;
  private deadline = 0;
  private responseStartDeadline = 0;
  private idleTimeoutMs = 0;
  private lastActivity = 0;

  constructor(
    private readonly fast: FastPath,
    readonly socket: Socket,
  ) {
    this.fwd = new ForwardingCache(clientAddress(socket.remoteAddress));
    this.fd = fdOf(socket);
    if (!readIntoSharedBuffer(socket, this.onRead)) socket.on('data', this.onData);
    socket.on('drain', this.onDrain);
    socket.on('end', this.onEnd);
    socket.on('error', noop);
    socket.on('close', this.onClose);
    this.lastActivity = performance.now();
  }

  // --- client side ------------------------------------------------------------------------

  /** Shared reads: the bytes are only valid during this call (see detach). */
  private readonly onRead = (nread: number): boolean => {
    // Handed to node:http, whose parser reads the handle itself; what still comes here (after
    // an upgrade, node:http reads the socket as a stream) goes on as a stream would get it.
    if (this.handedOver) return this.socket.push(Buffer.from(READ_BUFFER.subarray(0, nread)));
    this.onData(READ_BUFFER.subarray(0, nread));
    return true;
  };

  private readonly onData = (chunk: Buffer): void => {
    if (this.ending) return;
    if (this.busy && this.reqRemaining !== 0) {
      this.requestBody(chunk);
      return;
    }
    this.buffered = this.buffered === undefined ? chunk : Buffer.concat([this.buffered, chunk]);
    if (this.busy) this.socket.pause(); // pipelined: waits for the response in progress
    else this.next();
    if (this.buffered !== undefined) this.buffered = detach(this.buffered);
  };

  /** Starts the next buffered request, or waits for more bytes. */
  private next(): void {
    const buf = this.buffered;
    if (buf === undefined) return;
    const head = parseRequestHead(buf, this.fwd);
    if (head === undefined) return;
    if (head === SLOW) return this.handOver();
    const fast = this.fast;
    const backend = fast.host.shuttingDown ? undefined : fast.host.backendFor(head.host);
    // No Route (404), or no endpoint with capacity now (the request must be held): node:http's
    // job. Its exchange reports the request to the concurrency reporter itself (with the poke
    // for a revision at zero), so the fast path reports only the requests it keeps.
    const lease = backend?.throttler.tryAcquire();
    if (!backend || lease === undefined) return this.handOver();
    const endpoint = lease.endpoint;
    this.lease = lease;
    fast.host.requestStarted(backend);

    const now = performance.now();
    const settings = backend.settings;
    this.busy = true;
    this.backend = backend;
    this.endpoint = endpoint;
    this.headRanges = head.ranges;
    if (head.tail !== this.tailText) {
      this.tailText = head.tail;
      this.tailBytes = Buffer.from(head.tail, 'latin1');
    }
    this.isHead = head.isHead;
    this.closeAfter = head.close;
    this.reqBodyKind = head.bodyKind;
    this.hasBody = head.bodyKind !== BODY_NONE;
    this.resetRetries = 0;
    this.responded = false;
    this.responseHead = undefined;
    this.status = 0;
    this.startedAt = now;
    this.lastActivity = now;
    this.deadline = now + settings.timeoutMs;
    this.responseStartDeadline = now + settings.responseStartTimeoutMs;
    this.idleTimeoutMs = settings.idleTimeoutMs;

    // The body bytes already here.
    let bodyEnd = head.end;
    if (head.bodyKind === BODY_LENGTH) {
      const have = Math.min(head.contentLength, buf.length - head.end);
      bodyEnd += have;
      this.reqRemaining = head.contentLength - have;
    } else if (head.bodyKind === BODY_CHUNKED) {
      this.reqChunks.reset();
      const end = this.reqChunks.scan(buf, head.end);
      if (end === -2) return this.protocolError();
      bodyEnd = end < 0 ? buf.length : end;
      this.reqRemaining = end < 0 ? -1 : 0;
    } else this.reqRemaining = 0;
    const request = bodyEnd === buf.length ? buf : buf.subarray(0, bodyEnd);
    this.buffered = bodyEnd === buf.length ? undefined : buf.subarray(bodyEnd);
    this.retained = [detach(request)];
    this.retainedHeadBytes = head.end;
    this.retainedBytes = request.length;
    if (this.buffered !== undefined) this.socket.pause();
    this.sendUpstream(endpoint);
  }

  /** Writes the head and the retained body bytes to a pooled connection to `endpoint`. */
  private sendUpstream(endpoint: Endpoint): void {
    const upstream = this.fast.poolFor(endpoint).acquire();
    this.upstream = upstream;
    upstream.exchange = this;
    const retained = this.retained;
    if (retained === undefined) return;
    const request = retained.length === 1 ? retained[0] : Buffer.concat(retained);
    if (!writeMessage(upstream.socket, upstream.fd, request, this.headRanges, this.tailBytes, request, this.retainedHeadBytes) && this.reqRemaining !== 0) this.socket.pause();
  }

  private requestBody(chunk: Buffer): void {
    let part = chunk;
    if (this.reqBodyKind === BODY_LENGTH) {
      if (chunk.length > this.reqRemaining) {
        part = chunk.subarray(0, this.reqRemaining);
        this.buffered = detach(chunk.subarray(this.reqRemaining));
      }
      this.reqRemaining -= part.length;
    } else {
      const end = this.reqChunks.scan(chunk, 0);
      if (end === -2) return this.protocolError();
      if (end >= 0) {
        part = chunk.subarray(0, end);
        if (end < chunk.length) this.buffered = detach(chunk.subarray(end));
        this.reqRemaining = 0;
      }
    }
    this.lastActivity = performance.now();
    if (this.retained !== undefined) {
      this.retainedBytes += part.length;
      if (this.retainedBytes <= MAX_RETAINED) this.retained.push(detach(part));
      else this.retained = undefined; // too large to replay: no retry, no hand-over
    }
    const upstream = this.upstream;
    // Backpressure: stop reading the client while the app's socket buffer is full.
    if (upstream && !sendNow(upstream.socket, part, upstream.fd) && this.reqRemaining !== 0) this.socket.pause();
    if (this.reqRemaining === 0 && this.buffered !== undefined) this.socket.pause();
  }

  /** The app's socket drained: read more of the request body. */
  upstreamDrained(): void {
    if (this.reqRemaining !== 0) this.socket.resume();
  }

  private readonly onDrain = (): void => {
    this.upstream?.socket.resume();
  };

  private readonly onEnd = (): void => {
    if (this.busy) {
      // As node:http (httpAllowHalfOpen false): a client that ends its side aborts the exchange.
      this.dropUpstream();
      this.complete(499);
    }
    this.end();
  };

  private readonly onClose = (): void => {
    this.fast.connections.delete(this);
    if (this.handedOver || !this.busy) return;
    // The client went away mid-exchange: 499, nginx's "client closed request".
    this.dropUpstream();
    this.complete(499);
  };

  // --- upstream side ----------------------------------------------------------------------

  upstreamData(chunk: Buffer): void {
    this.lastActivity = performance.now();
    if (!this.responded) {
      let buf = this.responseHead === undefined ? chunk : Buffer.concat([this.responseHead, chunk]);
      for (;;) {
        const head = parseResponseHead(buf, this.isHead);
        if (head === undefined) {
          this.responseHead = detach(buf);
          return;
        }
        if (head === null) return this.badGateway('malformed response head');
        if (head.status >= 100 && head.status < 200) {
          // Interim responses (100, 103) are not forwarded, as on the slow path.
          if (head.status === 101) return this.badGateway('unexpected 101');
          buf = buf.subarray(head.end);
          if (buf.length === 0) {
            this.responseHead = undefined;
            return;
          }
          continue;
        }
        this.responseHead = undefined;
        this.responded = true;
        this.retained = undefined;
        this.status = head.status;
        this.resBodyKind = head.bodyKind;
        if (!head.reusable && this.upstream) this.upstream.reusable = false;
        if (head.bodyKind === BODY_CLOSE) this.closeAfter = true;
        const tail = this.closeAfter ? CLOSE_TAIL : END_OF_HEAD;
        let body: Buffer | undefined;
        let complete: boolean | undefined;
        if (head.bodyKind === BODY_NONE) {
          complete = true;
          if (head.end < buf.length && this.upstream) this.upstream.reusable = false;
        } else {
          if (head.bodyKind === BODY_LENGTH) this.resRemaining = head.contentLength;
          else if (head.bodyKind === BODY_CHUNKED) this.resChunks.reset();
          body = buf.subarray(head.end);
          [body, complete] = this.responseBody(body);
          if (complete === undefined) return;
        }
        const written = writeMessage(this.socket, this.fd, buf, head.ranges, tail, body, 0);
        if (complete) this.responseDone();
        else if (!written) this.upstream?.socket.pause();
        return;
      }
    }
    const [part, complete] = this.responseBody(chunk);
    if (complete === undefined) return;
    const written = part.length === 0 || sendNow(this.socket, part, this.fd);
    if (complete) this.responseDone();
    else if (!written) this.upstream?.socket.pause();
  }

  /** The part of `chunk` that belongs to the response body, and whether the body ends in it. */
  private responseBody(chunk: Buffer): [Buffer, boolean] | [Buffer, undefined] {
    switch (this.resBodyKind) {
      case BODY_LENGTH: {
        let part = chunk;
        if (chunk.length >= this.resRemaining) {
          if (chunk.length > this.resRemaining && this.upstream) this.upstream.reusable = false;
          part = chunk.subarray(0, this.resRemaining);
        }
        this.resRemaining -= part.length;
        return [part, this.resRemaining === 0];
      }
      case BODY_CHUNKED: {
        const end = this.resChunks.scan(chunk, 0);
        if (end === -2) {
          this.badGateway('malformed chunked response');
          return [chunk, undefined];
        }
        if (end < 0) return [chunk, false];
        if (end < chunk.length && this.upstream) this.upstream.reusable = false;
        return [end === chunk.length ? chunk : chunk.subarray(0, end), true];
      }
      default:
        return [chunk, false]; // BODY_CLOSE: ends with the upstream connection
    }
  }

  upstreamClosed(conn: UpstreamConnection, error: (Error & { code?: string }) | undefined): void {
    if (conn !== this.upstream || !this.busy) return;
    this.upstream = undefined;
    if (this.responded) {
      if (this.resBodyKind === BODY_CLOSE && error === undefined) {
        this.complete(this.status);
        this.end();
      } else {
        this.socket.destroy();
        this.complete(this.status);
      }
      return;
    }
    const code = error?.code ?? '';
    if (CONNECT_ERRORS.has(code) && this.backend && this.endpoint) {
      // Nothing reached the app: take the endpoint out and try another (or hold, on the slow path).
      this.backend.markRefused(this.endpoint);
      if (this.retry()) return;
    } else if (!this.hasBody && this.resetRetries < MAX_RESET_RETRIES) {
      // A kept-alive connection the app closed just as we wrote: safe without a body.
      this.resetRetries++;
      if (this.retry()) return;
    }
    this.badGateway(error?.message ?? 'upstream closed the connection');
  }

  private retry(): boolean {
    const backend = this.backend;
    if (this.retained === undefined || !backend) return false;
    // Refused endpoints are out of rotation already (markRefused before this), so the slot
    // given back is not granted to them again.
    this.releaseLease();
    const lease = backend.throttler.tryAcquire();
    if (lease !== undefined) {
      this.lease = lease;
      this.endpoint = lease.endpoint;
      this.sendUpstream(lease.endpoint);
      return true;
    }
    // No endpoint with capacity: node:http holds the request until one has. Nothing was
    // written. The request leaves the fast path here and node:http reports it again from its
    // start (one extra count in the period's request count; concurrency stays exact).
    this.backend = undefined;
    this.endpoint = undefined;
    this.fast.host.requestEnded(backend);
    this.busy = false;
    const retained = this.retained;
    this.retained = undefined;
    if (this.buffered !== undefined) retained.push(this.buffered);
    this.buffered = Buffer.concat(retained);
    this.handOver();
    return true;
  }

  // --- timeouts ---------------------------------------------------------------------------

  checkTimeouts(now: number): void {
    if (!this.busy) {
      // Idle keep-alive connections close; the request timeouts below are per exchange.
      if (now - this.lastActivity >= CLIENT_KEEP_ALIVE_MS) this.socket.destroy();
      return;
    }
    if (now >= this.deadline || (!this.responded && now >= this.responseStartDeadline) || (this.idleTimeoutMs > 0 && now - this.lastActivity >= this.idleTimeoutMs)) {
      this.dropUpstream();
      if (!this.responded) this.reply(504, 'activator request timeout\n');
      else {
        // The status line is out: all that is left is to cut the stream.
        this.socket.destroy();
        this.complete(this.status);
      }
    }
  }

  // --- endings ----------------------------------------------------------------------------

  private responseDone(): void {
    const upstream = this.upstream;
    this.upstream = undefined;
    if (upstream) {
      // The app answered before the whole request body arrived: neither side can be reused.
      if (this.reqRemaining !== 0) {
        upstream.reusable = false;
        this.closeAfter = true;
      }
      upstream.pool.release(upstream);
    }
    const closeAfter = this.closeAfter;
    this.complete(this.status);
    if (closeAfter || this.fast.draining) {
      this.end();
      return;
    }
    if (this.buffered !== undefined) {
      this.socket.resume();
      this.next();
    } else if (this.socket.isPaused()) this.socket.resume();
  }

  private complete(code: number): void {
    this.busy = false;
    this.lastActivity = performance.now();
    this.retained = undefined;
    this.reqRemaining = 0;
    const backend = this.backend;
    this.releaseLease();
    this.backend = undefined;
    if (backend) {
      this.fast.host.record(backend, code, performance.now() - this.startedAt);
      this.fast.host.requestEnded(backend);
      this.fast.host.forget(backend);
    }
  }

  /** Gives the throttler slot back (a held request may be granted it at once). */
  private releaseLease(): void {
    const lease = this.lease;
    const backend = this.backend;
    this.lease = undefined;
    this.endpoint = undefined;
    if (lease !== undefined && backend !== undefined) backend.throttler.release(lease);
  }

  private dropUpstream(): void {
    const upstream = this.upstream;
    this.upstream = undefined;
    if (upstream) {
      upstream.exchange = undefined;
      upstream.reusable = false;
      upstream.socket.destroy();
    }
  }

  private badGateway(message: string): void {
    this.dropUpstream();
    if (this.responded) {
      this.socket.destroy();
      this.complete(this.status);
      return;
    }
    const key = this.backend?.key ?? '';
    this.reply(502, `activator: error proxying to revision "${key}": ${message}\n`);
  }

  private protocolError(): void {
    this.dropUpstream();
    this.reply(400, 'activator: malformed request body\n');
    this.closeAfter = true;
    this.end();
  }

  /** Our own answer; the connection stays open only if the request was read entirely. */
  private reply(status: number, body: string): void {
    this.status = status;
    const close = this.reqRemaining !== 0 || this.closeAfter;
    const head =
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: text/plain; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\n${close ? 'connection: close\r\n' : ''}\r\n`;
    if (!this.socket.destroyed) this.socket.write(head + body, 'latin1');
    this.complete(status);
    if (close || this.fast.draining) this.end();
    else if (this.buffered !== undefined) {
      this.socket.resume();
      this.next();
    }
  }

  private end(): void {
    this.ending = true;
    this.socket.end();
  }

  /** node:http takes the connection from here on, with every unconsumed byte put back. */
  private handOver(): void {
    this.handedOver = true;
    const socket = this.socket;
    socket.off('data', this.onData);
    socket.off('drain', this.onDrain);
    socket.off('end', this.onEnd);
    socket.off('error', noop);
    socket.off('close', this.onClose);
    socket.pause();
    this.fast.connections.delete(this);
    const buffered = this.buffered;
    this.buffered = undefined;
    if (buffered !== undefined) socket.unshift(detach(buffered));
    this.fast.toSlowPath(socket);
  }
}

function noop(): void {}


/**
 * One message out: the `ranges` of `source`, then `tail` (latin1), then `body` from `skip`.
 * Copied into one buffer, one send, when small (README #5, with the own sweeper: the
 * cons-string head flattened and re-encoded on every write cost more than these copies);
 * corked writes for large bodies.
 */
function writeMessage(socket: Socket, fd: number, source: Buffer, ranges: number[], tail: Buffer, body: Buffer | undefined, skip: number): boolean {
  let headLength = tail.length;
  for (let i = 0; i < ranges.length; i += 2) headLength += ranges[i + 1] - ranges[i];
  const bodyLength = body === undefined ? 0 : body.length - skip;
  const large = bodyLength > COALESCE_BYTES;
  const out = Buffer.allocUnsafe(large ? headLength : headLength + bodyLength);
  let at = 0;
  for (let i = 0; i < ranges.length; i += 2) at += source.copy(out, at, ranges[i], ranges[i + 1]);
  out.set(tail, at);
  at += tail.length;
  if (body === undefined || bodyLength <= 0) return sendNow(socket, out, fd);
  if (!large) {
    body.copy(out, at, skip);
    return sendNow(socket, out, fd);
  }
  socket.cork();
  socket.write(out);
  const ok = socket.write(detach(skip === 0 ? body : body.subarray(skip)));
  socket.uncork();
  return ok;
}

interface FdHandle {
  fd?: number;
}

/** The descriptor under `socket`, or -1 (not connected yet, or closed). */
export function fdOf(socket: Socket): number {
  return (socket as unknown as { _handle?: FdHandle | null })._handle?.fd ?? -1;
}

/**
 * `socket.write(buf)` without the stream machinery when nothing is queued on the socket: one
 * write(2) on its descriptor (`fd`, which callers on the hot path know already). What the kernel
 * does not take (a full socket buffer) and every error go through `socket.write`, which queues,
 * reports and closes as usual. A descriptor is only used while its socket is open (a closed
 * socket's number may belong to another one by then).
 */
export function sendNow(socket: Socket, buf: Buffer, fd: number = fdOf(socket)): boolean {
  if (
    fd >= 0 &&
    socket.writableLength === 0 &&
    !socket.connecting &&
    socket.writableCorked === 0 &&
    !socket.writableEnded &&
    !socket.destroyed &&
    (socket as unknown as { _handle: unknown })._handle !== null
  ) {
    try {
      const n = writeSync(fd, buf);
      if (n === buf.length) return true;
      return socket.write(detach(buf.subarray(n)));
    } catch {
      // EAGAIN, EPIPE, ...: node:net writes or fails the usual way.
    }
  }
  return socket.write(detach(buf));
}
