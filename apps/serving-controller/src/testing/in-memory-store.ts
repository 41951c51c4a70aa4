// A ResourceStore and ObjectLister in memory for reconciler unit tests: admission through the real
// api, Kubernetes write semantics (generation, status subresource, conflicts, cascading delete),
// and a record of every write so tests can assert what a reconcile did.
import { admit, findResourceType, qualifiedName, type Clock, type KubeObject, type ResourceType } from '@knts/api';
import {
  AlreadyExistsError,
  ConflictError,
  LabelSelector,
  NotFoundError,
  type ApplyResult,
  type DeleteOptions,
  type ListOptions,
  type ListResult,
  type ResourceStore,
  type Watch,
  type WatchEvent,
  type WatchOptions,
} from '@knts/store';
import type { ObjectLister } from '../object-lister';

export interface StoreAction {
  verb: 'create' | 'update' | 'updateStatus' | 'delete';
  object: KubeObject;
}

const NON_SPEC_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'status']);

export class InMemoryStore implements ResourceStore {
  readonly actions: StoreAction[] = [];
  private readonly objects = new Map<string, KubeObject>();
  private revision = 0;

  constructor(private readonly clock: Clock = () => new Date('2026-01-01T00:00:00Z')) {}

  /** Puts objects in place as they would be stored (admitted, uid and generation defaulted); not recorded. */
  seed(...objects: KubeObject[]): void {
    for (const object of objects) {
      const admitted = admit(object, { operation: 'CREATE' });
      const meta = admitted.metadata;
      meta.uid ??= `${meta.name}-uid`;
      meta.generation ??= 1;
      meta.creationTimestamp ??= stamp(this.clock());
      meta.resourceVersion = String(++this.revision);
      this.objects.set(this.keyOf(typeOf(admitted), meta.namespace, meta.name ?? ''), admitted);
    }
  }

  writes(verb: StoreAction['verb']): KubeObject[] {
    return this.actions.filter((a) => a.verb === verb).map((a) => a.object);
  }

  clearActions(): void {
    this.actions.splice(0);
  }

  async get<T extends KubeObject>(type: ResourceType, namespace: string | undefined, name: string): Promise<T | undefined> {
    const found = this.objects.get(this.keyOf(type, namespace, name));
    return found ? (structuredClone(found) as T) : undefined;
  }

  async list<T extends KubeObject>(type: ResourceType, options: ListOptions = {}): Promise<ListResult<T>> {
    return { items: this.select<T>(type, options.namespace, options.labelSelector), resourceVersion: String(this.revision) };
  }

