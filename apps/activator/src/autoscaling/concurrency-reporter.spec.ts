// The reporter's periods and the scale-from-zero fast path, on a fake clock and an array sink
// (upstream pkg/activator/handler/concurrency_reporter_test.go covers the same ground).
import type { AutoscalerPokeData, AutoscalerStatData } from '@knts/events';
import type { AutoscalerStatSink } from './autoscaler-stat-sink';
import { ConcurrencyReporter, defaultPodName, type RevisionKey } from './concurrency-reporter';

interface Rev extends RevisionKey {
  ready: number;
}

const rev = (name: string, ready = 1, namespace = 'default'): Rev => ({ namespace, name, ready });

class ArraySink implements AutoscalerStatSink {
  readonly stats: AutoscalerStatData[] = [];
  readonly pokes: AutoscalerPokeData[] = [];
  stat(data: AutoscalerStatData): void {
    this.stats.push(data);
  }
  poke(data: AutoscalerPokeData): void {
    this.pokes.push(data);
  }
  take(): { stats: Array<Pick<AutoscalerStatData, 'revision' | 'averageConcurrentRequests' | 'requestCount'>>; pokes: string[] } {
    const out = {
      stats: this.stats.map((s) => ({ revision: s.revision, averageConcurrentRequests: s.averageConcurrentRequests, requestCount: s.requestCount })),
      pokes: this.pokes.map((p) => `${p.namespace}/${p.revision}`),
    };
    this.stats.length = 0;
    this.pokes.length = 0;
    return out;
  }
}

function setup(): { reporter: ConcurrencyReporter<Rev>; sink: ArraySink; clock: { t: number } } {
  const clock = { t: 0 };
  const sink = new ArraySink();
  const reporter = new ConcurrencyReporter<Rev>({ sink, isAtZero: (r) => r.ready === 0, podName: 'activator-a-1', now: () => clock.t });
  return { reporter, sink, clock };
}

const stat = (revision: string, averageConcurrentRequests: number, requestCount: number) => ({ revision, averageConcurrentRequests, requestCount });

