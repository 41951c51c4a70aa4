// The hosts one Route answers and the revisions behind each (Knative's ingress rules per Route):
// its external URL, the cluster-local names, and one host per tagged target.
import type { Route } from '@knts/api';

export interface WeightedRevision {
  revision: string;
  percent: number;
}

export interface HostTargets {
  /** Lower case, no port. */
  host: string;
  targets: WeightedRevision[];
}

interface StatusTraffic {
  revisionName?: unknown;
  percent?: unknown;
  tag?: unknown;
  url?: unknown;
}

/** Lower-cased host of a URL, or undefined when it is not one. */
function urlHost(url: unknown): string | undefined {
  if (typeof url !== 'string' || url === '') return undefined;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The four names of `{name}.{ns}` inside the cluster (Kubernetes Service DNS search paths). */
function clusterLocalHosts(name: string, namespace: string): string[] {
  const base = `${name}.${namespace}`;
  return [`${base}.svc.cluster.local`, `${base}.svc`, base];
}

/** Percent-weighted revisions, merged by name; 0 % entries (tag-only targets) are left out. */
function weightedTargets(traffic: StatusTraffic[]): WeightedRevision[] {
  const byRevision = new Map<string, number>();
  for (const t of traffic) {
    if (typeof t.revisionName !== 'string' || t.revisionName === '') continue;
    const percent = typeof t.percent === 'number' ? t.percent : 0;
    if (percent <= 0) continue;
    byRevision.set(t.revisionName, (byRevision.get(t.revisionName) ?? 0) + percent);
  }
  return [...byRevision].map(([revision, percent]) => ({ revision, percent }));
}

/**
 * Hosts from `status` only: the serving-controller resolves `latestRevision` and
 * `configurationName` there, so the spec never needs reading here. A Route without
 * `status.traffic` serves nothing yet.
 */
export function routeHostTargets(route: Route): HostTargets[] {
  const name = route.metadata.name ?? '';
  const namespace = route.metadata.namespace ?? 'default';
  const status = (route.status ?? {}) as { url?: unknown; traffic?: unknown };
  const traffic = Array.isArray(status.traffic) ? (status.traffic as StatusTraffic[]) : [];
  if (traffic.length === 0) return [];

  const result: HostTargets[] = [];
  const main = weightedTargets(traffic);
  const mainHost = urlHost(status.url);
  if (main.length > 0) {
    if (mainHost) result.push({ host: mainHost, targets: main });
    for (const host of clusterLocalHosts(name, namespace)) result.push({ host, targets: main });
  }

  // `{route}.{ns}.{domain}` → the domain, to name tag hosts whose target carries no url.
  const prefix = `${name}.${namespace}.`.toLowerCase();
  const domain = mainHost?.startsWith(prefix) ? mainHost.slice(prefix.length) : undefined;
  for (const t of traffic) {
    if (typeof t.tag !== 'string' || t.tag === '' || typeof t.revisionName !== 'string' || t.revisionName === '') continue;
    const targets = [{ revision: t.revisionName, percent: 100 }];
    const tagName = `${t.tag}-${name}`.toLowerCase();
    const tagHost = urlHost(t.url) ?? (domain ? `${tagName}.${namespace}.${domain}` : undefined);
    if (tagHost) result.push({ host: tagHost, targets });
    for (const host of clusterLocalHosts(tagName, namespace)) result.push({ host, targets });
  }
  return result;
}
