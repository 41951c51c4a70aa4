// ResourceStore on NATS JetStream KV (standalone mode), with the Kubernetes API server's write
// semantics: optimistic concurrency on KV revisions, admission on every write, generation,
// finalizers and ownerReference cascades. See ../README.md for the bucket layout.
import { randomUUID } from 'node:crypto';
import type { Admit, KubeObject, ResourceType } from '@knts/api';
import { ValidationError, apiVersionOf, qualifiedName } from '@knts/api';
import { DeliverPolicy, JetStreamApiCodes, JetStreamApiError, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { ConsumerMessages, JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { bucketName, decodeStored, encodeStored, keyFilter, objectKey } from './kv-layout';
import { LabelSelector } from './label-selector';
import {
  FOREGROUND_FINALIZER,
  LAST_APPLIED_ANNOTATION,
  lastAppliedOf,
  clone,
  mergeApplied,
  normaliseMeta,
  prepareCreate,
  prepareStatusUpdate,
  prepareUpdate,
  rfc3339Seconds,
  sameStoredObject,
} from './object-writes';
import { NatsKvWatch } from './nats-kv-watch.adapter';
import type {
  ApplyResult,
  DeleteOptions,
  DeletePropagation,
  ListOptions,
  ListResult,
  ResourceStore,
  WatchEvent,
  WatchOptions,
  WriteOptions,
} from './resource-store';
import { AlreadyExistsError, ConflictError, NotFoundError, StoreError } from './store-errors';

export interface NatsKvStoreOptions {
  /** An open connection; the store does not close it (its owner does). */
  connection: NatsConnection;
  /** Bucket name prefix, e.g. `knts`; tests use a unique one per run. */
  prefix: string;
  /** Every kind the store accepts; also the kinds searched for dependents on cascading delete. */
  types: readonly ResourceType[];
  /** Conversion, defaulting and validation; runs on every create and update. */
  admit: Admit;
  clock?: () => Date;
  /** KV replicas (1 on a single server). */
  replicas?: number;
  /** Revisions kept per key (KV history, at most 64). Watches resume by stream sequence, so a few suffice. */
  history?: number;
}

interface Current {
  object: KubeObject;
  revision: number;
}

// k8s.io/apiserver/pkg/storage/names: 5 random characters from an alphabet without vowels and look-alikes.
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const GENERATE_NAME_ATTEMPTS = 8;
// Unconditional writes (no resourceVersion from the caller) re-read and retry on a conflict this often.
const CONFLICT_RETRIES = 16;

export class NatsKvStore implements ResourceStore {
  private readonly js: JetStreamClient;
  private readonly kvm: Kvm;
  private readonly buckets = new Map<string, Promise<KV>>();
  private readonly watches = new Set<NatsKvWatch<KubeObject>>();
  private jsm?: Promise<JetStreamManager>;
  private readonly clock: () => Date;
  private closed = false;

  constructor(private readonly options: NatsKvStoreOptions) {
    this.js = jetstream(options.connection);
    this.kvm = new Kvm(this.js);
    this.clock = options.clock ?? (() => new Date());
  }

  get types(): readonly ResourceType[] {
    return this.options.types;
  }

  async get<T extends KubeObject>(type: ResourceType, namespace: string | undefined, name: string): Promise<T | undefined> {
    return (await this.read(type, namespace, name))?.object as T | undefined;
  }

  async list<T extends KubeObject>(type: ResourceType, options: ListOptions = {}): Promise<ListResult<T>> {
    const selector = LabelSelector.parse(options.labelSelector);
    await this.bucket(type);
    const jsm = await this.manager();
    const stream = streamOf(type, this.options.prefix);
    // The stream's last sequence before the snapshot: the consumer's snapshot is at least this new,
    // and nothing in its filter lies between the newest entry seen and this.
    const before = (await jsm.streams.info(stream)).state.last_seq;
    const items: T[] = [];
    let revision = before;
    const subjectPrefix = `$KV.${bucketName(this.options.prefix, type)}.`;
    const consumer = await this.js.consumers.getPushConsumer(stream, {
      filter_subjects: `${subjectPrefix}${keyFilter(type, options.namespace)}`,
      deliver_policy: DeliverPolicy.LastPerSubject,
    });
    try {
      // num_pending at creation is the number of keys in the snapshot (cached from the create reply).
      let remaining = (await consumer.info(true)).num_pending;
      if (remaining > 0) {
        let messages: Promise<ConsumerMessages> | undefined;
        await new Promise<void>((resolve, reject) => {
          messages = consumer.consume({
            callback: (msg) => {
              if (remaining <= 0) return;
              remaining--;
              revision = Math.max(revision, msg.seq);
              const op = msg.headers?.get('KV-Operation') ?? '';
              if (op !== 'DEL' && op !== 'PURGE') {
                const { object } = decodeStored(msg.data, msg.seq);
                if (selector.matches(object.metadata.labels)) items.push(object as T);
              }
              if (remaining === 0) resolve();
            },
          });
          messages
            .then((m) => m.closed().then(() => (remaining > 0 ? reject(new Error('list interrupted: the consumer closed')) : undefined)))
            .catch(reject);
        });
        await (await messages)?.close();
      }
    } finally {
      await consumer.delete().catch(() => undefined);
    }
    return { items, resourceVersion: String(revision) };
  }

  async create<T extends KubeObject>(object: T, options: WriteOptions = {}): Promise<T> {
    const type = this.typeOf(object);
    const input = this.scoped(type, clone(object) as KubeObject);
    const generateName = input.metadata.generateName;
    if (!input.metadata.name && !generateName) {
      throw new ValidationError([{ path: 'metadata.name', message: 'name or generateName is required' }]);
    }
    if (!input.metadata.name) input.metadata.name = generatedName(generateName ?? '');
    const admitted = this.scoped(type, this.options.admit(input, { operation: 'CREATE' }));
    const kv = await this.bucket(type);
    for (let attempt = 1; ; attempt++) {
      const stored = prepareCreate(admitted, randomUUID(), this.clock());
      if (options.dryRun) return stored as T;
      const { namespace, name = '' } = stored.metadata;
      try {
        const revision = await kv.create(objectKey(type, namespace, name), encodeStored(stored, undefined));
        return withRevision(stored, revision) as T;
      } catch (err) {
        if (!isWrongRevision(err)) throw err;
        if (!generateName || object.metadata.name) throw new AlreadyExistsError(`${qualifiedName(type)} "${name}" already exists`);
        if (attempt >= GENERATE_NAME_ATTEMPTS) {
          throw new AlreadyExistsError(`${qualifiedName(type)} "${name}" already exists, the server was not able to generate a unique name for the object`);
        }
        admitted.metadata.name = generatedName(generateName);
      }
    }
  }

  update<T extends KubeObject>(object: T, options: WriteOptions = {}): Promise<T> {
    return this.writeExisting(object, 'spec', options);
  }

  updateStatus<T extends KubeObject>(object: T, options: WriteOptions = {}): Promise<T> {
    return this.writeExisting(object, 'status', options);
  }

  async apply<T extends KubeObject>(object: T, options: WriteOptions = {}): Promise<{ object: T; result: ApplyResult }> {
    const type = this.typeOf(object);
    let manifest = this.scoped(type, clone(object) as KubeObject);
    // The three-way merge compares fields of one version: an older manifest (Serving v1alpha1
    // `runLatest`, Tekton v1alpha1 `inputs`) is converted to the stored version first, and that
    // converted form is what the last-applied annotation records.
    if (manifest.apiVersion !== apiVersionOf(type)) {
      manifest = this.scoped(type, this.options.admit(manifest, { operation: 'CREATE' }));
    }
    const { namespace, name } = manifest.metadata;
    if (!name) {
      this.options.admit(manifest, { operation: 'CREATE' }); // a manifest with neither name: admission's message
      throw new ValidationError([{ path: 'metadata.name', message: 'name is required for apply' }]);
    }
    for (let attempt = 1; ; attempt++) {
      const current = await this.read(type, namespace, name);
      if (!current) {
        const annotations = { ...(manifest.metadata.annotations ?? {}), [LAST_APPLIED_ANNOTATION]: lastAppliedOf(manifest) };
        const first = { ...manifest, metadata: { ...manifest.metadata, annotations } };
        try {
          return { object: (await this.create<KubeObject>(first, options)) as T, result: 'created' };
        } catch (err) {
          if (err instanceof AlreadyExistsError && attempt < CONFLICT_RETRIES) continue;
          throw err;
        }
      }
      const admitted = this.options.admit(mergeApplied(current.object, manifest), { operation: 'UPDATE', old: current.object });
      const next = prepareUpdate(current.object, this.scoped(type, admitted));
      if (sameStoredObject(next, current.object)) return { object: current.object as T, result: 'unchanged' };
      if (options.dryRun) return { object: withRevision(next, current.revision) as T, result: 'configured' };
      try {
        return { object: (await this.commit(type, current, next)) as T, result: 'configured' };
      } catch (err) {
        if (err instanceof ConflictError && attempt < CONFLICT_RETRIES) continue;
        throw err;
      }
    }
  }

  async delete<T extends KubeObject>(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): Promise<T | undefined> {
    const policy: DeletePropagation = options.propagationPolicy ?? 'Background';
    const ns = type.namespaced ? (namespace ?? 'default') : undefined;
    for (let attempt = 1; ; attempt++) {
      const current = await this.read(type, ns, name);
      if (!current) return undefined;
      if (options.resourceVersion !== undefined && options.resourceVersion !== String(current.revision)) {
        throw this.conflict(type, name);
      }
      const object = current.object;
      const finalizers = object.metadata.finalizers ?? [];
      try {
        if (policy === 'Orphan' && !options.dryRun) await this.orphanDependents(object);
        if (finalizers.length === 0 && policy !== 'Foreground') {
          if (options.dryRun) return object as T;
          await this.remove(type, current, policy);
          return object as T;
        }
        // Finalizers (or foreground dependents) hold the object: mark it and let their owners finish.
        const meta = { ...object.metadata };
        meta.deletionTimestamp ??= rfc3339Seconds(this.clock());
        if (policy === 'Foreground' && !finalizers.includes(FOREGROUND_FINALIZER)) {
          meta.finalizers = [...finalizers, FOREGROUND_FINALIZER];
        }
        const next: KubeObject = { ...object, metadata: meta };
        if (options.dryRun) return next as T;
        const marked = sameStoredObject(next, object) ? object : await this.commit(type, current, next);
        if (policy === 'Foreground') {
          await this.deleteDependents(marked, 'Foreground');
          await this.finishForeground(type, marked);
          return ((await this.get<T>(type, ns, name)) ?? marked) as T;
        }
        return marked as T;
      } catch (err) {
        if (err instanceof ConflictError && options.resourceVersion === undefined && attempt < CONFLICT_RETRIES) continue;
        throw err;
      }
    }
  }

  watch<T extends KubeObject>(type: ResourceType, options: WatchOptions, onEvent: (event: WatchEvent<T>) => void): NatsKvWatch<T> {
    const selector = LabelSelector.parse(options.labelSelector);
    const name = bucketName(this.options.prefix, type);
    const source = this.bucket(type).then((kv) => ({
      connection: this.options.connection,
      js: this.js,
      kv,
      stream: `KV_${name}`,
      subjectPrefix: `$KV.${name}.`,
      keyFilter: keyFilter(type, options.namespace),
      type,
      selector,
    }));
    const watch = new NatsKvWatch<T>(source, options.resourceVersion, onEvent);
    const handle = watch as unknown as NatsKvWatch<KubeObject>;
    this.watches.add(handle);
    void watch.ended.then(() => this.watches.delete(handle));
    return watch;
  }

  /** Stops every watch this store started. The connection belongs to the caller. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.watches].map((w) => w.stop()));
  }

  /** Deletes every bucket of the registered types (tests, `knts reset`). */
  async destroyBuckets(): Promise<void> {
    const jsm = await this.manager();
    await Promise.all(
      this.options.types.map((type) =>
        jsm.streams.delete(streamOf(type, this.options.prefix)).catch((err: unknown) => {
          if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)) throw err;
        }),
      ),
    );
    this.buckets.clear();
  }

  /** The registered type of a manifest, by group (or alias group) and kind; any accepted version. */
  typeOf(object: { apiVersion?: string; kind?: string }): ResourceType {
    const type = this.findType(object.apiVersion ?? '', object.kind ?? '');
    if (!type) {
      // Admission owns the wording of every manifest error; it refuses unknown kinds too.
      this.options.admit(object, { operation: 'CREATE' });
      throw new StoreError('BadRequest', `no matches for kind "${object.kind}" in version "${object.apiVersion}"`);
    }
    return type;
  }

  private findType(apiVersion: string, kind: string): ResourceType | undefined {
    const slash = apiVersion.lastIndexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    return this.options.types.find((t) => t.kind === kind && (t.group === group || (t.aliasGroups ?? []).includes(group)));
  }

  /** Namespaced kinds default to `default`; cluster-scoped ones never carry a namespace. */
  private scoped(type: ResourceType, object: KubeObject): KubeObject {
    const metadata = { ...object.metadata };
    if (type.namespaced) metadata.namespace ||= 'default';
    else delete metadata.namespace;
    return { ...object, metadata };
  }

  private async writeExisting<T extends KubeObject>(object: T, part: 'spec' | 'status', options: WriteOptions): Promise<T> {
    const type = this.typeOf(object);
    const input = this.scoped(type, clone(object) as KubeObject);
    const { namespace, name } = input.metadata;
    if (!name) throw new ValidationError([{ path: 'metadata.name', message: 'name is required' }]);
    const wanted = input.metadata.resourceVersion;
    for (let attempt = 1; ; attempt++) {
      const current = await this.read(type, namespace, name);
      if (!current) throw new NotFoundError(`${qualifiedName(type)} "${name}" not found`);
      if (wanted !== undefined && wanted !== '' && wanted !== String(current.revision)) throw this.conflict(type, name);
      const candidate = part === 'status' ? { ...current.object, status: input.status } : input;
      const admitted = this.scoped(type, this.options.admit(candidate, { operation: 'UPDATE', old: current.object }));
      const next = part === 'status' ? prepareStatusUpdate(current.object, admitted) : prepareUpdate(current.object, admitted);
      // Like the API server, a write that changes nothing keeps the revision and notifies no watcher.
      if (sameStoredObject(next, current.object)) return current.object as T;
      if (options.dryRun) return withRevision(next, current.revision) as T;
      try {
        return (await this.commit(type, current, next)) as T;
      } catch (err) {
        if (err instanceof ConflictError && (wanted === undefined || wanted === '') && attempt < CONFLICT_RETRIES) continue;
        throw err;
      }
    }
  }

  /**
   * Writes `next` over `current` with compare-and-set. An object marked for deletion whose last
   * finalizer is gone is removed instead, as the API server does.
   */
  private async commit(type: ResourceType, current: Current, next: KubeObject): Promise<KubeObject> {
    const { namespace, name = '' } = next.metadata;
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0) {
      await this.remove(type, current, 'Background');
      return withRevision(next, current.revision);
    }
    const kv = await this.bucket(type);
    try {
      const revision = await kv.update(objectKey(type, namespace, name), encodeStored(next, current.revision), current.revision);
      return withRevision(next, revision);
    } catch (err) {
      if (isWrongRevision(err)) throw this.conflict(type, name);
      throw err;
    }
  }

  /** Deletes the key (history keeps the last value for watchers), then lets the garbage collector run. */
  private async remove(type: ResourceType, current: Current, policy: DeletePropagation): Promise<void> {
    const { namespace, name = '' } = current.object.metadata;
    const kv = await this.bucket(type);
    try {
      await kv.delete(objectKey(type, namespace, name), { previousSeq: current.revision });
    } catch (err) {
      if (isWrongRevision(err)) throw this.conflict(type, name);
      throw err;
    }
    if (policy === 'Background') await this.deleteDependents(current.object, 'Background');
    await this.releaseOwners(current.object);
  }

  /** Objects of any registered type whose ownerReferences name this object's uid. */
  private async dependentsOf(owner: KubeObject): Promise<Array<{ type: ResourceType; object: KubeObject }>> {
    const uid = owner.metadata.uid;
    if (!uid) return [];
    const namespace = owner.metadata.namespace;
    const found: Array<{ type: ResourceType; object: KubeObject }> = [];
    for (const type of this.options.types) {
      // Namespaced owners own only objects in their namespace; cluster-scoped owners may own any.
      if (namespace !== undefined && !type.namespaced) continue;
      const { items } = await this.list(type, { namespace });
      for (const object of items) {
        if ((object.metadata.ownerReferences ?? []).some((r) => r.uid === uid)) found.push({ type, object });
      }
    }
    return found;
  }

  private async deleteDependents(owner: KubeObject, policy: 'Background' | 'Foreground'): Promise<void> {
    for (const { type, object } of await this.dependentsOf(owner)) {
      if (object.metadata.deletionTimestamp && policy === 'Background') continue;
      await this.delete(type, object.metadata.namespace, object.metadata.name ?? '', { propagationPolicy: policy });
    }
  }

  private async orphanDependents(owner: KubeObject): Promise<void> {
    const uid = owner.metadata.uid;
    for (const { type, object } of await this.dependentsOf(owner)) {
      await this.mutate(type, object.metadata.namespace, object.metadata.name ?? '', (o) => {
        const refs = (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        // normaliseMeta on write drops the empty list.
        return { ...o, metadata: normaliseMeta({ ...o.metadata, ownerReferences: refs }) };
      });
    }
  }

  /** A removed dependent may be the last one a foreground-deleting owner was waiting for. */
  private async releaseOwners(dependent: KubeObject): Promise<void> {
    for (const ref of dependent.metadata.ownerReferences ?? []) {
      const type = this.findType(ref.apiVersion, ref.kind);
      if (!type) continue;
      const owner = await this.get(type, dependent.metadata.namespace, ref.name);
      if (owner && owner.metadata.uid === ref.uid && owner.metadata.deletionTimestamp) {
        await this.finishForeground(type, owner);
      }
    }
  }

  private async finishForeground(type: ResourceType, owner: KubeObject): Promise<void> {
    if (!(owner.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER)) return;
    if ((await this.dependentsOf(owner)).length > 0) return;
    await this.mutate(type, owner.metadata.namespace, owner.metadata.name ?? '', (o) => {
      if (o.metadata.uid !== owner.metadata.uid) return undefined;
      return { ...o, metadata: { ...o.metadata, finalizers: (o.metadata.finalizers ?? []).filter((f) => f !== FOREGROUND_FINALIZER) } };
    });
  }

  /**
   * The garbage collector's own metadata writes (finalizers, ownerReferences): not user input, so
   * they skip admission, and they retry on conflict.
   */
  private async mutate(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    change: (object: KubeObject) => KubeObject | undefined,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.read(type, namespace, name);
      if (!current) return;
      const next = change(clone(current.object));
      if (!next || sameStoredObject(next, current.object)) return;
      delete next.metadata.resourceVersion;
      try {
        await this.commit(type, current, next);
        return;
      } catch (err) {
        if (err instanceof ConflictError && attempt < CONFLICT_RETRIES) continue;
        throw err;
      }
    }
  }

  private async read(type: ResourceType, namespace: string | undefined, name: string): Promise<Current | undefined> {
    const kv = await this.bucket(type);
    const ns = type.namespaced ? (namespace ?? 'default') : undefined;
    const entry = await kv.get(objectKey(type, ns, name));
    if (!entry || entry.operation !== 'PUT') return undefined;
    return { object: decodeStored(entry.value, entry.revision).object, revision: entry.revision };
  }

  private conflict(type: ResourceType, name: string): ConflictError {
    return new ConflictError(
      `Operation cannot be fulfilled on ${qualifiedName(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    );
  }

  private bucket(type: ResourceType): Promise<KV> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    const name = bucketName(this.options.prefix, type);
    let kv = this.buckets.get(name);
    if (!kv) {
      kv = this.kvm.create(name, { history: this.options.history ?? 10, replicas: this.options.replicas ?? 1 });
      kv.catch(() => this.buckets.delete(name));
      this.buckets.set(name, kv);
    }
    return kv;
  }

  private manager(): Promise<JetStreamManager> {
    this.jsm ??= jetstreamManager(this.options.connection);
    return this.jsm;
  }
}

function streamOf(type: ResourceType, prefix: string): string {
  return `KV_${bucketName(prefix, type)}`;
}

function withRevision(object: KubeObject, revision: number): KubeObject {
  return { ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } };
}

function generatedName(base: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[Math.floor(Math.random() * NAME_ALPHABET.length)];
  return `${base}${suffix}`;
}

/** JetStream's "wrong last sequence": the compare-and-set of create, update and delete failed. */
function isWrongRevision(err: unknown): boolean {
  return (
    err instanceof JetStreamApiError &&
    (err.code === JetStreamApiCodes.StreamWrongLastSequence || err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}

