// Everything the proxy needs about one Revision, kept current by the routing table: its ready
// endpoints, its timeouts, and the requests held while it has no endpoint.
import type { Endpoint } from './endpoint';
import { revisionSettings, type RevisionSettings } from './revision-settings';

/** A request waiting for this revision to get a ready endpoint. */
export interface EndpointWaiter {
  endpointsAvailable(): void;
}

export class RevisionBackend {
  settings: RevisionSettings = revisionSettings(undefined);
  /** Whether the Revision object itself is known (settings come from it). */
  hasRevision = false;
  /** Endpoints by Pod key, ready or refused. */
  readonly endpointsByPod = new Map<string, Endpoint>();
  /** Endpoints in rotation; an array so that the pick is one index operation. */
  ready: Endpoint[] = [];
  /** Next round-robin position. */
  cursor = 0;
  readonly waiters = new Set<EndpointWaiter>();
  /** How many Routes point here (a backend nobody needs is forgotten). */
  routeRefs = 0;
  /** Per-revision cache of the proxy's metric children, filled lazily by the metrics module. */
  metricsSlot: unknown = undefined;

  constructor(
    readonly namespace: string,
    readonly name: string,
  ) {}

  get key(): string {
    return `${this.namespace}/${this.name}`;
  }

  get unused(): boolean {
    return this.routeRefs === 0 && this.endpointsByPod.size === 0 && !this.hasRevision && this.waiters.size === 0;
  }

  /** Rebuilds the rotation from endpointsByPod; wakes held requests when endpoints appear. */
  refreshRotation(): void {
    const ready: Endpoint[] = [];
    for (const e of this.endpointsByPod.values()) if (!e.refused) ready.push(e);
    this.ready = ready;
    if (ready.length > 0 && this.waiters.size > 0) {
      const waiting = [...this.waiters];
      this.waiters.clear();
      for (const w of waiting) w.endpointsAvailable();
    }
  }

  /** Takes an endpoint that refused a connection out of rotation until its Pod is Ready again. */
  markRefused(endpoint: Endpoint): void {
    if (endpoint.refused || this.endpointsByPod.get(endpoint.podKey) !== endpoint) return;
    endpoint.refused = true;
    this.ready = this.ready.filter((e) => e !== endpoint);
  }
}
