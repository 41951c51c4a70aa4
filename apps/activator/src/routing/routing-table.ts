// host → weighted revisions → ready endpoints, updated one changed object at a time from the
// informers (never rebuilt globally) and ahead of them by the runtime's readiness hints, read by
// the proxy on every request.
import type { KubeObject, Revision, Route } from '@knts/api';
import { Endpoint } from './endpoint';
import { podEndpoint } from './pod-endpoint';
import { RevisionBackend } from './revision-backend';
import { revisionSettings } from './revision-settings';
import { routeHostTargets } from './route-hosts';

/** What one host resolves to. */
export interface HostRoute {
  routeKey: string;
  host: string;
  backends: RevisionBackend[];
  /** Running sums of the percents, for the weighted pick. */
  cumulative: number[];
  total: number;
}

export interface RoutingTableOptions {
  /** Called when an endpoint leaves for good, so the proxy can close its pool. */
  onEndpointRemoved?: (endpoint: Endpoint) => void;
  /** How long a hinted endpoint stays without its Pod reported Ready by the store (default 10 s). */
  hintTtlMs?: number;
}

/**
 * The runtime's readiness hint (`RuntimeEndpointsData`): every ready replica of a revision on
 * one runtime, the moment that set changes, ahead of the Pods' status in the store.
 */
export interface EndpointHint {
  namespace: string;
  revision: string;
  runtime: string;
  sequence: number;
  endpoints: ReadonlyArray<{ pod: string; host: string; port: number }>;
}

const DEFAULT_HINT_TTL_MS = 10_000;
/** How long a deleted Pod is remembered, so a hint that arrives after the delete is ignored. */
const GONE_MEMORY_MS = 60_000;

/** Upper bound of the raw-Host cache; random Host headers must not grow memory. */
const HOST_CACHE_LIMIT = 10_000;

/** Lower case, no port (`Host: Hello.Default.Example.com:8080`). */
export function normalizeHost(raw: string): string {
  let end = raw.length;
  if (raw.charCodeAt(0) === 91 /* [ */) {
    const close = raw.indexOf(']');
    if (close > 0) end = close + 1;
  } else {
    const colon = raw.indexOf(':');
    if (colon >= 0) end = colon;
  }
  let host = end === raw.length ? raw : raw.slice(0, end);
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host.toLowerCase();
}

export class RoutingTable {
  private readonly hosts = new Map<string, HostRoute>();
  private readonly hostsByRoute = new Map<string, HostRoute[]>();
  private readonly backends = new Map<string, RevisionBackend>();
  private readonly podRevision = new Map<string, RevisionBackend>();
  /** Raw Host header → resolution; cleared whenever any host changes. */
  private readonly hostCache = new Map<string, HostRoute | null>();
  /** Pods in rotation on a hint only, until the store reports them Ready (then the store owns them). */
  private readonly hinted = new Map<string, ReturnType<typeof setTimeout>>();
  /** Pods the store showed Ready and then not (or terminating), or a hint took out: no hint brings them back. */
  private readonly fallen = new Set<string>();
  /** Pods deleted lately, podKey → when: a hint arriving after the delete is stale. */
  private readonly gone = new Map<string, number>();
  /** Per revision, per runtime instance: the last hint's sequence and Pods. */
  private readonly hintSets = new Map<string, Map<string, { sequence: number; pods: Set<string> }>>();

  constructor(private readonly options: RoutingTableOptions = {}) {}

  /** The route serving a raw Host header value, or undefined. */
  lookup(rawHost: string): HostRoute | undefined {
    const cached = this.hostCache.get(rawHost);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.hosts.get(normalizeHost(rawHost));
    if (this.hostCache.size >= HOST_CACHE_LIMIT) this.hostCache.clear();
    this.hostCache.set(rawHost, found ?? null);
    return found;
  }

  backend(namespace: string, revision: string): RevisionBackend | undefined {
    return this.backends.get(`${namespace}/${revision}`);
  }

  /** Every endpoint currently known, ready or refused. */
  *endpoints(): IterableIterator<Endpoint> {
    for (const backend of this.backends.values()) yield* backend.endpointsByPod.values();
  }

