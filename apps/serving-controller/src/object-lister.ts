// Reads for reconcilers: served from the informer caches in the service (as Knative's listers are),
// and from the in-memory store in unit tests. Writes go through the ResourceStore.
import type { KubeObject, ResourceType } from '@knts/api';

export interface ObjectLister {
  get<T extends KubeObject>(type: ResourceType, namespace: string, name: string): T | undefined;
  /** Objects of `type` in `namespace`, optionally filtered by a kubectl label selector. */
  list<T extends KubeObject>(type: ResourceType, namespace: string, labelSelector?: string): T[];
}
