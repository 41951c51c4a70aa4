// What the API server does to an object on each kind of write, as pure functions of (stored, incoming).
// The adapter only adds I/O around them: read, admit, write with compare-and-set.
import type { KubeObject, ObjectMeta } from '@knts/api';
import { jsonEqual } from './json-equal';

/** Top-level fields that never count as "spec" for generation: everything else does (spec, data, ...). */
const NON_SPEC_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/** Finalizers the store itself manages for cascading deletion, as Kubernetes' garbage collector does. */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** RFC 3339 with seconds precision, as Kubernetes' metav1.Time serialises. */
export function rfc3339Seconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** True when anything outside metadata and status differs: the rule for bumping generation. */
export function specChanged(a: KubeObject, b: KubeObject): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (!NON_SPEC_FIELDS.has(k) && !jsonEqual(a[k], b[k])) return true;
  }
  return false;
}

/** Drops empty optional metadata so that stored objects compare equal however a client spelled "none". */
export function normaliseMeta(meta: ObjectMeta): ObjectMeta {
  const out: ObjectMeta = { ...meta };
  const m = out as Record<string, unknown>;
  for (const k of ['labels', 'annotations'] as const) {
    const v = out[k];
    if (v !== undefined && Object.keys(v).length === 0) delete m[k];
  }
  for (const k of ['ownerReferences', 'finalizers'] as const) {
    const v = out[k];
    if (v !== undefined && v.length === 0) delete m[k];
  }
  for (const k of Object.keys(m)) if (m[k] === undefined) delete m[k];
  return out;
}

/**
 * The stored form of a new object: server-set uid, creationTimestamp and generation 1.
 * Status is dropped, as for any kind with a /status subresource: only updateStatus writes it.
 */
export function prepareCreate(admitted: KubeObject, uid: string, now: Date): KubeObject {
  const { status: _status, ...rest } = admitted;
  const meta = { ...admitted.metadata };
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.generateName;
  return {
    ...rest,
    metadata: normaliseMeta({ ...meta, uid, creationTimestamp: rfc3339Seconds(now), generation: 1 }),
  };
}

/**
 * The stored form after a main-resource update: the client's spec and metadata, the server's
 * identity, timestamps and status; generation +1 when the spec changed.
 */
export function prepareUpdate(stored: KubeObject, admitted: KubeObject): KubeObject {
  const { status: _status, ...rest } = admitted;
  const meta: ObjectMeta = {
    ...admitted.metadata,
    name: stored.metadata.name,
    namespace: stored.metadata.namespace,
    uid: stored.metadata.uid,
    creationTimestamp: stored.metadata.creationTimestamp,
    deletionTimestamp: stored.metadata.deletionTimestamp,
    generation: stored.metadata.generation ?? 1,
  };
  delete meta.resourceVersion;
  delete meta.generateName;
  const next: KubeObject = { ...rest, metadata: meta };
  if (stored.status !== undefined) next.status = stored.status;
  if (specChanged(stored, next)) meta.generation = (stored.metadata.generation ?? 0) + 1;
  next.metadata = normaliseMeta(meta);
  return next;
}

/** The stored form after a /status update: only status comes from the client. */
export function prepareStatusUpdate(stored: KubeObject, admitted: KubeObject): KubeObject {
  const next: KubeObject = { ...stored, metadata: { ...stored.metadata } };
  delete next.metadata.resourceVersion;
  if (admitted.status === undefined) delete next.status;
  else next.status = admitted.status;
  return next;
}

/**
 * What `kubectl apply` asks for when the object exists: the manifest's spec-like fields, labels and
 * annotations; everything the server or controllers manage (uid, timestamps, finalizers,
 * ownerReferences, status) stays unless the manifest names it.
 */
export function mergeApplied(stored: KubeObject, manifest: KubeObject): KubeObject {
  const { metadata: m, status: _status, ...fields } = manifest;
  const meta: ObjectMeta = { ...stored.metadata, labels: m.labels, annotations: m.annotations };
  if (m.ownerReferences !== undefined) meta.ownerReferences = m.ownerReferences;
  if (m.finalizers !== undefined) meta.finalizers = m.finalizers;
  delete meta.resourceVersion;
  const merged: KubeObject = { ...fields, metadata: meta };
  if (stored.status !== undefined) merged.status = stored.status;
  return merged;
}

/** Same content, ignoring resourceVersion (which is the KV revision, not part of the value). */
export function sameStoredObject(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
  return jsonEqual(strip(a), strip(b));
}
