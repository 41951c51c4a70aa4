// Weighted random choice of a revision for one request (Knative's ingress traffic split).
import type { RevisionBackend } from '../routing/revision-backend';
import type { HostRoute } from '../routing/routing-table';

export function pickRevision(route: HostRoute, random?: number): RevisionBackend {
  const backends = route.backends;
  if (backends.length === 1) return backends[0]; // no random number drawn for a single revision
  const point = (random ?? Math.random()) * route.total;
  const cumulative = route.cumulative;
  let i = 0;
  while (i < cumulative.length - 1 && cumulative[i] <= point) i++;
  return backends[i];
}
