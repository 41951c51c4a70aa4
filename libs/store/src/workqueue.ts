// A de-duplicating, rate-limited work queue with client-go's semantics
// (k8s.io/client-go/util/workqueue): a key waits in the queue at most once, is never handed to
// two workers at the same time, and a key added while it is being processed runs again after.
import { ExponentialBackoffRateLimiter } from './rate-limiter';
import type { RateLimiter } from './rate-limiter';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface WorkQueueOptions {
  rateLimiter?: RateLimiter;
  /** Injectable for tests (fake timers); defaults to the global timers. */
  timers?: Timers;
}

const globalTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export class WorkQueue {
  private readonly queue: string[] = [];
  /** Keys waiting to be processed (in `queue`, or re-added while processing). */
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly waiting = new Map<string, { at: number; handle: unknown }>();
  private readonly getters: Array<(key: string | undefined) => void> = [];
  private readonly drained: Array<() => void> = [];
  private shuttingDown = false;
  private readonly rateLimiter: RateLimiter;
  private readonly timers: Timers;

  constructor(options: WorkQueueOptions = {}) {
    this.rateLimiter = options.rateLimiter ?? new ExponentialBackoffRateLimiter();
    this.timers = options.timers ?? globalTimers;
  }

  get length(): number {
    return this.queue.length;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    // A key being processed is queued again by done().
    if (this.processing.has(key)) return;
    this.push(key);
  }

  /** Adds `key` after `ms`; an earlier pending addAfter for the same key wins, as in client-go. */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = this.timers.now() + ms;
    const pending = this.waiting.get(key);
    if (pending && pending.at <= at) return;
    if (pending) this.timers.clearTimeout(pending.handle);
    const handle = this.timers.setTimeout(() => {
      this.waiting.delete(key);
      this.add(key);
    }, ms);
    this.waiting.set(key, { at, handle });
  }

  /** Re-adds after the key's backoff delay: the retry path for a failed reconcile. */
  addRateLimited(key: string): void {
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** Clears the key's backoff: call after a success or when giving up. */
  forget(key: string): void {
    this.rateLimiter.forget(key);
  }

  numRequeues(key: string): number {
    return this.rateLimiter.numRequeues(key);
  }

  /** The next key to process, or undefined once the queue shuts down and is empty. */
  get(): Promise<string | undefined> {
    const key = this.queue.shift();
    if (key !== undefined) return Promise.resolve(this.take(key));
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Marks `key` processed; if it was added meanwhile it goes back in the queue. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) this.push(key);
    else if (this.processing.size === 0) this.drained.splice(0).forEach((r) => r());
  }

  /**
   * Stops accepting keys and hands undefined to idle workers; keys already queued are still handed
   * out. Resolves once every key in flight is done.
   */
  shutDown(): Promise<void> {
    this.shuttingDown = true;
    for (const { handle } of this.waiting.values()) this.timers.clearTimeout(handle);
    this.waiting.clear();
    if (this.queue.length === 0) this.getters.splice(0).forEach((g) => g(undefined));
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  private push(key: string): void {
    const getter = this.getters.shift();
    if (getter) getter(this.take(key));
    else this.queue.push(key);
  }

  private take(key: string): string {
    this.processing.add(key);
    this.dirty.delete(key);
    if (this.shuttingDown && this.queue.length === 0) this.getters.splice(0).forEach((g) => g(undefined));
    return key;
  }
}
