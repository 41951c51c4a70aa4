// A bounded FIFO of waiting acquirers, each with a deadline and an optional AbortSignal. The
// breaker and the revision throttler hand capacity to its head synchronously (grant), so the
// capacity cannot be taken by anyone else between the grant and the waiter's continuation.
// A doubly linked list: a waiter that times out or is aborted leaves in O(1), and nothing
// lingers when requests give up on a revision that never gets capacity.
import { DeadlineExceededError } from './deadline-exceeded-error';
import { QueueFullError } from './queue-full-error';

/** setTimeout's ceiling (about 24.8 days); later deadlines simply never fire. */
const MAX_TIMER_MS = 0x7fffffff;

/** One waiting acquirer; exported only because WaitQueue.cancel names it. */
export class Waiter<T> {
  prev: Waiter<T> | undefined = undefined;
  next: Waiter<T> | undefined = undefined;
  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  signal: AbortSignal | undefined = undefined;
  resolve!: (value: T) => void;
  reject!: (reason: unknown) => void;

  constructor(readonly queue: WaitQueue<T>) {}

  /** The AbortSignal listener: the waiter object itself, so no closure per waiter. */
  handleEvent(): void {
    this.queue.cancel(this, this.signal?.reason);
  }
}

export class WaitQueue<T> {
  private head: Waiter<T> | undefined = undefined;
  private tail: Waiter<T> | undefined = undefined;
  private count = 0;

  /**
   * @param depth how many may wait; one more is refused with QueueFullError (upstream
   *   breakerQueueDepth, 10000).
   * @param now the clock deadlines are read on.
   */
  constructor(
    readonly depth: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(depth > 0)) throw new RangeError(`queue depth must be greater than 0, got ${depth}`);
  }

  get length(): number {
    return this.count;
  }

  /**
   * Waits for a grant. Rejects with QueueFullError when `depth` already wait,
   * DeadlineExceededError at `deadline` (ms on the queue's clock; Infinity for none), or the
   * signal's reason when it aborts.
   */
  enqueue(deadline: number, signal?: AbortSignal): Promise<T> {
    if (this.count >= this.depth) return Promise.reject(new QueueFullError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    const delay = deadline - this.now();
    if (delay <= 0) return Promise.reject(new DeadlineExceededError());

    const waiter = new Waiter<T>(this);
    const promise = new Promise<T>((resolve, reject) => {
      waiter.resolve = resolve;
      waiter.reject = reject;
    });
    if (delay <= MAX_TIMER_MS) waiter.timer = setTimeout(this.expire, delay, waiter);
    if (signal !== undefined) {
      waiter.signal = signal;
      signal.addEventListener('abort', waiter, { once: true });
    }
    waiter.prev = this.tail;
    if (this.tail !== undefined) this.tail.next = waiter;
    else this.head = waiter;
    this.tail = waiter;
    this.count++;
    return promise;
  }

  /** Hands `value` to the longest waiter; false when nobody waits. */
  grant(value: T): boolean {
    const waiter = this.head;
    if (waiter === undefined) return false;
    this.unlink(waiter);
    waiter.resolve(value);
    return true;
  }

  /** Rejects everyone waiting (the revision is gone, or the activator shuts down). */
  rejectAll(reason: unknown): void {
    while (this.head !== undefined) this.cancel(this.head, reason);
  }

  /** Removes a waiter that gave up. Public for Waiter.handleEvent only. */
  cancel(waiter: Waiter<T>, reason: unknown): void {
    if (waiter.queue !== this || !this.unlink(waiter)) return;
    waiter.reject(reason);
  }

  private readonly expire = (waiter: Waiter<T>): void => {
    waiter.timer = undefined;
    this.cancel(waiter, new DeadlineExceededError());
  };

  /** False when the waiter had already left (granted or cancelled). */
  private unlink(waiter: Waiter<T>): boolean {
    if (waiter.prev === undefined && this.head !== waiter) return false;
    if (waiter.prev !== undefined) waiter.prev.next = waiter.next;
    else this.head = waiter.next;
    if (waiter.next !== undefined) waiter.next.prev = waiter.prev;
    else this.tail = waiter.prev;
    waiter.prev = undefined;
    waiter.next = undefined;
    this.count--;
    if (waiter.timer !== undefined) clearTimeout(waiter.timer);
    waiter.timer = undefined;
    if (waiter.signal !== undefined) waiter.signal.removeEventListener('abort', waiter);
    waiter.signal = undefined;
    return true;
  }
}
