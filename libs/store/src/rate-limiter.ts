// client-go workqueue.DefaultControllerRateLimiter's per-item half: exponential backoff per key,
// base * 2^failures capped at max (5 ms doubling to 1000 s), reset by forget(key).

export interface RateLimiter {
  /** How long to wait before the next retry of `key`; counts a failure. */
  when(key: string): number;
  /** Stop tracking `key` (after a success or a permanent failure). */
  forget(key: string): void;
  /** Failures counted for `key` since the last forget. */
  numRequeues(key: string): number;
}

export class ExponentialBackoffRateLimiter implements RateLimiter {
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly baseDelayMs = 5,
    private readonly maxDelayMs = 1000 * 1000,
  ) {}

  when(key: string): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    const backoff = this.baseDelayMs * 2 ** n;
    return Number.isFinite(backoff) ? Math.min(backoff, this.maxDelayMs) : this.maxDelayMs;
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }
}
