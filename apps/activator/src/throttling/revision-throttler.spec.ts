// throttler_test.go's ground for one revision: limits per endpoint under containerConcurrency,
// FIFO waiting, queue depth, deadlines, endpoints coming and going. Fake timers for deadlines;
// a seeded PRNG for the randomised runs, so every run is the same run.
import { DeadlineExceededError } from './deadline-exceeded-error';
import type { EndpointLease } from './endpoint-lease';
import { QueueFullError } from './queue-full-error';
import { RevisionThrottler, type RevisionThrottlerOptions } from './revision-throttler';

interface Ep {
  name: string;
}
const ep = (name: string): Ep => ({ name });

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** Park–Miller; deterministic. */
function prng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}

function throttler(options: RevisionThrottlerOptions, endpoints: Ep[] = []): RevisionThrottler<Ep> {
  const t = new RevisionThrottler<Ep>(options);
  t.updateEndpoints(endpoints);
  return t;
}

/** Starts acquires; records "id→endpoint" or "id:Error" in completion order. */
function acquireAll(t: RevisionThrottler<Ep>, ids: string[], log: string[], leases: Map<string, EndpointLease<Ep>>, deadline?: number): void {
  for (const id of ids)
    t.acquire(deadline).then(
      (lease) => {
        leases.set(id, lease);
        log.push(`${id}→${lease.endpoint.name}`);
      },
      (err: Error) => log.push(`${id}:${err.name}`),
    );
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('RevisionThrottler', () => {
  it.each([
    { cc: 0, activators: 1, policy: 'random-choice-2', limit: Number.POSITIVE_INFINITY },
    { cc: 1, activators: 1, policy: 'first-available', limit: 1 },
    { cc: 3, activators: 1, policy: 'first-available', limit: 3 },
    { cc: 10, activators: 1, policy: 'round-robin', limit: 10 },
    { cc: 10, activators: 3, policy: 'round-robin', limit: 4 },
    { cc: 1, activators: 3, policy: 'first-available', limit: 1 },
  ])('CC $cc with $activators activator(s): $policy, $limit per endpoint', ({ cc, activators, policy, limit }) => {
    const t = throttler({ containerConcurrency: cc, activatorCount: activators });
    expect(t.policy).toBe(policy);
    expect(t.endpointLimit).toBe(limit);
  });

  it.each([
    { cc: 1, endpoints: 3, admitted: 3 },
    { cc: 2, endpoints: 3, admitted: 6 },
    { cc: 5, endpoints: 2, admitted: 10 },
    { cc: 0, endpoints: 2, admitted: 50 },
    { cc: 0, endpoints: 0, admitted: 0 },
    { cc: 4, endpoints: 0, admitted: 0 },
  ])('CC $cc over $endpoints endpoint(s) admits $admitted of 50 at once', ({ cc, endpoints, admitted }) => {
    const t = throttler({ containerConcurrency: cc }, Array.from({ length: endpoints }, (_, i) => ep(`e${i}`)));
    let got = 0;
    for (let i = 0; i < 50; i++) if (t.tryAcquire() !== undefined) got++;
    expect(got).toBe(admitted);
  });

  it('first-available (CC 2) packs the first endpoint; round-robin (CC 4) rotates', () => {
    const packed = throttler({ containerConcurrency: 2 }, [ep('a'), ep('b')]);
    expect([1, 2, 3, 4].map(() => packed.tryAcquire()?.endpoint.name)).toEqual(['a', 'a', 'b', 'b']);
    const rotated = throttler({ containerConcurrency: 4 }, [ep('a'), ep('b')]);
    expect([1, 2, 3, 4].map(() => rotated.tryAcquire()?.endpoint.name)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('CC 0 sends each request to the less loaded of two random endpoints', () => {
    // Draws: (0, 1) → tie → 0.9 ⇒ "b"; then (0, 1) → "a" has fewer.
    const draws = [0, 0, 0.9, 0, 0];
    let i = 0;
    const t = throttler({ containerConcurrency: 0, random: () => draws[i++]! }, [ep('a'), ep('b'), ep('c')]);
    expect(t.tryAcquire()?.endpoint.name).toBe('b');
    expect(t.tryAcquire()?.endpoint.name).toBe('a');
  });

  it.each([
    { cc: 1, endpoints: 3 },
    { cc: 1, endpoints: 1 },
    { cc: 2, endpoints: 2 },
    { cc: 5, endpoints: 3 },
  ])('never exceeds CC $cc per endpoint under 50 concurrent acquirers, released in random order ($endpoints endpoints, 40 seeded runs)', async ({ cc, endpoints }) => {
    for (let run = 1; run <= 40; run++) {
      const random = prng(run * 7919);
      const eps = Array.from({ length: endpoints }, (_, i) => ep(`e${i}`));
      const t = throttler({ containerConcurrency: cc, random }, eps);
      const holding = new Map<Ep, number>();
      const held: EndpointLease<Ep>[] = [];
      let maxSeen = 0;
      let served = 0;
      const onLease = (lease: EndpointLease<Ep>): void => {
        const n = (holding.get(lease.endpoint) ?? 0) + 1;
        holding.set(lease.endpoint, n);
        maxSeen = Math.max(maxSeen, n);
        held.push(lease);
        served++;
      };
      // 50 acquirers arrive in a random interleaving with releases.
      let started = 0;
      while (served < 50) {
        if (started < 50 && (held.length === 0 || random() < 0.6)) {
          started++;
          void t.acquire().then(onLease);
        } else if (held.length > 0) {
          const lease = held.splice(Math.floor(random() * held.length), 1)[0]!;
          holding.set(lease.endpoint, holding.get(lease.endpoint)! - 1);
          t.release(lease);
        }
        await settle();
      }
      expect(maxSeen).toBeLessThanOrEqual(cc);
      for (const lease of held.splice(0)) t.release(lease);
      expect(t.idle).toBe(true);
    }
  });

  it('refuses the acquirer beyond the queue depth with QueueFullError', async () => {
    const t = throttler({ containerConcurrency: 1, queueDepth: 3 });
    const log: string[] = [];
    acquireAll(t, ['a', 'b', 'c', 'd'], log, new Map());
    await settle();
    expect(log).toEqual(['d:QueueFullError']);
    expect(t.waitingCount).toBe(3);
    await expect(t.acquire()).rejects.toBeInstanceOf(QueueFullError);
  });

  it('queues up to 10000 by default', async () => {
    const t = throttler({});
    const pending = Array.from({ length: 10_000 }, () => t.acquire());
    expect(t.waitingCount).toBe(10_000);
    await expect(t.acquire()).rejects.toThrow('pending request queue full');
    t.rejectWaiting(new Error('done'));
    await Promise.allSettled(pending);
    expect(t.waitingCount).toBe(0);
  });

  it('fails a waiter at its deadline with DeadlineExceededError', async () => {
    const t = throttler({ containerConcurrency: 1 });
    const log: string[] = [];
    acquireAll(t, ['a'], log, new Map(), Date.now() + 300);
    acquireAll(t, ['b'], log, new Map(), Date.now() + 600);
    jest.advanceTimersByTime(300);
    await settle();
    expect(log).toEqual(['a:DeadlineExceededError']);
    expect(t.waitingCount).toBe(1);
    // An endpoint in time for "b".
    t.updateEndpoints([ep('late')]);
    jest.advanceTimersByTime(1000);
    await settle();
    expect(log).toEqual(['a:DeadlineExceededError', 'b→late']);
    await expect(throttler({}).acquire(Date.now())).rejects.toBeInstanceOf(DeadlineExceededError);
  });

  it('releases waiters in arrival order as endpoints are added', async () => {
    const a = ep('a');
    const t = throttler({ containerConcurrency: 1 });
    const log: string[] = [];
    acquireAll(t, ['r1', 'r2', 'r3', 'r4'], log, new Map());
    t.updateEndpoints([a]);
    // The capacity went to r1 synchronously; a newcomer does not overtake r2..r4.
    expect(t.tryAcquire()).toBeUndefined();
    await settle();
    expect(log).toEqual(['r1→a']);
    t.updateEndpoints([a, ep('b'), ep('c')]);
    await settle();
    expect(log).toEqual(['r1→a', 'r2→b', 'r3→c']);
    expect(t.waitingCount).toBe(1);
  });

  it('releases every waiter at once when a CC 0 revision gets its first endpoint', async () => {
    const t = throttler({ containerConcurrency: 0 });
    const log: string[] = [];
    acquireAll(t, ['r1', 'r2', 'r3'], log, new Map());
    t.updateEndpoints([ep('only')]);
    await settle();
    expect(log).toEqual(['r1→only', 'r2→only', 'r3→only']);
  });

  it('gives a removed endpoint no new leases and lets its in-flight ones finish', async () => {
    const a = ep('a');
    const b = ep('b');
    const t = throttler({ containerConcurrency: 1 }, [a, b]);
    const onA = t.tryAcquire()!;
    const onB = t.tryAcquire()!;
    expect([onA.endpoint, onB.endpoint]).toEqual([a, b]);
    t.updateEndpoints([b]);
    // "a" drains: its lease is still good, and its release frees nothing for newcomers.
    t.release(onA);
    expect(t.tryAcquire()).toBeUndefined();
    const log: string[] = [];
    acquireAll(t, ['next'], log, new Map());
    t.release(onB);
    await settle();
    expect(log).toEqual(['next→b']);
    expect(t.liveEndpoints).toBe(1);
  });

  it('never leases a removed endpoint to a waiter, whatever the policy', async () => {
    for (const cc of [0, 1, 4]) {
      const a = ep('a');
      const b = ep('b');
      const t = throttler({ containerConcurrency: cc, random: prng(cc + 1) }, [a, b]);
      t.updateEndpoints([b]);
      const names = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const lease = await t.acquire();
        names.add(lease.endpoint.name);
        t.release(lease);
      }
      expect([...names]).toEqual(['b']);
    }
  });

  it('counts an endpoint re-added while draining with its leases still in flight', () => {
    const a = ep('a');
    const t = throttler({ containerConcurrency: 2 }, [a]);
    const first = t.tryAcquire()!;
    t.updateEndpoints([]);
    t.updateEndpoints([a]);
    expect(t.tryAcquire()?.endpoint).toBe(a);
    expect(t.tryAcquire()).toBeUndefined();
    t.release(first);
    expect(t.tryAcquire()?.endpoint).toBe(a);
  });

  it('applies a new containerConcurrency to existing endpoints and wakes waiters', async () => {
    const t = throttler({ containerConcurrency: 1 }, [ep('a')]);
    const held = t.tryAcquire()!;
    const log: string[] = [];
    acquireAll(t, ['w'], log, new Map());
    t.updateSettings({ containerConcurrency: 2 });
    await settle();
    expect(log).toEqual(['w→a']);
    // Lowering below what is in flight: nothing new until enough are released.
    t.updateSettings({ containerConcurrency: 1 });
    acquireAll(t, ['x'], log, new Map());
    t.release(held);
    await settle();
    expect(log).toEqual(['w→a']);
    expect(t.policy).toBe('first-available');
  });

  it('divides each endpoint among activators', () => {
    const t = throttler({ containerConcurrency: 10, activatorCount: 4 }, [ep('a')]);
    expect([1, 2, 3, 4].filter(() => t.tryAcquire() !== undefined)).toHaveLength(3);
    t.updateSettings({ activatorCount: 1 });
    expect([1, 2, 3, 4, 5, 6, 7, 8].filter(() => t.tryAcquire() !== undefined)).toHaveLength(7);
  });

  it('ignores an endpoint listed twice and refuses a release without a lease', () => {
    const a = ep('a');
    const t = throttler({ containerConcurrency: 1 }, [a, a]);
    expect(t.liveEndpoints).toBe(1);
    const lease = t.tryAcquire()!;
    t.release(lease);
    expect(() => t.release(lease)).toThrow(/without a lease/);
  });

  it.each([{ containerConcurrency: -1 }, { containerConcurrency: 1.5 }, { activatorCount: 0 }])('rejects %p', (options) => {
    expect(() => new RevisionThrottler<Ep>(options)).toThrow(RangeError);
  });
});
