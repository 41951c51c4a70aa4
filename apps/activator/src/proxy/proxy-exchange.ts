// One proxied request: the undici dispatch handler, the endpoint lease from the revision's
// throttler (held in its FIFO while no endpoint has capacity: at zero, or every replica at its
// containerConcurrency), the safe retry, the three timeouts, and the metrics record at the end. A class
// with methods rather than closures: one allocation per request on the hot path (measured).
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import type { Endpoint } from '../routing/endpoint';
import type { RevisionBackend } from '../routing/revision-backend';
import type { EndpointLease } from '../throttling/endpoint-lease';
import { QueueFullError } from '../throttling/queue-full-error';
import { responseHeaderList } from './response-headers';

/** What an exchange needs from the proxy that owns it. */
export interface ExchangeHost {
  /** The concurrency reporter's start/end: called exactly once each per exchange. */
  requestStarted(backend: RevisionBackend): void;
  requestEnded(backend: RevisionBackend): void;
  dispatcherFor(endpoint: Endpoint): Dispatcher;
  track(exchange: ProxyExchange): void;
  untrack(exchange: ProxyExchange): void;
  finished(exchange: ProxyExchange, code: number): void;
  forget(backend: RevisionBackend): void;
}

/** Upstream errors that mean "nothing reached the app": safe to send elsewhere. */
const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);
/** A kept-alive connection the app closed just as we wrote: safe only when no body went out. */
const STALE_CONNECTION_ERRORS = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
/** Tries on one request beyond the endpoints taken out for refusing. */
const MAX_RESET_RETRIES = 3;

const TIMEOUT_BODY = 'activator request timeout\n';

export class ProxyExchange implements Dispatcher.DispatchHandler {
  readonly startedAt: number;
  /** Absolute deadlines on the performance.now() clock; the sweeper compares against them. */
  readonly deadline: number;
  responseStartDeadline: number;
  readonly idleTimeoutMs: number;
  lastActivity: number;
  private bodyStarted = false;
  private headersFlushed = false;

  private endpoint: Endpoint | undefined = undefined;
  /** The throttler lease `endpoint` came from; released exactly once, before any new one. */
  private lease: EndpointLease<Endpoint> | undefined = undefined;
  /** Aborts the throttler wait when the request ends while held (client gone, timeout, shutdown). */
  private waitAbort: AbortController | undefined = undefined;
  private ended = false;
  private controller: Dispatcher.DispatchController | undefined = undefined;
  private waiting = false;
  private responded = false;
  private done = false;
  private bodySent = false;
  private resetRetries = 0;
  private status = 0;

  constructor(
    private readonly host: ExchangeHost,
    readonly backend: RevisionBackend,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly headers: string[],
    private readonly hasBody: boolean,
    now: number,
  ) {
    const settings = backend.settings;
    this.startedAt = now;
    this.lastActivity = now;
    this.deadline = now + settings.timeoutMs;
    this.responseStartDeadline = now + settings.responseStartTimeoutMs;
    this.idleTimeoutMs = settings.idleTimeoutMs;
    // on/off rather than once: no wrapper closure per request.
    res.on('close', this.onClientClose);
  }

  start(): void {
    // Before the lease: a held request counts as concurrency, and a request for a revision at
    // zero makes the reporter send the immediate stat and poke.
    this.host.requestStarted(this.backend);
    this.host.track(this);
    this.send();
  }

  /** Called by the sweeper on every tick with the current time. */
  checkTimeouts(now: number): void {
    // Headers with no body yet (a streaming app that flushed its headers, then thinks): pass
    // them on. Done here, not per response, so ordinary responses keep one write for head+body.
    if (this.responded && !this.bodyStarted && !this.headersFlushed && !this.done) {
      this.headersFlushed = true;
      this.res.flushHeaders();
    }
    if (now >= this.deadline) this.expire(this.waiting);
    else if (!this.responded && now >= this.responseStartDeadline) this.expire(this.waiting);
    else if (this.idleTimeoutMs > 0 && !this.waiting && now - this.lastActivity >= this.idleTimeoutMs) this.expire(false);
  }

  /** The proxy is shutting down: held requests get their answer now. */
  shutdown(): void {
    if (this.waiting) this.expire(true);
  }

  // --- undici DispatchHandler -------------------------------------------------------------

  onRequestStart(controller: Dispatcher.DispatchController): void {
    if (this.done) {
      controller.abort(new Error('request finished'));
      return;
    }
    this.controller = controller;
  }

  onBodySent(): void {
    this.bodySent = true;
    this.lastActivity = performance.now();
  }

