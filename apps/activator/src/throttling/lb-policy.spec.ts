// lb_policy_test.go's ground: which policy a containerConcurrency gets and what each picks.
import { EndpointLease } from './endpoint-lease';
import { lbPolicyFor, pickEndpoint, type LbPolicy } from './lb-policy';

/** Endpoints named by index, with the given in-flight counts and limit. */
function endpoints(inFlight: number[], limit: number): EndpointLease<string>[] {
  return inFlight.map((n, i) => {
    const lease = new EndpointLease(`e${i}`, limit);
    lease.inFlight = n;
    return lease;
  });
}

/** A random() that returns the given values in turn. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

describe('lbPolicyFor', () => {
  it.each<[number, LbPolicy]>([
    [0, 'random-choice-2'],
    [1, 'first-available'],
    [2, 'first-available'],
    [3, 'first-available'],
    [4, 'round-robin'],
    [100, 'round-robin'],
  ])('CC %i → %s', (cc, policy) => expect(lbPolicyFor(cc)).toBe(policy));
});

describe('pickEndpoint', () => {
  it.each<{ name: string; inFlight: number[]; random: number[]; want: number }>([
    { name: 'single endpoint', inFlight: [7], random: [0.9], want: 0 },
    // random 0.0 → first = 0; 0.5 of the other 2 → 1, shifted past 0 → 2.
    { name: 'less loaded of the two drawn', inFlight: [5, 0, 1], random: [0, 0.5], want: 2 },
    { name: 'less loaded when it is the first draw', inFlight: [0, 9, 9], random: [0, 0.5], want: 0 },
    // 0.6 → first 1; the second draw is from the other one only.
    { name: 'never draws the same endpoint twice', inFlight: [3, 2], random: [0.6, 0.0], want: 1 },
    { name: 'tie broken by a third draw (< 0.5 → first)', inFlight: [1, 1, 1], random: [0, 0, 0.2], want: 0 },
    { name: 'tie broken by a third draw (≥ 0.5 → second)', inFlight: [1, 1, 1], random: [0, 0, 0.7], want: 1 },
    { name: 'no endpoints', inFlight: [], random: [0], want: -1 },
  ])('random-choice-2: $name', ({ inFlight, random, want }) => {
    expect(pickEndpoint('random-choice-2', endpoints(inFlight, Number.POSITIVE_INFINITY), { cursor: 0, random: sequence(...random) })).toBe(want);
  });

  it('random-choice-2 spreads load: 3000 seeded picks over 3 endpoints end within a few of each other (random alone drifts by dozens)', () => {
    const live = endpoints([0, 0, 0], Number.POSITIVE_INFINITY);
    let seed = 1;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 3000; i++) live[pickEndpoint('random-choice-2', live, { cursor: 0, random })]!.inFlight++;
    const counts = live.map((l) => l.inFlight);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(3);
  });

  it.each<{ name: string; inFlight: number[]; limit: number; want: number }>([
    { name: 'first when free', inFlight: [0, 0, 0], limit: 1, want: 0 },
    { name: 'skips full ones', inFlight: [1, 1, 0], limit: 1, want: 2 },
    { name: 'packs the first before the next', inFlight: [2, 0], limit: 3, want: 0 },
    { name: 'none free', inFlight: [3, 3], limit: 3, want: -1 },
  ])('first-available: $name', ({ inFlight, limit, want }) => {
    expect(pickEndpoint('first-available', endpoints(inFlight, limit), { cursor: 0, random: Math.random })).toBe(want);
  });

  it.each<{ name: string; inFlight: number[]; cursor: number; want: number; cursorAfter: number }>([
    { name: 'from the cursor', inFlight: [0, 0, 0], cursor: 1, want: 1, cursorAfter: 2 },
    { name: 'wraps around', inFlight: [0, 0, 0], cursor: 3, want: 0, cursorAfter: 1 },
    { name: 'skips full ones', inFlight: [0, 4, 4], cursor: 1, want: 0, cursorAfter: 1 },
    { name: 'list shrank below the cursor: starts over', inFlight: [0, 0], cursor: 7, want: 0, cursorAfter: 1 },
    { name: 'none free: cursor unchanged', inFlight: [4, 4], cursor: 1, want: -1, cursorAfter: 1 },
  ])('round-robin: $name', ({ inFlight, cursor, want, cursorAfter }) => {
    const state = { cursor, random: Math.random };
    expect(pickEndpoint('round-robin', endpoints(inFlight, 4), state)).toBe(want);
    expect(state.cursor).toBe(cursorAfter);
  });

  it('round-robin cycles through free endpoints in order', () => {
    const live = endpoints([0, 0, 0], 10);
    const state = { cursor: 0, random: Math.random };
    const picks = Array.from({ length: 6 }, () => pickEndpoint('round-robin', live, state));
    expect(picks).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('skips a drained (removed) endpoint whatever its load', () => {
    const live = endpoints([0, 5], 10);
    live[0]!.live = false;
    expect(pickEndpoint('first-available', live, { cursor: 0, random: Math.random })).toBe(1);
  });
});
