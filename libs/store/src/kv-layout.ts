// Where objects live in NATS KV: one bucket per resource type, one key per object, JSON values.
import type { KubeObject, ResourceType } from '@knts/api';

/** The key "namespace" of cluster-scoped objects; `_` cannot start a Kubernetes namespace name. */
export const CLUSTER_SCOPE = '_cluster';

/** `${prefix}_${plural}_${group}`: bucket names allow only [A-Za-z0-9_-], so group dots become `_`. */
export function bucketName(prefix: string, type: ResourceType): string {
  const group = type.group === '' ? 'core' : type.group.replace(/\./g, '_');
  return `${prefix}_${type.plural}_${group}`;
}

export function objectKey(type: ResourceType, namespace: string | undefined, name: string): string {
  return `${type.namespaced ? namespace : CLUSTER_SCOPE}.${name}`;
}

/** Splits a key at its first dot: namespaces are DNS labels (no dots), names may contain dots. */
export function parseKey(key: string): { namespace: string | undefined; name: string } {
  const dot = key.indexOf('.');
  const scope = key.slice(0, dot);
  return { namespace: scope === CLUSTER_SCOPE ? undefined : scope, name: key.slice(dot + 1) };
}

/** KV key filter for a namespace (`ns.>`) or for the whole bucket. */
export function keyFilter(type: ResourceType, namespace: string | undefined): string {
  if (!type.namespaced) return `${CLUSTER_SCOPE}.>`;
  return namespace ? `${namespace}.>` : '>';
}

export interface StoredRecord {
  /** The object with metadata.resourceVersion set to the entry's revision. */
  object: KubeObject;
  /** The revision this write replaced; undefined when the write created the key (etcd's IsCreate). */
  previousRevision: number | undefined;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The stored value is the object itself. Its metadata.resourceVersion holds the revision the write
 * replaced (absent for a create): a revision cannot be known before the write, and readers always
 * see the entry's own revision instead, so the field is free to tell a watch ADDED from MODIFIED.
 */
export function encodeStored(object: KubeObject, previousRevision: number | undefined): Uint8Array {
  const metadata = { ...object.metadata };
  if (previousRevision === undefined) delete metadata.resourceVersion;
  else metadata.resourceVersion = String(previousRevision);
  return encoder.encode(JSON.stringify({ ...object, metadata }));
}

export function decodeStored(data: Uint8Array, revision: number): StoredRecord {
  const object = JSON.parse(decoder.decode(data)) as KubeObject;
  const previous = object.metadata.resourceVersion;
  object.metadata.resourceVersion = String(revision);
  return { object, previousRevision: previous === undefined ? undefined : Number(previous) };
}
