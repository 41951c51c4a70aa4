// knative/networking pkg/http/stats/request_test.go's cases: time-weighted concurrency over a
// reporting period, request counts, reset after each report.
import { RequestStats, type RequestStatsReport } from './request-stats';

type Step = ['in' | 'out' | 'pin' | 'pout', number];

interface Case {
  name: string;
  startedAt?: number;
  steps: Step[];
  reportAt: number;
  want: RequestStatsReport;
}

const report = (averageConcurrency: number, requestCount: number, averageProxiedConcurrency = 0, proxiedRequestCount = 0): RequestStatsReport => ({
  averageConcurrency,
  averageProxiedConcurrency,
  requestCount,
  proxiedRequestCount,
});

const cases: Case[] = [
  { name: 'no traffic', steps: [], reportAt: 1000, want: report(0, 0) },
  { name: 'two 500 ms requests in one second → 1.0 (upstream doc example)', steps: [['in', 0], ['out', 500], ['in', 500], ['out', 1000]], reportAt: 1000, want: report(1, 2) },
  { name: 'one request over the whole second', steps: [['in', 0]], reportAt: 1000, want: report(1, 1) },
  { name: 'two overlapping requests over the whole second', steps: [['in', 0], ['in', 0]], reportAt: 1000, want: report(2, 2) },
  { name: 'one 250 ms request', steps: [['in', 0], ['out', 250]], reportAt: 1000, want: report(0.25, 1) },
  { name: 'staggered: 1 for 500 ms, 2 for 500 ms', steps: [['in', 0], ['in', 500]], reportAt: 1000, want: report(1.5, 2) },
  { name: 'started at the first request: averages over the time since', startedAt: 500, steps: [['in', 500]], reportAt: 1000, want: report(1, 1) },
  { name: 'zero-length request counts but adds no concurrency', steps: [['in', 300], ['out', 300]], reportAt: 1000, want: report(0, 1) },
  { name: 'proxied requests count in both figures', steps: [['pin', 0], ['in', 0], ['pout', 500]], reportAt: 1000, want: report(1.5, 2, 0.5, 1) },
  { name: 'a clock stepping back adds nothing', steps: [['in', 600], ['out', 400]], reportAt: 1000, want: report(0, 1) },
];

describe('RequestStats', () => {
  it.each(cases)('$name', ({ startedAt, steps, reportAt, want }) => {
    const stats = new RequestStats(startedAt ?? 0);
    for (const [kind, at] of steps) {
      if (kind === 'in' || kind === 'pin') stats.requestIn(at, kind === 'pin');
      else stats.requestOut(at, kind === 'pout');
    }
    const got = stats.report(reportAt);
    expect(got.averageConcurrency).toBeCloseTo(want.averageConcurrency, 10);
    expect(got.averageProxiedConcurrency).toBeCloseTo(want.averageProxiedConcurrency, 10);
    expect(got.requestCount).toBe(want.requestCount);
    expect(got.proxiedRequestCount).toBe(want.proxiedRequestCount);
  });

  it('starts each period over but keeps requests in flight', () => {
    const stats = new RequestStats(0);
    stats.requestIn(0);
    stats.requestIn(0);
    stats.requestOut(500);
    expect(stats.report(1000)).toEqual(report(1.5, 2));
    // One still in flight: the next period sees it all the time, but no new arrival.
    expect(stats.report(2000)).toEqual(report(1, 0));
    stats.requestOut(2500);
    expect(stats.report(3000)).toEqual(report(0.5, 0));
    expect(stats.concurrency).toBe(0);
  });

  it('never goes below zero on an unmatched end', () => {
    const stats = new RequestStats(0);
    stats.requestOut(100);
    expect(stats.concurrency).toBe(0);
    expect(stats.report(1000)).toEqual(report(0, 0));
  });
});
