// The ResourceStore port: what every controller and the CLI use to read and write resources.
// Adapters: NATS JetStream KV (standalone), Kubernetes API (cluster mode, later).
import type { KubeObject, ResourceType } from '@knts/api';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  object: T;
  /** The store revision of this change; pass it back as `resourceVersion` to resume after it. */
  resourceVersion: string;
}

export interface ListOptions {
  /** Omit for every namespace. */
  namespace?: string;
  /** kubectl label selector: `a=b,c!=d,e,!f,g in (x,y)`. */
  labelSelector?: string;
}

export interface ListResult<T extends KubeObject = KubeObject> {
  items: T[];
  /** Store revision the list is consistent with; a watch from here misses nothing. */
  resourceVersion: string;
}

export interface WatchOptions extends ListOptions {
  /** Resume after this revision. Omit to get ADDED for every current object, then changes. */
  resourceVersion?: string;
}

export interface Watch {
  /** Resolves once the watch is established (initial state delivered when no resourceVersion). */
  readonly ready: Promise<void>;
  /**
   * Resolves when the watch ends: undefined after stop(), the error when it failed (the caller
   * resumes from its last resourceVersion). Optional so adapters without failure reporting still fit.
   */
  readonly ended?: Promise<Error | undefined>;
  stop(): Promise<void>;
}

export interface WriteOptions {
  /** Validate and default, but do not write. */
  dryRun?: boolean;
}

export type ApplyResult = 'created' | 'configured' | 'unchanged';

export type DeletePropagation = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions extends WriteOptions {
  propagationPolicy?: DeletePropagation;
  /** Fail with a conflict unless the object is still at this revision. */
  resourceVersion?: string;
}

export interface ResourceStore {
  get<T extends KubeObject>(type: ResourceType, namespace: string | undefined, name: string): Promise<T | undefined>;
  list<T extends KubeObject>(type: ResourceType, options?: ListOptions): Promise<ListResult<T>>;
  /** Admits (converts, defaults, validates) then stores; sets uid, creationTimestamp, generation 1. */
  create<T extends KubeObject>(object: T, options?: WriteOptions): Promise<T>;
  /**
   * Replaces spec and metadata, keeping status. With metadata.resourceVersion set, fails with a
   * ConflictError unless it matches. generation increments only when spec changes.
   */
  update<T extends KubeObject>(object: T, options?: WriteOptions): Promise<T>;
  /** Replaces status only (the /status subresource). */
  updateStatus<T extends KubeObject>(object: T, options?: WriteOptions): Promise<T>;
  /** Create or update from a manifest, like `kubectl apply`; reports what happened. */
  apply<T extends KubeObject>(object: T, options?: WriteOptions): Promise<{ object: T; result: ApplyResult }>;
  /**
   * Deletes, honouring finalizers (sets deletionTimestamp and waits for them to be removed) and
   * cascading to dependents through ownerReferences. Returns the object as it was, or undefined.
   */
  delete<T extends KubeObject>(type: ResourceType, namespace: string | undefined, name: string, options?: DeleteOptions): Promise<T | undefined>;
  watch<T extends KubeObject>(type: ResourceType, options: WatchOptions, onEvent: (event: WatchEvent<T>) => void): Watch;
  close(): Promise<void>;
}
