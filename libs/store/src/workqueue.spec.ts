import { WorkQueue } from './workqueue';

describe('WorkQueue', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('hands out a key queued twice once', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.length).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
    expect(q.length).toBe(0);
  });

  it('never hands a key to two workers; a key re-added while processing runs again after done', async () => {
    const q = new WorkQueue();
    q.add('a');
    const first = await q.get();
    q.add('a');
    expect(q.length).toBe(0);
    let second: string | undefined;
    void q.get().then((k) => (second = k));
    await Promise.resolve();
    expect(second).toBeUndefined();
    q.done(first ?? '');
    await Promise.resolve();
    expect(second).toBe('a');
  });

  it('wakes a waiting worker when a key arrives', async () => {
    const q = new WorkQueue();
    const got = q.get();
    q.add('x');
    await expect(got).resolves.toBe('x');
  });

  it('adds after a delay, keeping the earliest of several addAfter calls', async () => {
    const q = new WorkQueue();
    q.addAfter('a', 1000);
    q.addAfter('a', 100);
    q.addAfter('a', 5000);
    jest.advanceTimersByTime(99);
    expect(q.length).toBe(0);
    jest.advanceTimersByTime(1);
    expect(q.length).toBe(1);
    jest.advanceTimersByTime(10_000);
    expect(q.length).toBe(1);
  });

  it('backs off per key exponentially until forget', async () => {
    const q = new WorkQueue();
    for (const delay of [5, 10, 20, 40]) {
      q.addRateLimited('a');
      jest.advanceTimersByTime(delay - 1);
      expect(q.length).toBe(0);
      jest.advanceTimersByTime(1);
      expect(q.length).toBe(1);
      q.done((await q.get()) ?? '');
    }
        expect(q.numRequeues('a')).toBe(4);
    // The next retry waits 5 * 2^4 = 80 ms.
    q.addRateLimited('a');
    jest.advanceTimersByTime(79);
    expect(q.length).toBe(0);
    jest.advanceTimersByTime(1);
    expect(q.length).toBe(1);
    q.done((await q.get()) ?? '');
    q.forget('a');
    expect(q.numRequeues('a')).toBe(0);
    q.addRateLimited('a');
    jest.advanceTimersByTime(4);
    expect(q.length).toBe(0);
    jest.advanceTimersByTime(1);
    expect(q.length).toBe(1);
  });

  it('shutDown lets in-flight keys finish, hands out what was queued, then undefined', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.add('b');
    const a = await q.get();
    let stopped = false;
    const stopping = q.shutDown().then(() => (stopped = true));
    q.add('c');
    q.addAfter('d', 10);
    expect(await q.get()).toBe('b');
    q.done('b');
    await Promise.resolve();
    expect(stopped).toBe(false);
    q.done(a ?? '');
    await stopping;
    expect(stopped).toBe(true);
    jest.advanceTimersByTime(100);
    await expect(q.get()).resolves.toBeUndefined();
  });

  it('releases idle workers on shutDown', async () => {
    const q = new WorkQueue();
    const idle = q.get();
    await q.shutDown();
    await expect(idle).resolves.toBeUndefined();
  });
});