  hostNames(): string[] {
    return [...this.hosts.keys()].sort();
  }

  setRoute(route: Route): void {
    const routeKey = `${route.metadata.namespace ?? 'default'}/${route.metadata.name ?? ''}`;
    const namespace = route.metadata.namespace ?? 'default';
    const entries = routeHostTargets(route).map((h): HostRoute => {
      const backends = h.targets.map((t) => this.acquire(namespace, t.revision));
      const cumulative: number[] = [];
      let total = 0;
      for (const t of h.targets) cumulative.push((total += t.percent));
      return { routeKey, host: h.host, backends, cumulative, total };
    });
    // Acquire the new references before releasing the old ones so a shared backend survives.
    for (const backend of uniqueBackends(entries)) backend.routeRefs++;
    this.removeRoute(routeKey);
    for (const entry of entries) this.hosts.set(entry.host, entry);
    this.hostsByRoute.set(routeKey, entries);
    this.hostCache.clear();
  }

  deleteRoute(route: Route): void {
    this.removeRoute(`${route.metadata.namespace ?? 'default'}/${route.metadata.name ?? ''}`);
    this.hostCache.clear();
  }

  setRevision(revision: Revision): void {
    const backend = this.acquire(revision.metadata.namespace ?? 'default', revision.metadata.name ?? '');
    backend.applySettings(revisionSettings(revision));
    backend.hasRevision = true;
  }

  deleteRevision(revision: Revision): void {
    const key = `${revision.metadata.namespace ?? 'default'}/${revision.metadata.name ?? ''}`;
    this.hintSets.delete(key);
    const backend = this.backends.get(key);
    if (!backend) return;
    backend.hasRevision = false;
    backend.applySettings(revisionSettings(undefined));
    this.forgetIfUnused(backend);
  }

  setPod(pod: KubeObject): void {
    const seen = podEndpoint(pod);
    const podKey = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
    const previous = this.podRevision.get(podKey);
    if (!seen || !seen.ready) {
      const terminating = pod.metadata.deletionTimestamp !== undefined;
      // Not Ready yet in the store while the runtime already said it is: the store is behind.
      if (this.hinted.has(podKey) && seen && !terminating) return;
      if ((previous && !this.hinted.has(podKey)) || terminating) this.fallen.add(podKey);
      this.clearHint(podKey);
      if (previous) this.removePod(previous, podKey);
      return;
    }
    this.fallen.delete(podKey);
    // The store caught up with the hint: from now on the Pod's updates decide.
    this.clearHint(podKey);
    const backend = this.acquire(seen.namespace, seen.revision);
    if (previous && previous !== backend) this.removePod(previous, podKey);
    const current = backend.endpointsByPod.get(podKey);
    if (current && current.host === seen.host && current.port === seen.port) {
      // Ready again after a refusal: back into rotation.
      if (current.refused) {
        current.refused = false;
        backend.refreshRotation();
      }
      return;
    }
    if (current) this.options.onEndpointRemoved?.(current);
    backend.endpointsByPod.set(podKey, new Endpoint(podKey, seen.host, seen.port));
    this.podRevision.set(podKey, backend);
    backend.refreshRotation();
  }

  deletePod(pod: KubeObject): void {
    const podKey = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
    this.clearHint(podKey);
    this.fallen.delete(podKey);
    this.rememberGone(podKey);
    const backend = this.podRevision.get(podKey);
    if (backend) this.removePod(backend, podKey);
  }

