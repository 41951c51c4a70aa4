// The metric collection of one revision (knative/serving pkg/autoscaler/metrics/collector.go
// `collection`): stable and panic windows of concurrency and of requests per second. Several
// activator replicas report the same second independently; their values add up in the second's
// bucket, which is the sum DESIGN §2 asks for.
import { BUCKET_SIZE_MS } from '@knts/api';
import type { AggregationAlgorithm, DeciderSpec } from '../config/decider-spec';
import { TimedFloat64Buckets, type WindowAverager } from '../aggregation/timed-float64-buckets';
import { WeightedFloat64Buckets } from '../aggregation/weighted-float64-buckets';
import type { ObservedMetrics } from './decider';

export interface StatSample {
  averageConcurrentRequests: number;
  averageProxiedConcurrentRequests: number;
  requestCount: number;
  proxiedRequestCount: number;
}

interface Windows {
  stableMs: number;
  panicMs: number;
  algorithm: AggregationAlgorithm;
}

function buckets(windowMs: number, algorithm: AggregationAlgorithm): WindowAverager {
  return algorithm === 'weighted-exponential'
    ? new WeightedFloat64Buckets(windowMs, BUCKET_SIZE_MS)
    : new TimedFloat64Buckets(windowMs, BUCKET_SIZE_MS);
}

export class RevisionCollection implements ObservedMetrics {
  private windows!: Windows;
  private concurrencyStable!: WindowAverager;
  private concurrencyPanic!: WindowAverager;
  private rpsStable!: WindowAverager;
  private rpsPanic!: WindowAverager;
  /** When the last activator stat arrived. */
  lastStatAt: number | undefined;

  constructor(spec: Pick<DeciderSpec, 'stableWindowMs' | 'panicWindowMs' | 'aggregation'>) {
    this.reset({ stableMs: spec.stableWindowMs, panicMs: spec.panicWindowMs, algorithm: spec.aggregation });
  }

  /** New windows when the spec's windows change; the history starts over (upstream resizes in place). */
  update(spec: Pick<DeciderSpec, 'stableWindowMs' | 'panicWindowMs' | 'aggregation'>): void {
    const w = this.windows;
    if (w.stableMs !== spec.stableWindowMs || w.panicMs !== spec.panicWindowMs || w.algorithm !== spec.aggregation)
      this.reset({ stableMs: spec.stableWindowMs, panicMs: spec.panicWindowMs, algorithm: spec.aggregation });
  }

  private reset(windows: Windows): void {
    this.windows = windows;
    this.concurrencyStable = buckets(windows.stableMs, windows.algorithm);
    this.concurrencyPanic = buckets(windows.panicMs, windows.algorithm);
    this.rpsStable = buckets(windows.stableMs, windows.algorithm);
    this.rpsPanic = buckets(windows.panicMs, windows.algorithm);
  }

  /** One activator's second. Proxied requests were counted elsewhere upstream; subtract them likewise. */
  record(nowMs: number, stat: StatSample): void {
    const concurrency = stat.averageConcurrentRequests - stat.averageProxiedConcurrentRequests;
    const rps = stat.requestCount - stat.proxiedRequestCount;
    this.add(nowMs, concurrency, rps);
    this.lastStatAt = nowMs;
  }

  /**
   * Marks the last completed second as observed (adding nothing to what activators reported in
   * it). Upstream every pod's queue-proxy reports its idle seconds; knts has only activator
   * reports, so the autoscaler writes those zeros. The current second is left alone: marking it
   * would count a second whose reports are still arriving as a zero.
   */
  recordIdle(nowMs: number): void {
    this.add(nowMs - BUCKET_SIZE_MS, 0, 0);
  }

  private add(nowMs: number, concurrency: number, rps: number): void {
    this.concurrencyStable.record(nowMs, concurrency);
    this.concurrencyPanic.record(nowMs, concurrency);
    this.rpsStable.record(nowMs, rps);
    this.rpsPanic.record(nowMs, rps);
  }

  /** collector.go StableAndPanicConcurrency/RPS: no data within the stable window is "no data". */
  stableAndPanic(nowMs: number, metric: DeciderSpec['scalingMetric']): { stable: number; panic: number } | undefined {
    const [stable, panic] =
      metric === 'rps' ? [this.rpsStable, this.rpsPanic] : [this.concurrencyStable, this.concurrencyPanic];
    if (stable.isEmpty(nowMs)) return undefined;
    return { stable: stable.windowAverage(nowMs), panic: panic.windowAverage(nowMs) };
  }
}
