// ObjectLister over the service's running informers: reconcilers read the cache, never NATS.
import type { KubeObject, ResourceType } from '@knts/api';
import type { Informer } from '@knts/store';
import type { ObjectLister } from './object-lister';

export class InformerLister implements ObjectLister {
  constructor(private readonly informers: ReadonlyMap<ResourceType, Informer>) {}

  get<T extends KubeObject>(type: ResourceType, namespace: string, name: string): T | undefined {
    const found = this.informer(type).get(namespace, name);
    // A copy: reconcilers build new objects from what they read and must not touch the cache.
    return found ? (structuredClone(found) as T) : undefined;
  }

  list<T extends KubeObject>(type: ResourceType, namespace: string, labelSelector?: string): T[] {
    return this.informer(type).list(namespace, labelSelector).map((o) => structuredClone(o) as T);
  }

  private informer(type: ResourceType): Informer {
    const informer = this.informers.get(type);
    if (!informer) throw new Error(`no informer for ${type.plural}`);
    return informer;
  }
}
