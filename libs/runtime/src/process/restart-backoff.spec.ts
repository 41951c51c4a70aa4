import { RestartBackoff } from './restart-backoff';

describe('RestartBackoff', () => {
  it('restarts at once, then waits 10 s doubling to 5 min', () => {
    const backoff = new RestartBackoff();
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map(() => backoff.next(1000))).toEqual([
      0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000,
    ]);
  });

  it('starts over after a container ran for 10 minutes', () => {
    const backoff = new RestartBackoff();
    backoff.next(1);
    backoff.next(1);
    expect(backoff.next(600_000)).toBe(0);
    expect(backoff.next(1)).toBe(10_000);
  });
});
