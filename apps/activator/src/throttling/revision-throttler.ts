// Per-revision admission and endpoint choice in the activator (knative/serving
// pkg/activator/net/throttler.go `revisionThrottler`, reference §3.3): requests lease an
// endpoint that has spare capacity under containerConcurrency, wait in arrival order while
// none has (at zero, or every pod busy), and are refused once 10000 wait.
//
// Capacity. Each endpoint takes at most `limit` leases from this activator:
//   CC 0  → unlimited (upstream's infinite breaker: only "is there an endpoint at all" gates);
//   CC ≥1 → max(1, ceil(CC / activatorCount)).
// With several activator replicas every one of them sees every pod, so each takes its share of
// the pod's containerConcurrency, as upstream divides capacity among activators (assignSlice's
// per-pod share for pods it cannot hand out whole, `ceil(cc / numActivators)`, at least 1).
// `activatorCount` is a setting (default 1) until knts tracks its activator replicas; with the
// default the whole CC of every pod is this activator's.
//
// The revision-level breaker of upstream is folded in: its capacity is Σ limits over live
// endpoints, kept here as `spare` (free slots on live endpoints), so admission is O(1) and a
// grant always finds an endpoint. Grants happen synchronously on release/updateEndpoints, in
// FIFO order, and the lease is chosen at grant time: nobody can take it in between.
//
// Leases are the EndpointLease objects themselves (no allocation per request). Release each
// lease exactly once.
import { DEFAULT_QUEUE_DEPTH } from './breaker';
import { EndpointLease } from './endpoint-lease';
import { lbPolicyFor, pickEndpoint, type LbPolicy, type LbState } from './lb-policy';
import { WaitQueue } from './wait-queue';

export interface RevisionThrottlerOptions {
  /** The Revision's spec.containerConcurrency; 0 = unlimited. */
  containerConcurrency?: number;
  /** Activator replicas sharing each pod's capacity; 1 by default (see the file comment). */
  activatorCount?: number;
  /** Waiters beyond this are refused with QueueFullError (upstream breakerQueueDepth). */
  queueDepth?: number;
  /** Clock for acquire's deadlines; Date.now by default. */
  now?: () => number;
  /** [0, 1) for random-choice-2; Math.random by default. */
  random?: () => number;
}

export class RevisionThrottler<E extends object> {
  /** Every endpoint with live or draining leases, by identity. */
  private readonly trackers = new Map<E, EndpointLease<E>>();
  /** Live endpoints in the order given to updateEndpoints; the policies index into it. */
  private live: EndpointLease<E>[] = [];
  /** Free slots on live endpoints (finite limits only). */
  private spare = 0;
  private pass = 0;
  private containerConcurrency: number;
  private activatorCount: number;
  private limit: number;
  private policyName: LbPolicy;
  private readonly lb: LbState;
  private readonly queue: WaitQueue<EndpointLease<E>>;

  constructor(options: RevisionThrottlerOptions = {}) {
    this.containerConcurrency = checkConcurrency(options.containerConcurrency ?? 0);
    this.activatorCount = checkActivators(options.activatorCount ?? 1);
    this.limit = perEndpointLimit(this.containerConcurrency, this.activatorCount);
    this.policyName = lbPolicyFor(this.containerConcurrency);
    this.lb = { cursor: 0, random: options.random ?? Math.random };
    this.queue = new WaitQueue(options.queueDepth ?? DEFAULT_QUEUE_DEPTH, options.now);
  }

  get policy(): LbPolicy {
    return this.policyName;
  }

  /** The per-endpoint limit now (Infinity for CC 0). */
  get endpointLimit(): number {
    return this.limit;
  }

  /** Requests waiting for capacity. */
  get waitingCount(): number {
    return this.queue.length;
  }

  /** Endpoints that take new leases. */
  get liveEndpoints(): number {
    return this.live.length;
  }

  /** Whether anything is held or waiting: a throttler for which this is false can be dropped. */
  get idle(): boolean {
    return this.queue.length === 0 && this.trackers.size === this.live.length && this.live.every((t) => t.inFlight === 0);
  }

  /** A lease now, or undefined when one would have to wait; never overtakes a waiter. */
  tryAcquire(): EndpointLease<E> | undefined {
    if (this.queue.length > 0 || !this.hasCapacity()) return undefined;
    return this.take();
  }