  async create<T extends KubeObject>(object: T): Promise<T> {
    const admitted = admit(object, { operation: 'CREATE' });
    const type = typeOf(admitted);
    const meta = admitted.metadata;
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${String(this.revision + 1).padStart(5, 'b')}`;
    const key = this.keyOf(type, meta.namespace, meta.name ?? '');
    if (this.objects.has(key)) throw new AlreadyExistsError(`${qualifiedName(type)} "${meta.name}" already exists`);
    const { status: _status, ...rest } = admitted;
    delete meta.generateName;
    const stored: KubeObject = {
      ...rest,
      metadata: { ...meta, uid: `${meta.name}-uid`, generation: 1, creationTimestamp: stamp(this.clock()), resourceVersion: String(++this.revision) },
    };
    this.objects.set(key, stored);
    this.actions.push({ verb: 'create', object: structuredClone(stored) });
    return structuredClone(stored) as T;
  }

  async update<T extends KubeObject>(object: T): Promise<T> {
    const { key, stored } = this.existing(object);
    const admitted = admit(object, { operation: 'UPDATE', old: stored });
    const next: KubeObject = { ...admitted, metadata: { ...admitted.metadata, uid: stored.metadata.uid, creationTimestamp: stored.metadata.creationTimestamp } };
    if (stored.status !== undefined) next.status = stored.status;
    else delete next.status;
    const specChanged = [...new Set([...Object.keys(stored), ...Object.keys(next)])].some(
      (k) => !NON_SPEC_FIELDS.has(k) && JSON.stringify(stored[k]) !== JSON.stringify(next[k]),
    );
    next.metadata.generation = (stored.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    next.metadata.resourceVersion = String(++this.revision);
    next.apiVersion = stored.apiVersion;
    this.objects.set(key, next);
    this.actions.push({ verb: 'update', object: structuredClone(next) });
    return structuredClone(next) as T;
  }

  async updateStatus<T extends KubeObject>(object: T): Promise<T> {
    const { key, stored } = this.existing(object);
    const next: KubeObject = { ...structuredClone(stored), status: structuredClone(object.status) };
    next.metadata.resourceVersion = String(++this.revision);
    this.objects.set(key, next);
    this.actions.push({ verb: 'updateStatus', object: structuredClone(next) });
    return structuredClone(next) as T;
  }

  async apply<T extends KubeObject>(): Promise<{ object: T; result: ApplyResult }> {
    throw new Error('InMemoryStore does not implement apply');
  }

  async delete<T extends KubeObject>(type: ResourceType, namespace: string | undefined, name: string, _options?: DeleteOptions): Promise<T | undefined> {
    const key = this.keyOf(type, namespace, name);
    const stored = this.objects.get(key);
    if (!stored) throw new NotFoundError(`${qualifiedName(type)} "${name}" not found`);
    this.objects.delete(key);
    this.actions.push({ verb: 'delete', object: structuredClone(stored) });
    // Background cascade through ownerReferences, as the store's garbage collector does.
    for (const [childKey, child] of [...this.objects]) {
      if ((child.metadata.ownerReferences ?? []).some((r) => r.uid === stored.metadata.uid) && this.objects.has(childKey)) {
        await this.delete(typeOf(child), child.metadata.namespace, child.metadata.name ?? '');
      }
    }
    return structuredClone(stored) as T;
  }

  watch<T extends KubeObject>(_type: ResourceType, _options: WatchOptions, _onEvent: (event: WatchEvent<T>) => void): Watch {
    throw new Error('InMemoryStore does not implement watch: reconciler tests read through the lister');
  }

  async close(): Promise<void> {}

  /** Synchronous reads, as from an informer cache that is always up to date. */
  readonly lister: ObjectLister = {
    get: <T extends KubeObject>(type: ResourceType, namespace: string, name: string) => {
      const found = this.objects.get(this.keyOf(type, namespace, name));
      return found ? (structuredClone(found) as T) : undefined;
    },
    list: <T extends KubeObject>(type: ResourceType, namespace: string, labelSelector?: string) => this.select<T>(type, namespace, labelSelector),
  };

  private select<T extends KubeObject>(type: ResourceType, namespace?: string, labelSelector?: string): T[] {
    const selector = LabelSelector.parse(labelSelector);
    const prefix = `${type.plural}.${type.group}/`;
    return [...this.objects.entries()]
      .filter(([k, o]) => k.startsWith(prefix) && (namespace === undefined || o.metadata.namespace === namespace) && selector.matches(o.metadata.labels))
      .map(([, o]) => structuredClone(o) as T);
  }

  private existing(object: KubeObject): { key: string; stored: KubeObject; type: ResourceType } {
    const type = typeOf(object);
    const key = this.keyOf(type, object.metadata.namespace, object.metadata.name ?? '');
    const stored = this.objects.get(key);
    if (!stored) throw new NotFoundError(`${qualifiedName(type)} "${object.metadata.name}" not found`);
    if (object.metadata.resourceVersion && object.metadata.resourceVersion !== stored.metadata.resourceVersion)
      throw new ConflictError(`Operation cannot be fulfilled on ${qualifiedName(type)} "${object.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`);
    return { key, stored, type };
  }

  private keyOf(type: ResourceType, namespace: string | undefined, name: string): string {
    return `${type.plural}.${type.group}/${namespace ?? ''}/${name}`;
  }
}

function typeOf(object: KubeObject): ResourceType {
  const type = findResourceType(object.apiVersion, object.kind);
  if (!type) throw new Error(`unknown kind ${object.kind} in ${object.apiVersion}`);
  return type;
}

function stamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