  onResponseStart(_c: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    if (this.done) return;
    this.responded = true;
    this.status = statusCode;
    this.lastActivity = performance.now();
    if (statusMessage) this.res.statusMessage = statusMessage;
    this.res.writeHead(statusCode, responseHeaderList(headers));
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.done) return;
    this.bodyStarted = true;
    this.lastActivity = performance.now();
    // Backpressure: stop reading the app while the client's socket buffer is full.
    if (!this.res.write(chunk)) {
      controller.pause();
      this.res.once('drain', this.onDrain);
    }
  }

  onResponseEnd(): void {
    if (this.done) return;
    this.res.end();
    this.finish(this.status);
  }

  onResponseError(_c: Dispatcher.DispatchController, error: Error): void {
    if (this.done) return;
    this.controller = undefined;
    const code = (error as { code?: string }).code ?? '';
    if (!this.responded && this.endpoint) {
      if (CONNECT_ERRORS.has(code)) {
        // Nothing was consumed by the app; take the endpoint out and try another (or hold).
        // Out of rotation before the lease goes back, so the slot is not granted to it again.
        this.backend.markRefused(this.endpoint);
        this.releaseLease();
        this.send();
        return;
      }
      if (STALE_CONNECTION_ERRORS.has(code) && !this.bodySent && !this.hasBody && this.resetRetries < MAX_RESET_RETRIES) {
        this.resetRetries++;
        this.releaseLease();
        this.send();
        return;
      }
    }
    if (!this.res.headersSent) {
      this.reply(502, `activator: error proxying to revision "${this.backend.key}": ${error.message}\n`);
    } else {
      this.res.destroy(error);
    }
    this.finish(this.responded ? this.status : 502);
  }

  // --- internals --------------------------------------------------------------------------

  private send(): void {
    const throttler = this.backend.throttler;
    const lease = throttler.tryAcquire();
    if (lease !== undefined) {
      this.dispatchTo(lease);
      return;
    }
    // No endpoint with capacity (scaled to zero, taking over, or every replica at its
    // containerConcurrency): wait in the throttler's FIFO. The sweeper answers the timeouts;
    // the throttler's own deadline (same instant, on its Date.now clock) is a backstop.
    this.waiting = true;
    const abort = new AbortController();
    this.waitAbort = abort;
    const deadline = Date.now() + Math.max(0, this.deadline - performance.now());
    throttler.acquire(deadline, abort.signal).then(
      (granted) => this.granted(granted),
      (err: unknown) => this.denied(err),
    );
  }

  private granted(lease: EndpointLease<Endpoint>): void {
    this.waitAbort = undefined;
    if (this.done) {
      // Granted just as the request ended: the lease must still go back.
      this.backend.throttler.release(lease);
      this.host.forget(this.backend);
      return;
    }
    this.waiting = false;
    this.dispatchTo(lease);
  }

  private denied(err: unknown): void {
    this.waitAbort = undefined;
    if (this.done) return;
    if (err instanceof QueueFullError) {
      this.waiting = false;
      this.reply(503, `${err.message}\n`);
      this.finish(503);
      return;
    }
    // The deadline passed while held: the same answer as the sweeper's.
    this.expire(true);
  }

  private dispatchTo(lease: EndpointLease<Endpoint>): void {
    const endpoint = lease.endpoint;
    this.lease = lease;
    this.endpoint = endpoint;
    this.host.dispatcherFor(endpoint).dispatch(
      {
        path: this.req.url ?? '/',
        method: this.req.method ?? 'GET',
        headers: this.headers,
        body: this.hasBody ? this.req : null,
        headersTimeout: 0,
        bodyTimeout: 0,
      },
      this,
    );
  }

  private expire(whileWaiting: boolean): void {
    if (this.done) return;
    if (whileWaiting) {
      this.stopWaiting();
      const seconds = Math.round((performance.now() - this.startedAt) / 1000);
      this.reply(503, `activator: revision "${this.backend.key}" has no ready endpoint after ${seconds}s\n`);
      this.finish(503);
      return;
    }
    const headersSent = this.res.headersSent;
    this.done = true;
    this.abortUpstream();
    if (!headersSent) {
      this.reply(504, TIMEOUT_BODY);
      this.finishRecorded(504);
    } else {
      // The status line is out (or about to be): all that is left is to cut the stream.
      if (!this.headersFlushed) this.res.flushHeaders();
      this.res.destroy();
      this.finishRecorded(this.status);
    }
  }

  private reply(status: number, body: string): void {
    this.status = status;
    const res = this.res;
    if (res.destroyed) return;
    res.writeHead(status, ['content-type', 'text/plain; charset=utf-8', 'content-length', String(Buffer.byteLength(body))]);
    res.end(body);
  }

  private abortUpstream(): void {
    const controller = this.controller;
    this.controller = undefined;
    if (controller && !controller.aborted) controller.abort(new Error('activator request timeout'));
  }

  private finish(code: number): void {
    this.done = true;
    this.finishRecorded(code);
  }

  private finishRecorded(code: number): void {
    if (this.ended) return;
    this.ended = true;
    this.stopWaiting();
    this.releaseLease();
    this.host.untrack(this);
    this.res.off('close', this.onClientClose);
    this.host.finished(this, code);
    this.host.requestEnded(this.backend);
    // A backend whose Route went away is kept while leases are out; the last one lets it go.
    this.host.forget(this.backend);
  }

  /** Gives the throttler slot back (waiters are granted at once) and forgets the endpoint. */
  private releaseLease(): void {
    const lease = this.lease;
    this.lease = undefined;
    this.endpoint = undefined;
    if (lease !== undefined) this.backend.throttler.release(lease);
  }

  /** Leaves the throttler's queue, if in it; the rejection that follows is ignored (done). */
  private stopWaiting(): void {
    this.waiting = false;
    const abort = this.waitAbort;
    this.waitAbort = undefined;
    abort?.abort();
  }

  private readonly onDrain = (): void => {
    this.controller?.resume();
  };

  /** The client went away before we finished: stop the upstream request, stop waiting. */
  private readonly onClientClose = (): void => {
    if (this.done) return;
    this.done = true;
    this.abortUpstream();
    // 499: nginx's "client closed request"; recorded so that aborted requests are visible.
    this.finishRecorded(499);
  };
}
