import { percentile, steppedPercentile } from './report';

describe('steppedPercentile (values rounded to 0.1 ms, as hey writes them)', () => {
  const step = 0.1;
  // 100 samples: 90 at 0.7 ms, 10 at 0.8 ms (hey's rounding of 0.65–0.75 and 0.75–0.85 ms).
  const sorted = [...Array<number>(90).fill(0.7), ...Array<number>(10).fill(0.8)];

  it('places the percentile within its step by rank', () => {
    // rank 95 is the 5th of the 10 samples in the 0.8 step [0.75, 0.85): half-way.
    expect(steppedPercentile(sorted, 95, step)).toBeCloseTo(0.8, 10);
    // rank 50 is the 50th of the 90 samples in [0.65, 0.75).
    expect(steppedPercentile(sorted, 50, step)).toBeCloseTo(0.65 + (50 / 90) * 0.1, 10);
    // rank 90: the last sample of the 0.7 step, its upper edge.
    expect(steppedPercentile(sorted, 90, step)).toBeCloseTo(0.75, 10);
  });

  it('moves with the share of samples in the step, where nearest rank does not', () => {
    const more = [...Array<number>(86).fill(0.7), ...Array<number>(14).fill(0.8)];
    expect(percentile(more, 95)).toBe(percentile(sorted, 95));
    expect(steppedPercentile(more, 95, step)).toBeGreaterThan(steppedPercentile(sorted, 95, step));
  });

  it('copes with floating-point noise in the rounded values and an empty list', () => {
    const noisy = [0.30000000000000004, 0.3, 0.4, 0.4000000000000001];
    expect(steppedPercentile(noisy, 50, step)).toBeCloseTo(0.35, 10);
    expect(steppedPercentile([], 95, step)).toBeNaN();
  });
});
