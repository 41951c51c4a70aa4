// bucketing.go WeightedFloat64Buckets: the `weighted-exponential` aggregation, where recent
// buckets weigh more. Same recording as the linear buckets; only the average differs.
import { TimedFloat64Buckets } from './timed-float64-buckets';

/** The smallest decay multiplier, so huge windows do not degrade into a plain average. */
export const MIN_EXPONENT = 0.2;
/** The weights of the window's buckets must add up to at least this. */
export const WEIGHT_PRECISION = 0.9999;

/** computeSmoothingCoeff: max(1 − (1 − weightPrecision)^(1/nb), minExponent). */
export function computeSmoothingCoeff(numBuckets: number): number {
  return Math.max(1 - Math.pow(1 - WEIGHT_PRECISION, 1 / numBuckets), MIN_EXPONENT);
}

export class WeightedFloat64Buckets extends TimedFloat64Buckets {
  readonly smoothingCoeff: number;

  constructor(windowMs: number, granularityMs: number) {
    super(windowMs, granularityMs);
    this.smoothingCoeff = computeSmoothingCoeff(Math.ceil(windowMs / granularityMs));
  }

  /** Newest bucket × c, the one before × c(1−c), and so on; missing recent buckets count as zeros. */
  override windowAverage(nowMs: number): number {
    if (this.isEmpty(nowMs)) return 0;
    const now = this.truncate(nowMs);
    const total = this.buckets.length;
    let count = total;
    let multiplier = this.smoothingCoeff;
    if (now > this.lastWrite) {
      const zeros = Math.floor((now - this.lastWrite) / this.granularityMs);
      multiplier *= Math.pow(1 - this.smoothingCoeff, zeros);
      count -= zeros;
    }
    const start = this.timeToIndex(this.lastWrite);
    let result = 0;
    for (let i = 0; i < count; i++) {
      result += (this.buckets[this.slot(start - i)] ?? 0) * multiplier;
      multiplier *= 1 - this.smoothingCoeff;
    }
    return result;
  }
}
