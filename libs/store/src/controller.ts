// The reconciler loop (knative.dev/pkg/controller): informers feed keys into a workqueue, workers
// call reconcile(key) one key at a time, failures retry with backoff, PermanentError stops retrying.
import type { KubeObject } from '@knts/api';
import type { Informer } from './informer';
import { objectCacheKey } from './informer';
import { isPermanentError } from './permanent-error';
import { WorkQueue } from './workqueue';
import type { WorkQueueOptions } from './workqueue';

/** Nothing to do, or look again after `requeueAfter` ms (e.g. waiting on something not watched). */
export type ReconcileResult = void | { requeueAfter: number };

/** pino-compatible: `(fields, message)`. */
export interface ControllerLogger {
  debug?(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface ControllerOptions {
  /** Shows in logs, e.g. `service`. */
  name: string;
  /**
   * Informers to start and wait for. Each one's own objects are enqueued unless `enqueue` is
   * false on a `{ informer, enqueue }` entry (e.g. a child type wired with enqueueControllerOf).
   */
  informers: ReadonlyArray<Informer | { informer: Informer; enqueue: boolean }>;
  /** Concurrent workers; a key is never reconciled by two at once. */
  workers?: number;
  reconcile: (key: string) => Promise<ReconcileResult>;
  logger?: ControllerLogger;
  queue?: WorkQueueOptions;
}

const silent: ControllerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export class Controller {
  readonly queue: WorkQueue;
  private readonly logger: ControllerLogger;
  private readonly informers: Array<{ informer: Informer; enqueue: boolean }>;
  private workers: Promise<void>[] = [];
  private removeHandlers: Array<() => void> = [];
  private started = false;

  constructor(private readonly options: ControllerOptions) {
    this.queue = new WorkQueue(options.queue);
    this.logger = options.logger ?? silent;
    this.informers = options.informers.map((i) => ('informer' in i ? i : { informer: i, enqueue: true }));
  }

  get name(): string {
    return this.options.name;
  }

  enqueue(object: KubeObject): void {
    this.queue.add(objectCacheKey(object));
  }

  enqueueKey(key: string): void {
    this.queue.add(key);
  }

  enqueueAfter(object: KubeObject, ms: number): void {
    this.queue.addAfter(objectCacheKey(object), ms);
  }

  /** Enqueues the owner named by the object's `controller: true` reference, if it is of `kind`. */
  enqueueControllerOf(object: KubeObject, kind?: string): void {
    const ref = (object.metadata.ownerReferences ?? []).find((r) => r.controller === true);
    if (!ref || (kind !== undefined && ref.kind !== kind)) return;
    const ns = object.metadata.namespace;
    this.queue.add(ns ? `${ns}/${ref.name}` : ref.name);
  }

  /** Starts informers, waits for their caches, then starts the workers. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const { informer, enqueue } of this.informers) {
      if (enqueue) {
        this.removeHandlers.push(
          informer.addEventHandler({
            onAdd: (o) => this.enqueue(o),
            onUpdate: (_old, o) => this.enqueue(o),
            onDelete: (o) => this.enqueue(o),
          }),
        );
      }
    }
    await Promise.all(this.informers.map(({ informer }) => informer.start()));
    this.logger.info({ controller: this.name }, 'caches synced; starting workers');
    const workers = this.options.workers ?? 1;
    this.workers = Array.from({ length: workers }, () => this.runWorker());
  }

  /** Graceful: stop the informers, let in-flight reconciles finish, then return. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.removeHandlers.splice(0).forEach((remove) => remove());
    await Promise.all(this.informers.map(({ informer }) => informer.stop()));
    await this.queue.shutDown();
    await Promise.all(this.workers);
    this.logger.info({ controller: this.name }, 'stopped');
  }

  private async runWorker(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        await this.processKey(key);
      } finally {
        this.queue.done(key);
      }
    }
  }

  private async processKey(key: string): Promise<void> {
    try {
      const result = await this.options.reconcile(key);
      this.queue.forget(key);
      if (result && result.requeueAfter >= 0) this.queue.addAfter(key, result.requeueAfter);
    } catch (err) {
      if (isPermanentError(err)) {
        this.queue.forget(key);
        this.logger.error({ controller: this.name, key, err }, 'reconcile failed permanently; not retrying');
        return;
      }
      const retries = this.queue.numRequeues(key);
      this.logger.warn({ controller: this.name, key, err, retries }, 'reconcile failed; retrying with backoff');
      this.queue.addRateLimited(key);
    }
  }
}

/** Informer handler that only passes objects whose controlling owner is of `kind` (Knative's FilterControllerGK). */
export function filterByOwnerKind<T extends KubeObject>(kind: string, handle: (object: T) => void): (object: T) => void {
  return (object) => {
    if ((object.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.kind === kind)) handle(object);
  };
}
