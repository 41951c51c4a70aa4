import { ExponentialBackoffRateLimiter } from './rate-limiter';

describe('ExponentialBackoffRateLimiter', () => {
  it('doubles from 5 ms per key up to 1000 s, like client-go', () => {
    const limiter = new ExponentialBackoffRateLimiter();
    expect([1, 2, 3, 4, 5].map(() => limiter.when('a'))).toEqual([5, 10, 20, 40, 80]);
    expect(limiter.when('b')).toBe(5);
    for (let i = 0; i < 40; i++) limiter.when('a');
    expect(limiter.when('a')).toBe(1_000_000);
    expect(limiter.numRequeues('a')).toBe(46);
  });

  it('starts over after forget', () => {
    const limiter = new ExponentialBackoffRateLimiter();
    limiter.when('a');
    limiter.when('a');
    limiter.forget('a');
    expect(limiter.numRequeues('a')).toBe(0);
    expect(limiter.when('a')).toBe(5);
  });

  it('never overflows to a non-finite delay', () => {
    const limiter = new ExponentialBackoffRateLimiter();
    for (let i = 0; i < 2000; i++) limiter.when('a');
    expect(limiter.when('a')).toBe(1_000_000);
  });
});
