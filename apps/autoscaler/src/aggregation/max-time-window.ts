// knative/serving pkg/autoscaler/aggregation/max (Window + TimeWindow): the maximum value seen
// over the last `duration`, at `granularity` steps; it holds the scale-down-delay. A descending
// list of maxima keeps Current() O(1).

interface Entry {
  index: number;
  value: number;
}

export class MaxTimeWindow {
  private readonly size: number;
  private maxima: Entry[] = [];

  constructor(
    readonly durationMs: number,
    readonly granularityMs: number,
  ) {
    this.size = Math.ceil(durationMs / granularityMs);
  }

  record(nowMs: number, value: number): void {
    const index = Math.floor(nowMs / 1000 / (this.granularityMs / 1000));
    // A smaller value can never be the maximum again: the new one is larger and more recent.
    while (this.maxima.length > 0 && (this.maxima[this.maxima.length - 1] as Entry).value <= value) this.maxima.pop();
    // Entries a whole window old fall out.
    while (this.maxima.length > 0 && index - (this.maxima[0] as Entry).index >= this.size) this.maxima.shift();
    this.maxima.push({ index, value });
  }

  /** The maximum over the window, as of the last record. */
  current(): number {
    return this.maxima[0]?.value ?? 0;
  }
}