describe('ConcurrencyReporter', () => {
  it('sends {1, 1} and a poke at once for the first request of a revision at zero, then subtracts it from the period', () => {
    const { reporter, sink, clock } = setup();
    const r = rev('hello-00001', 0);
    reporter.onRequestStart(r);
    expect(sink.take()).toEqual({ stats: [stat('hello-00001', 1, 1)], pokes: ['default/hello-00001'] });
    // A second request in the same period: no second poke.
    clock.t = 200;
    reporter.onRequestStart(r);
    expect(sink.take()).toEqual({ stats: [], pokes: [] });
    // Period ends at 1000: concurrency 1 for 200 ms then 2 for 800 ms = 1.8; minus the 1 sent.
    clock.t = 1000;
    reporter.report();
    const { stats } = sink.take();
    expect(stats).toHaveLength(1);
    expect(stats[0]?.averageConcurrentRequests).toBeCloseTo(0.8, 10);
    expect(stats[0]?.requestCount).toBe(1);
  });

  it('pokes again in a later period while the revision is still at zero', () => {
    const { reporter, sink, clock } = setup();
    const r = rev('cold', 0);
    reporter.onRequestStart(r);
    clock.t = 1000;
    reporter.report();
    sink.take();
    clock.t = 1100;
    reporter.onRequestStart(r);
    expect(sink.take().pokes).toEqual(['default/cold']);
  });

  it('sends nothing at once for a revision with ready endpoints', () => {
    const { reporter, sink, clock } = setup();
    const r = rev('warm', 2);
    reporter.onRequestStart(r);
    clock.t = 500;
    reporter.onRequestEnd(r);
    expect(sink.take()).toEqual({ stats: [], pokes: [] });
    clock.t = 1000;
    reporter.report();
    expect(sink.take()).toEqual({ stats: [stat('warm', 0.5, 1)], pokes: [] });
  });

  it('reports a revision that went idle once with zeros, then forgets it', () => {
    const { reporter, sink, clock } = setup();
    const r = rev('idle');
    reporter.onRequestStart(r);
    clock.t = 500;
    reporter.onRequestEnd(r);
    const reports: Array<ReturnType<typeof stat>[]> = [];
    for (const t of [1000, 2000, 3000]) {
      clock.t = t;
      reporter.report();
      reports.push(sink.take().stats);
    }
    expect(reports).toEqual([[stat('idle', 0.5, 1)], [stat('idle', 0, 0)], []]);
    expect(reporter.trackedRevisions).toBe(0);
  });

  it('keeps reporting a long request across periods', () => {
    const { reporter, sink, clock } = setup();
    const r = rev('long');
    reporter.onRequestStart(r);
    for (const t of [1000, 2000]) {
      clock.t = t;
      reporter.report();
    }
    clock.t = 2250;
    reporter.onRequestEnd(r);
    clock.t = 3000;
    reporter.report();
    expect(sink.take().stats).toEqual([stat('long', 1, 1), stat('long', 1, 0), stat('long', 0.25, 0)]);
  });

  it('keeps revisions apart, same name in two namespaces included, and fills every field', () => {
    const { reporter, sink, clock } = setup();
    reporter.onRequestStart(rev('a', 1, 'ns1'));
    reporter.onRequestStart(rev('a', 1, 'ns2'));
    reporter.onRequestStart(rev('a', 1, 'ns2'));
    clock.t = 1000;
    reporter.report();
    expect(sink.stats).toEqual([
      {
        namespace: 'ns1',
        revision: 'a',
        podName: 'activator-a-1',
        averageConcurrentRequests: 1,
        averageProxiedConcurrentRequests: 0,
        requestCount: 1,
        proxiedRequestCount: 0,
        processUptime: 0,
        timestamp: '1970-01-01T00:00:01.000Z',
      },
      expect.objectContaining({ namespace: 'ns2', revision: 'a', averageConcurrentRequests: 2, requestCount: 2 }),
    ]);
  });

  it('ignores the end of a request it never saw start', () => {
    const { reporter, sink } = setup();
    reporter.onRequestEnd(rev('ghost'));
    reporter.report();
    expect(sink.take()).toEqual({ stats: [], pokes: [] });
  });

  it('hands a failing publish to onError and never throws into the proxy', () => {
    const errors: unknown[] = [];
    const failing: AutoscalerStatSink = {
      stat: () => {
        throw new Error('stat down');
      },
      poke: () => {
        throw new Error('poke down');
      },
    };
    const reporter = new ConcurrencyReporter<Rev>({ sink: failing, isAtZero: () => true, now: () => 0, onError: (e) => errors.push(e) });
    expect(() => reporter.onRequestStart(rev('x', 0))).not.toThrow();
    expect(() => reporter.report(1000)).not.toThrow();
    expect(errors.map((e) => (e as Error).message)).toEqual(['stat down', 'poke down', 'stat down']);
  });

  it('reports every interval once started, and no more after stop', () => {
    jest.useFakeTimers();
    try {
      const sink = new ArraySink();
      const reporter = new ConcurrencyReporter<Rev>({ sink, isAtZero: () => false, podName: 'p' });
      reporter.start();
      reporter.onRequestStart(rev('timed'));
      jest.advanceTimersByTime(3000);
      expect(sink.take().stats.map((s) => s.averageConcurrentRequests)).toEqual([1, 1, 1]);
      reporter.stop();
      jest.advanceTimersByTime(3000);
      expect(sink.take().stats).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('names this replica by hostname and pid by default', () => {
    expect(defaultPodName()).toMatch(new RegExp(`-${process.pid}$`));
    const reporter = new ConcurrencyReporter<Rev>({ sink: new ArraySink(), isAtZero: () => false });
    expect(reporter.podName).toBe(defaultPodName());
  });
});