  /**
   * A runtime's readiness hint. Pods in it that the store does not show Ready yet go into
   * rotation now; Pods that left it (stopping, crashed, failing their probe) leave rotation now.
   * The store stays the source of truth: a hint never brings back a Pod the store showed
   * terminating, deleted or fallen from Ready, an older hint never replaces a newer one, and a
   * hinted Pod the store does not report Ready within the hint TTL leaves again.
   */
  applyHint(hint: EndpointHint): void {
    const revisionKey = `${hint.namespace}/${hint.revision}`;
    let runtimes = this.hintSets.get(revisionKey);
    if (!runtimes) {
      runtimes = new Map();
      this.hintSets.set(revisionKey, runtimes);
    }
    const last = runtimes.get(hint.runtime);
    if (last && hint.sequence <= last.sequence) return;
    const pods = new Set<string>();
    for (const e of hint.endpoints) {
      const podKey = `${hint.namespace}/${e.pod}`;
      pods.add(podKey);
      if (this.podRevision.has(podKey) || this.fallen.has(podKey) || this.isGone(podKey)) continue;
      const backend = this.acquire(hint.namespace, hint.revision);
      backend.endpointsByPod.set(podKey, new Endpoint(podKey, e.host, e.port));
      this.podRevision.set(podKey, backend);
      const timer = setTimeout(() => this.expireHint(podKey), this.options.hintTtlMs ?? DEFAULT_HINT_TTL_MS);
      timer.unref();
      this.hinted.set(podKey, timer);
      backend.refreshRotation();
    }
    for (const podKey of last?.pods ?? []) {
      if (pods.has(podKey)) continue;
      const backend = this.podRevision.get(podKey);
      // Out of the runtime's ready set: stopping or not ready, whatever the store says yet.
      this.fallen.add(podKey);
      this.clearHint(podKey);
      if (backend) this.removePod(backend, podKey);
    }
    runtimes.set(hint.runtime, { sequence: hint.sequence, pods });
  }

  /** Whether the Pod is in rotation on a hint only (for tests and metrics). */
  isHinted(namespace: string, pod: string): boolean {
    return this.hinted.has(`${namespace}/${pod}`);
  }

  /** Stops the hints' timers (shutdown). */
  close(): void {
    for (const timer of this.hinted.values()) clearTimeout(timer);
    this.hinted.clear();
  }

  /** Forgets a backend once nothing refers to it and no request waits on it. */
  forgetIfUnused(backend: RevisionBackend): void {
    if (backend.unused && this.backends.get(backend.key) === backend) this.backends.delete(backend.key);
  }

  private acquire(namespace: string, name: string): RevisionBackend {
    const key = `${namespace}/${name}`;
    let backend = this.backends.get(key);
    if (!backend) {
      backend = new RevisionBackend(namespace, name);
      this.backends.set(key, backend);
    }
    return backend;
  }

  private removeRoute(routeKey: string): void {
    const entries = this.hostsByRoute.get(routeKey);
    if (!entries) return;
    this.hostsByRoute.delete(routeKey);
    for (const entry of entries) {
      // Another Route may have claimed the host since; leave its entry alone.
      if (this.hosts.get(entry.host) === entry) this.hosts.delete(entry.host);
    }
    for (const backend of uniqueBackends(entries)) {
      backend.routeRefs--;
      this.forgetIfUnused(backend);
    }
  }

  private expireHint(podKey: string): void {
    if (!this.hinted.has(podKey)) return;
    this.hinted.delete(podKey);
    const backend = this.podRevision.get(podKey);
    if (backend) this.removePod(backend, podKey);
  }

  private clearHint(podKey: string): void {
    const timer = this.hinted.get(podKey);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.hinted.delete(podKey);
  }

  private rememberGone(podKey: string): void {
    const now = Date.now();
    this.gone.delete(podKey);
    this.gone.set(podKey, now);
    // Oldest first: drop what is past the memory.
    for (const [key, at] of this.gone) {
      if (now - at < GONE_MEMORY_MS) break;
      this.gone.delete(key);
    }
  }

  private isGone(podKey: string): boolean {
    const at = this.gone.get(podKey);
    return at !== undefined && Date.now() - at < GONE_MEMORY_MS;
  }

  private removePod(backend: RevisionBackend, podKey: string): void {
    this.podRevision.delete(podKey);
    const endpoint = backend.endpointsByPod.get(podKey);
    if (!endpoint) return;
    backend.endpointsByPod.delete(podKey);
    backend.refreshRotation();
    this.options.onEndpointRemoved?.(endpoint);
    this.forgetIfUnused(backend);
  }
}

function uniqueBackends(entries: HostRoute[]): Set<RevisionBackend> {
  const set = new Set<RevisionBackend>();
  for (const e of entries) for (const b of e.backends) set.add(b);
  return set;
}
