// A shared-informer-style cache of one resource type (client-go tools/cache): list, then watch
// from the list's revision, keep every object by `namespace/name`, and tell handlers what changed.
import type { KubeObject, ResourceType } from '@knts/api';
import { LabelSelector } from './label-selector';
import type { ResourceStore, Watch, WatchEvent } from './resource-store';

export interface ResourceEventHandler<T extends KubeObject = KubeObject> {
  onAdd?(object: T): void;
  onUpdate?(oldObject: T, newObject: T): void;
  onDelete?(object: T): void;
}

export interface InformerOptions {
  store: ResourceStore;
  type: ResourceType;
  /** Watch one namespace; omit for all. */
  namespace?: string;
  labelSelector?: string;
  /** Wait before re-watching after a failure (doubles up to 30 s). */
  retryDelayMs?: number;
  /** Where handler exceptions go; they never break the cache. */
  onError?: (err: unknown) => void;
}

type EventName = 'add' | 'update' | 'delete';

/** client-go's MetaNamespaceKeyFunc: `namespace/name`, or `name` for cluster-scoped objects. */
export function objectCacheKey(object: { metadata: { namespace?: string; name?: string } }): string {
  const { namespace, name = '' } = object.metadata;
  return namespace ? `${namespace}/${name}` : name;
}

export class Informer<T extends KubeObject = KubeObject> {
  readonly synced: Promise<void>;
  private readonly cache = new Map<string, T>();
  private readonly handlers = new Set<ResourceEventHandler<T>>();
  private lastResourceVersion?: string;
  private watch?: Watch;
  private running = false;
  private started?: Promise<void>;
  private failures = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private markSynced!: () => void;
  private hasSyncedFlag = false;

  constructor(private readonly options: InformerOptions) {
    this.synced = new Promise((resolve) => (this.markSynced = resolve));
  }

  get type(): ResourceType {
    return this.options.type;
  }

  get hasSynced(): boolean {
    return this.hasSyncedFlag;
  }

  /** Lists and starts watching; resolves once the cache holds the listed state. */
  start(): Promise<void> {
    if (!this.started) {
      this.running = true;
      this.started = this.relist().then(() => this.synced);
    }
    return this.started;
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const watch = this.watch;
    this.watch = undefined;
    await watch?.stop();
  }

  /** Looks up by `namespace/name` (or `name` when cluster-scoped). */
  getByKey(key: string): T | undefined {
    return this.cache.get(key);
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.cache.get(namespace ? `${namespace}/${name}` : name);
  }

  list(namespace?: string, labelSelector?: string): T[] {
    const selector = LabelSelector.parse(labelSelector);
    return [...this.cache.values()].filter(
      (o) => (namespace === undefined || o.metadata.namespace === namespace) && selector.matches(o.metadata.labels),
    );
  }

  keys(): string[] {
    return [...this.cache.keys()];
  }

  /** Adds a handler; once synced it first sees every cached object as added, as in client-go. */
  addEventHandler(handler: ResourceEventHandler<T>): () => void {
    this.handlers.add(handler);
    if (this.hasSyncedFlag) for (const o of this.cache.values()) this.call(() => handler.onAdd?.(o));
    return () => this.handlers.delete(handler);
  }

  on(event: 'add' | 'delete', fn: (object: T) => void): () => void;
  on(event: 'update', fn: (oldObject: T, newObject: T) => void): () => void;
  on(event: EventName, fn: ((object: T) => void) | ((oldObject: T, newObject: T) => void)): () => void {
    if (event === 'update') return this.addEventHandler({ onUpdate: fn as (a: T, b: T) => void });
    const one = fn as (object: T) => void;
    return this.addEventHandler(event === 'add' ? { onAdd: one } : { onDelete: one });
  }

  /** Full list, diffed against the cache so handlers see only real changes; then watch from its revision. */
  private async relist(): Promise<void> {
    const { store, type, namespace, labelSelector } = this.options;
    let result;
    try {
      result = await store.list<T>(type, { namespace, labelSelector });
    } catch (err) {
      this.scheduleRetry(err, () => this.relist());
      return;
    }
    if (!this.running) return;
    const seen = new Set<string>();
    for (const object of result.items) {
      const key = objectCacheKey(object);
      seen.add(key);
      this.upsert(key, object);
    }
    for (const [key, object] of [...this.cache]) {
      if (!seen.has(key)) this.remove(key, object);
    }
    this.lastResourceVersion = result.resourceVersion;
    if (!this.hasSyncedFlag) {
      this.hasSyncedFlag = true;
      this.markSynced();
    }
    await this.startWatch();
  }

  private async startWatch(): Promise<void> {
    if (!this.running) return;
    const { store, type, namespace, labelSelector } = this.options;
    const resumedFrom = this.lastResourceVersion;
    let progressed = false;
    const watch = store.watch<T>(type, { namespace, labelSelector, resourceVersion: resumedFrom }, (event) => {
      progressed = true;
      this.apply(event);
    });
    this.watch = watch;
    try {
      await watch.ready;
    } catch (err) {
      this.onWatchFailure(watch, err, false);
      return;
    }
    this.failures = 0;
    void watch.ended?.then((err) => {
      if (err) this.onWatchFailure(watch, err, progressed);
    });
  }

  /** Resume from the last revision first; if that fails again without progress, relist. */
  private onWatchFailure(watch: Watch, err: unknown, progressed: boolean): void {
    if (!this.running || this.watch !== watch) return;
    this.watch = undefined;
    if (progressed) this.failures = 0;
    const relist = this.failures >= 1;
    this.scheduleRetry(err, () => (relist ? this.relist() : this.startWatch()));
  }

  private scheduleRetry(err: unknown, retry: () => Promise<void>): void {
    if (!this.running) return;
    this.failures++;
    this.options.onError?.(err);
    const delay = Math.min((this.options.retryDelayMs ?? 100) * 2 ** (this.failures - 1), 30_000);
    this.retryTimer = setTimeout(() => void retry(), delay);
  }

  private apply(event: WatchEvent<T>): void {
    const key = objectCacheKey(event.object);
    this.lastResourceVersion = event.resourceVersion;
    if (event.type === 'DELETED') this.remove(key, this.cache.get(key) ?? event.object);
    else this.upsert(key, event.object);
  }

  private upsert(key: string, object: T): void {
    const old = this.cache.get(key);
    this.cache.set(key, object);
    if (!old) this.emit((h) => h.onAdd?.(object));
    else if (old.metadata.resourceVersion !== object.metadata.resourceVersion) this.emit((h) => h.onUpdate?.(old, object));
  }

  private remove(key: string, object: T): void {
    if (!this.cache.delete(key)) return;
    this.emit((h) => h.onDelete?.(object));
  }

  private emit(fn: (h: ResourceEventHandler<T>) => void): void {
    for (const h of this.handlers) this.call(() => fn(h));
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.options.onError?.(err);
    }
  }
}