  /**
   * A lease on an endpoint with capacity, at once or in arrival order. Rejects with
   * QueueFullError when queueDepth already wait, DeadlineExceededError at `deadline` (ms on
   * the throttler's clock; Infinity for none), or the signal's reason. Once it resolved the
   * caller owns the lease and must release it, even if the client went away meanwhile.
   */
  acquire(deadline = Number.POSITIVE_INFINITY, signal?: AbortSignal): Promise<EndpointLease<E>> {
    const lease = this.tryAcquire();
    if (lease !== undefined) return Promise.resolve(lease);
    return this.queue.enqueue(deadline, signal);
  }

  release(lease: EndpointLease<E>): void {
    if (lease.inFlight === 0) throw new Error('throttler release without a lease');
    lease.inFlight--;
    if (lease.live) {
      if (lease.inFlight < lease.limit && lease.limit !== Number.POSITIVE_INFINITY) this.spare++;
      this.dispatch();
    } else if (lease.inFlight === 0 && this.trackers.get(lease.endpoint) === lease) {
      // The last lease of a removed endpoint: it is drained and forgotten.
      this.trackers.delete(lease.endpoint);
    }
  }

  /**
   * The revision's ready endpoints now. New ones take leases at once (waiters first, in
   * order); ones left out drain: their leases finish, they get no new ones. O(endpoints).
   */
  updateEndpoints(endpoints: Iterable<E>): void {
    const pass = ++this.pass;
    const live: EndpointLease<E>[] = [];
    for (const endpoint of endpoints) {
      let tracker = this.trackers.get(endpoint);
      if (tracker === undefined) {
        tracker = new EndpointLease(endpoint, this.limit);
        this.trackers.set(endpoint, tracker);
      } else if (tracker.seen === pass) {
        continue; // listed twice
      }
      tracker.seen = pass;
      tracker.live = true;
      live.push(tracker);
    }
    for (const tracker of this.live) {
      if (tracker.seen === pass) continue;
      tracker.live = false;
      if (tracker.inFlight === 0) this.trackers.delete(tracker.endpoint);
    }
    this.live = live;
    this.recount();
    this.dispatch();
  }

  /** The Revision's containerConcurrency or the activator count changed. */
  updateSettings(settings: { containerConcurrency?: number; activatorCount?: number }): void {
    this.containerConcurrency = checkConcurrency(settings.containerConcurrency ?? this.containerConcurrency);
    this.activatorCount = checkActivators(settings.activatorCount ?? this.activatorCount);
    const policy = lbPolicyFor(this.containerConcurrency);
    if (policy !== this.policyName) this.lb.cursor = 0;
    this.policyName = policy;
    this.limit = perEndpointLimit(this.containerConcurrency, this.activatorCount);
    for (const tracker of this.trackers.values()) tracker.limit = this.limit;
    this.recount();
    this.dispatch();
  }

  /** Rejects every waiter with `reason` (the revision is no longer routed, or shutdown). */
  rejectWaiting(reason: unknown): void {
    this.queue.rejectAll(reason);
  }

  private hasCapacity(): boolean {
    return this.limit === Number.POSITIVE_INFINITY ? this.live.length > 0 : this.spare > 0;
  }

  /** Only called when hasCapacity(): the pigeonhole on `spare` guarantees a pick. */
  private take(): EndpointLease<E> {
    const index = pickEndpoint(this.policyName, this.live, this.lb);
    const lease = this.live[index];
    if (lease === undefined) throw new Error(`throttler: no endpoint with capacity although ${this.spare} slots are free`);
    lease.inFlight++;
    if (lease.limit !== Number.POSITIVE_INFINITY) this.spare--;
    return lease;
  }

  private dispatch(): void {
    while (this.queue.length > 0 && this.hasCapacity()) this.queue.grant(this.take());
  }

  private recount(): void {
    let spare = 0;
    if (this.limit !== Number.POSITIVE_INFINITY) for (const t of this.live) if (t.inFlight < t.limit) spare += t.limit - t.inFlight;
    this.spare = spare;
  }
}

function perEndpointLimit(containerConcurrency: number, activatorCount: number): number {
  if (containerConcurrency === 0) return Number.POSITIVE_INFINITY;
  return Math.max(1, Math.ceil(containerConcurrency / activatorCount));
}

function checkConcurrency(cc: number): number {
  if (!Number.isInteger(cc) || cc < 0) throw new RangeError(`containerConcurrency must be an integer ≥ 0, got ${cc}`);
  return cc;
}

function checkActivators(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`activatorCount must be an integer ≥ 1, got ${n}`);
  return n;
}
