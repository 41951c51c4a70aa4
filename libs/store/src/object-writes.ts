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

/** Where apply remembers the manifest it last applied, as kubectl does, to know which fields it owns. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** The manifest as recorded in the last-applied annotation: everything but status and that annotation. */
export function lastAppliedOf(manifest: KubeObject): string {
  const { status: _status, ...rest } = manifest;
  const annotations = { ...(manifest.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED_ANNOTATION];
  const metadata = normaliseMeta({ ...manifest.metadata, annotations, resourceVersion: undefined });
  return JSON.stringify({ ...rest, metadata });
}

/**
 * What `kubectl apply` does when the object exists: a three-way merge of the stored object, the
 * new manifest and the last applied one. Fields the manifest sets win; fields the last manifest
 * set and this one dropped are removed; everything else (server defaults such as Knative's
 * create-only `enableServiceLinks`, controllers' finalizers, ownerReferences, status) stays.
 */
export function mergeApplied(stored: KubeObject, manifest: KubeObject): KubeObject {
  const lastText = stored.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  let last: Record<string, unknown> = {};
  try {
    if (lastText) last = JSON.parse(lastText) as Record<string, unknown>;
  } catch {
    // A hand-edited annotation: behave as if nothing was applied before.
  }
  const { status: _status, metadata: m, ...fields } = manifest;
  const { status: storedStatus, metadata: sm, ...storedFields } = stored;
  const lastMeta = (last.metadata ?? {}) as Record<string, unknown>;
  const merged = threeWayMerge(storedFields, fields, last) as KubeObject;
  const meta: ObjectMeta = { ...sm };
  meta.labels = threeWayMerge(sm.labels ?? {}, m.labels ?? {}, lastMeta.labels) as Record<string, string>;
  meta.annotations = {
    ...(threeWayMerge(sm.annotations ?? {}, m.annotations ?? {}, lastMeta.annotations) as Record<string, string>),
    [LAST_APPLIED_ANNOTATION]: lastAppliedOf(manifest),
  };
  if (m.ownerReferences !== undefined) meta.ownerReferences = m.ownerReferences;
  if (m.finalizers !== undefined) meta.finalizers = m.finalizers;
  delete meta.resourceVersion;
  merged.metadata = meta;
  if (storedStatus !== undefined) merged.status = storedStatus;
  return merged;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and scalars from the manifest replace (JSON merge patch). */
function threeWayMerge(stored: unknown, manifest: unknown, last: unknown): unknown {
  if (!isPlainObject(stored) || !isPlainObject(manifest)) return manifest;
  const lastObj = isPlainObject(last) ? last : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(stored)) {
    if (k in manifest) continue;
    if (k in lastObj) continue; // applied before, dropped from the manifest now: remove it
    out[k] = v;
  }
  for (const [k, v] of Object.entries(manifest)) out[k] = threeWayMerge(stored[k], v, lastObj[k]);
  return out;
}

/** Same content, ignoring resourceVersion (which is the KV revision, not part of the value). */
export function sameStoredObject(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
  return jsonEqual(strip(a), strip(b));
}
