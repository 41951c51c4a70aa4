// pkg/queue/breaker_test.go's ground: capacity, FIFO queue, queue depth, capacity updates;
// deadlines on jest's fake clock.
import { Breaker } from './breaker';
import { DeadlineExceededError } from './deadline-exceeded-error';
import { QueueFullError } from './queue-full-error';

/** Lets resolved acquires run their continuations. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** Records the order in which acquires resolve or fail. */
function track(breaker: Breaker, ids: string[], log: string[], deadline?: number): void {
  for (const id of ids)
    breaker.acquire(deadline).then(
      () => log.push(id),
      (err: Error) => log.push(`${id}:${err.name}`),
    );
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('Breaker', () => {
  it.each([
    { capacity: 0, admitted: 0 },
    { capacity: 1, admitted: 1 },
    { capacity: 3, admitted: 3 },
  ])('admits $admitted of 5 at once with capacity $capacity', ({ capacity, admitted }) => {
    const breaker = new Breaker({ maxConcurrency: 10, initialCapacity: capacity });
    const got = [1, 2, 3, 4, 5].filter(() => breaker.tryAcquire()).length;
    expect(got).toBe(admitted);
    expect(breaker.inFlight).toBe(admitted);
  });

  it('hands released slots to waiters in arrival order, before newcomers', async () => {
    const breaker = new Breaker({ maxConcurrency: 1 });
    expect(breaker.tryAcquire()).toBe(true);
    const log: string[] = [];
    track(breaker, ['a', 'b', 'c'], log);
    expect(breaker.waiting).toBe(3);
    breaker.release();
    // The slot went to "a" synchronously: a newcomer cannot take it.
    expect(breaker.tryAcquire()).toBe(false);
    await settle();
    expect(log).toEqual(['a']);
    breaker.release();
    breaker.release();
    await settle();
    expect(log).toEqual(['a', 'b', 'c']);
    expect(breaker.inFlight).toBe(1);
  });

  it('refuses beyond the queue depth with upstream\'s text', async () => {
    const breaker = new Breaker({ maxConcurrency: 1, initialCapacity: 0, queueDepth: 2 });
    const log: string[] = [];
    track(breaker, ['a', 'b', 'c'], log);
    await settle();
    expect(log).toEqual(['c:QueueFullError']);
    await expect(breaker.acquire()).rejects.toThrow(new QueueFullError());
    expect(new QueueFullError().message).toBe('pending request queue full');
    expect(breaker.waiting).toBe(2);
  });

  it('fails a waiter at its deadline and frees its place in the queue', async () => {
    const breaker = new Breaker({ maxConcurrency: 1, initialCapacity: 0, queueDepth: 1 });
    const log: string[] = [];
    track(breaker, ['a'], log, Date.now() + 1000);
    jest.advanceTimersByTime(999);
    await settle();
    expect(log).toEqual([]);
    jest.advanceTimersByTime(1);
    await settle();
    expect(log).toEqual(['a:DeadlineExceededError']);
    expect(breaker.waiting).toBe(0);
    // A deadline already past fails without waiting.
    await expect(breaker.acquire(Date.now())).rejects.toBeInstanceOf(DeadlineExceededError);
    // A granted waiter's timer is gone: no late failure.
    track(breaker, ['b'], log, Date.now() + 1000);
    breaker.updateCapacity(1);
    jest.advanceTimersByTime(5000);
    await settle();
    expect(log).toEqual(['a:DeadlineExceededError', 'b']);
  });

  it('stops waiting when the signal aborts', async () => {
    const breaker = new Breaker({ maxConcurrency: 1, initialCapacity: 0 });
    const controller = new AbortController();
    const pending = breaker.acquire(Number.POSITIVE_INFINITY, controller.signal);
    controller.abort(new Error('client went away'));
    await expect(pending).rejects.toThrow('client went away');
    expect(breaker.waiting).toBe(0);
  });

  it('admits waiters when capacity grows and holds new ones when it shrinks', async () => {
    const breaker = new Breaker({ maxConcurrency: 10, initialCapacity: 0 });
    const log: string[] = [];
    track(breaker, ['a', 'b', 'c'], log);
    breaker.updateCapacity(2);
    await settle();
    expect(log).toEqual(['a', 'b']);
    breaker.updateCapacity(1);
    breaker.release(); // 1 holder, capacity 1: "c" still waits
    await settle();
    expect(log).toEqual(['a', 'b']);
    breaker.release();
    await settle();
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it.each([
    { options: { maxConcurrency: -1 }, error: /max concurrency/ },
    { options: { maxConcurrency: 1, initialCapacity: 2 }, error: /initial capacity/ },
    { options: { maxConcurrency: 1, queueDepth: 0 }, error: /queue depth/ },
  ])('rejects invalid options $options', ({ options, error }) => {
    expect(() => new Breaker(options)).toThrow(error);
  });

  it('refuses a capacity above the maximum and a release without acquire', () => {
    const breaker = new Breaker({ maxConcurrency: 2 });
    expect(() => breaker.updateCapacity(3)).toThrow(RangeError);
    expect(() => breaker.release()).toThrow(/without acquire/);
  });

  it('rejects everyone waiting on shutdown', async () => {
    const breaker = new Breaker({ maxConcurrency: 1, initialCapacity: 0 });
    const pending = [breaker.acquire(), breaker.acquire()];
    breaker.rejectWaiting(new Error('shutdown'));
    await expect(Promise.allSettled(pending)).resolves.toEqual([
      { status: 'rejected', reason: new Error('shutdown') },
      { status: 'rejected', reason: new Error('shutdown') },
    ]);
  });
});
