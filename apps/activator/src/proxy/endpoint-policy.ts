// How the proxy picks among a revision's ready endpoints. One small function so that the
// containerConcurrency-aware policies of Knative's throttler (first-available for CC 1-3,
// random-choice-of-2 for CC 0) can replace it later.
import type { Endpoint } from '../routing/endpoint';
import type { RevisionBackend } from '../routing/revision-backend';

export type EndpointPolicy = (backend: RevisionBackend) => Endpoint | undefined;

export const roundRobin: EndpointPolicy = (backend) => {
  const ready = backend.ready;
  const n = ready.length;
  if (n === 0) return undefined;
  if (n === 1) return ready[0];
  const i = backend.cursor++ % n;
  if (backend.cursor >= 0x3fffffff) backend.cursor = 0;
  return ready[i];
};
