// Everything the proxy needs about one Revision, kept current by the routing table: its ready
// endpoints, its timeouts, and its throttler (containerConcurrency admission, endpoint choice,
// and the FIFO of requests held while it has no endpoint with capacity).
import { RevisionThrottler } from '../throttling/revision-throttler';
import type { Endpoint } from './endpoint';
import { revisionSettings, type RevisionSettings } from './revision-settings';

export class RevisionBackend {
  settings: RevisionSettings = revisionSettings(undefined);
  /** Whether the Revision object itself is known (settings come from it). */
  hasRevision = false;
  /** Endpoints by Pod key, ready or refused. */
  readonly endpointsByPod = new Map<string, Endpoint>();
  /** Endpoints in rotation (the throttler's live endpoints); its length is the "at zero" test. */
  ready: Endpoint[] = [];
  /**
   * Every request leases its endpoint here: the throttler replaces round-robin and the old
   * waiter set, so per-replica containerConcurrency and the hold-at-zero share one FIFO.
   */
  readonly throttler = new RevisionThrottler<Endpoint>();
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

  /**
   * Nothing refers to it and its throttler holds no lease nor waiter: a backend recreated
   * while leases were still out would admit past containerConcurrency.
   */
  get unused(): boolean {
    return this.routeRefs === 0 && this.endpointsByPod.size === 0 && !this.hasRevision && this.throttler.idle;
  }

  /** New settings from the Revision; containerConcurrency goes to the throttler. */
  applySettings(settings: RevisionSettings): void {
    this.settings = settings;
    this.throttler.updateSettings({ containerConcurrency: settings.containerConcurrency });
  }

  /** Rebuilds the rotation from endpointsByPod; the throttler grants held requests at once. */
  refreshRotation(): void {
    const ready: Endpoint[] = [];
    for (const e of this.endpointsByPod.values()) if (!e.refused) ready.push(e);
    this.ready = ready;
    this.throttler.updateEndpoints(ready);
  }

  /** Takes an endpoint that refused a connection out of rotation until its Pod is Ready again. */
  markRefused(endpoint: Endpoint): void {
    if (endpoint.refused || this.endpointsByPod.get(endpoint.podKey) !== endpoint) return;
    endpoint.refused = true;
    this.ready = this.ready.filter((e) => e !== endpoint);
    this.throttler.updateEndpoints(this.ready);
  }
}
