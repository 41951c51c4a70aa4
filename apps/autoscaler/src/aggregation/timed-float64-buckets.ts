// A ring of per-granularity buckets over a window, with knative/serving
// pkg/autoscaler/aggregation/bucketing.go semantics (TimedFloat64Buckets). Times are epoch ms,
// always handed in, so the buckets are pure and tests drive the clock.

/** Anything that averages recorded values over its window. */
export interface WindowAverager {
  record(nowMs: number, value: number): void;
  windowAverage(nowMs: number): number;
  /** True when nothing was written for longer than the window. */
  isEmpty(nowMs: number): boolean;
}

const PRECISION = 6;

/** bucketing.go roundToNDigits: floors to 6 decimals, hiding float noise in averages. */
export function roundToNDigits(n: number, f: number): number {
  const p = 10 ** n;
  return Math.floor(f * p) / p;
}

export class TimedFloat64Buckets implements WindowAverager {
  protected readonly buckets: number[];
  /** Start of the first bucket written since the last full window of silence; NaN before. */
  protected firstWrite = Number.NaN;
  /** Start of the newest bucket written; -Infinity before any write. */
  protected lastWrite = Number.NEGATIVE_INFINITY;
  /** Sum of every bucket in the ring, valid or not. */
  protected windowTotal = 0;

  constructor(
    readonly windowMs: number,
    readonly granularityMs: number,
  ) {
    this.buckets = new Array<number>(Math.ceil(windowMs / granularityMs)).fill(0);
  }

  protected truncate(ms: number): number {
    return Math.floor(ms / this.granularityMs) * this.granularityMs;
  }

  protected timeToIndex(ms: number): number {
    return Math.floor(ms / this.granularityMs);
  }

  protected slot(index: number): number {
    const n = this.buckets.length;
    return ((index % n) + n) % n;
  }

  /** Adds to the bucket of `nowMs`; gaps since the last write become zeros. */
  record(nowMs: number, value: number): void {
    const bucketTime = this.truncate(nowMs);
    const writeIdx = this.timeToIndex(nowMs);
    if (this.lastWrite !== bucketTime) {
      // A value older than a whole window is dropped.
      if (!(bucketTime + this.windowMs > this.lastWrite)) return;
      if (Number.isNaN(this.firstWrite) || this.firstWrite > bucketTime) this.firstWrite = bucketTime;
      if (bucketTime > this.lastWrite) {
        if (bucketTime - this.lastWrite >= this.windowMs) {
          // A full window of silence: start over, so averages cover the new data only.
          this.firstWrite = bucketTime;
          this.buckets.fill(0);
          this.windowTotal = 0;
        } else {
          for (let i = this.timeToIndex(this.lastWrite) + 1; i <= writeIdx; i++) {
            const s = this.slot(i);
            this.windowTotal -= this.buckets[s] ?? 0;
            this.buckets[s] = 0;
          }
        }
        this.lastWrite = bucketTime;
      }
    }
    const s = this.slot(writeIdx);
    this.buckets[s] = (this.buckets[s] ?? 0) + value;
    this.windowTotal += value;
  }

  isEmpty(nowMs: number): boolean {
    return this.truncate(nowMs) - this.lastWrite > this.windowMs;
  }

  /**
   * Sum of the valid buckets over their count: a partial window right after the first write,
   * or when recent data is missing; gaps inside the data count as zeros.
   */
  windowAverage(nowMs: number): number {
    const now = this.truncate(nowMs);
    const d = now - this.lastWrite;
    const written = Math.floor((this.lastWrite - this.firstWrite) / this.granularityMs) + 1;
    if (d <= 0) return roundToNDigits(PRECISION, this.windowTotal / Math.min(written, this.buckets.length));
    if (d < this.windowMs) {
      const st = this.timeToIndex(this.lastWrite);
      const end = this.timeToIndex(now);
      let total = this.windowTotal;
      for (let i = st + 1; i <= end; i++) total -= this.buckets[this.slot(i)] ?? 0;
      return roundToNDigits(PRECISION, total / Math.min(written, this.buckets.length - (end - st)));
    }
    return 0;
  }
}
