// One endpoint as the throttler tracks it (upstream podTracker): its in-flight count and its
// limit. The throttler hands this object out as the lease itself, so a request allocates
// nothing to hold an endpoint; the proxy reads `endpoint` and gives the lease back on release.
export class EndpointLease<E> {
  /** Requests through this activator on this endpoint now (upstream weight / breaker InFlight). */
  inFlight = 0;
  /** Per-endpoint limit: Infinity for containerConcurrency 0. */
  limit: number;
  /** False once removed: in-flight leases finish, no new ones (upstream podDraining). */
  live = true;
  /** updateEndpoints' pass number, to find the endpoints a new list leaves out. */
  seen = 0;

  constructor(
    readonly endpoint: E,
    limit: number,
  ) {
    this.limit = limit;
  }

  get hasCapacity(): boolean {
    return this.live && this.inFlight < this.limit;
  }
}
