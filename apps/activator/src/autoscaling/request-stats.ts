// Time-weighted concurrency and request counts of one revision, cut into reporting periods.
// A port of knative/networking pkg/http/stats/request.go `RequestStats`: the average
// concurrency of a period is Σ(concurrency × Δt) / Δt_total, so two 500 ms requests in one
// second report 1.0, not 2 and not 0.5. Pure: every call takes the time, in milliseconds.

/** One period's figures (upstream `RequestStatsReport`). */
export interface RequestStatsReport {
  averageConcurrency: number;
  averageProxiedConcurrency: number;
  /** Requests that arrived in the period. */
  requestCount: number;
  proxiedRequestCount: number;
}

export class RequestStats {
  // State; survives a report (requests in flight stay in flight).
  private inFlight = 0;
  private proxiedInFlight = 0;
  private lastChange: number;

  // Accumulators of the current period; reset by report().
  private requests = 0;
  private proxiedRequests = 0;
  private concurrencyMs = 0;
  private proxiedConcurrencyMs = 0;
  private elapsedMs = 0;

  constructor(startedAtMs: number) {
    this.lastChange = startedAtMs;
  }

  /** Requests in flight now. */
  get concurrency(): number {
    return this.inFlight;
  }

  /** A request arrived; `proxied` is upstream's ProxiedIn (the activator never sets it). */
  requestIn(nowMs: number, proxied = false): void {
    this.advance(nowMs);
    this.inFlight++;
    this.requests++;
    if (proxied) {
      this.proxiedInFlight++;
      this.proxiedRequests++;
    }
  }

  /** A request finished. */
  requestOut(nowMs: number, proxied = false): void {
    this.advance(nowMs);
    if (this.inFlight > 0) this.inFlight--;
    if (proxied && this.proxiedInFlight > 0) this.proxiedInFlight--;
  }

  /** The period ending at `nowMs`; the accumulators start over (upstream `Report`). */
  report(nowMs: number): RequestStatsReport {
    this.advance(nowMs);
    const elapsed = this.elapsedMs;
    const report: RequestStatsReport = {
      averageConcurrency: elapsed > 0 ? this.concurrencyMs / elapsed : 0,
      averageProxiedConcurrency: elapsed > 0 ? this.proxiedConcurrencyMs / elapsed : 0,
      requestCount: this.requests,
      proxiedRequestCount: this.proxiedRequests,
    };
    this.requests = 0;
    this.proxiedRequests = 0;
    this.concurrencyMs = 0;
    this.proxiedConcurrencyMs = 0;
    this.elapsedMs = 0;
    return report;
  }

  /**
   * Upstream `compute`: time only moves forward. A timestamp older than the last change (a
   * wall clock stepped back) adds nothing, as upstream ignores negative durations.
   */
  private advance(nowMs: number): void {
    const dt = nowMs - this.lastChange;
    if (dt <= 0) return;
    this.elapsedMs += dt;
    this.concurrencyMs += this.inFlight * dt;
    this.proxiedConcurrencyMs += this.proxiedInFlight * dt;
    this.lastChange = nowMs;
  }
}
