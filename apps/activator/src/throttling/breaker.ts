// A concurrency limit with a bounded FIFO queue in front of it: knative/serving
// pkg/queue/breaker.go. Up to `capacity` holders at once; further acquirers wait in arrival
// order; beyond `queueDepth` waiting, acquire fails at once with QueueFullError ("pending
// request queue full"). Capacity moves at runtime (pods come and go) between 0 and
// maxConcurrency (upstream UpdateConcurrency / ErrUpdateCapacity).
//
// One difference from upstream: upstream bounds holders + waiters by queueDepth +
// maxConcurrency; here the waiters alone are bounded by queueDepth. With capacity at its
// maximum the two agree; with capacity below it (few pods yet) upstream admits more waiters,
// which only matters to a queue of 10000.
//
// No release function is returned (that would be a closure per request): call release() once
// for every successful tryAcquire() or resolved acquire().
import { WaitQueue } from './wait-queue';

export const DEFAULT_QUEUE_DEPTH = 10_000;

export interface BreakerOptions {
  /** The highest capacity updateCapacity accepts; Infinity for an unbounded breaker. */
  maxConcurrency: number;
  /** Capacity at start (upstream InitialCapacity); maxConcurrency by default. */
  initialCapacity?: number;
  /** Waiters beyond this are refused (upstream breakerQueueDepth). */
  queueDepth?: number;
  /** The clock acquire's deadlines are read on; Date.now by default. */
  now?: () => number;
}

const RESOLVED: Promise<void> = Promise.resolve();

export class Breaker {
  readonly maxConcurrency: number;
  private capacityNow: number;
  private holders = 0;
  private readonly queue: WaitQueue<void>;

  constructor(options: BreakerOptions) {
    const { maxConcurrency } = options;
    if (!(maxConcurrency >= 0)) throw new RangeError(`max concurrency must be 0 or greater, got ${maxConcurrency}`);
    const initial = options.initialCapacity ?? maxConcurrency;
    if (!(initial >= 0 && initial <= maxConcurrency))
      throw new RangeError(`initial capacity must be between 0 and max concurrency, got ${initial}`);
    this.maxConcurrency = maxConcurrency;
    this.capacityNow = initial;
    this.queue = new WaitQueue<void>(options.queueDepth ?? DEFAULT_QUEUE_DEPTH, options.now);
  }

  get capacity(): number {
    return this.capacityNow;
  }

  /** Holders now (may exceed capacity right after it was lowered). */
  get inFlight(): number {
    return this.holders;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** A slot now or false; never overtakes a waiter (upstream Reserve). Allocates nothing. */
  tryAcquire(): boolean {
    if (this.queue.length > 0 || this.holders >= this.capacityNow) return false;
    this.holders++;
    return true;
  }

  /**
   * Resolves once a slot is held. Rejects with QueueFullError, DeadlineExceededError at
   * `deadline` (ms on the breaker's clock), or the signal's reason. Once it resolved the caller
   * holds the slot and must release it, even if the client went away meanwhile.
   */
  acquire(deadline = Number.POSITIVE_INFINITY, signal?: AbortSignal): Promise<void> {
    if (this.tryAcquire()) return RESOLVED;
    return this.queue.enqueue(deadline, signal);
  }

  release(): void {
    if (this.holders === 0) throw new Error('breaker release without acquire');
    this.holders--;
    this.dispatch();
  }

  /** Pods came or went; waiters are admitted at once when capacity grew. */
  updateCapacity(capacity: number): void {
    if (!(capacity >= 0 && capacity <= this.maxConcurrency))
      throw new RangeError(`capacity must be between 0 and ${this.maxConcurrency}, got ${capacity}`);
    this.capacityNow = capacity;
    this.dispatch();
  }

  /** Rejects every waiter with `reason` (shutdown). */
  rejectWaiting(reason: unknown): void {
    this.queue.rejectAll(reason);
  }

  /** Slots go to waiters in arrival order, synchronously, so a newcomer cannot take them. */
  private dispatch(): void {
    while (this.holders < this.capacityNow && this.queue.length > 0) {
      this.holders++;
      this.queue.grant(undefined);
    }
  }
}
