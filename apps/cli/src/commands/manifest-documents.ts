// Turns -f arguments into typed objects for apply and delete: every file's documents (multi-doc
// YAML, JSON, `kind: List` expanded by @knts/api), each matched to its ResourceType and namespace.
// A bad file or document is reported and skipped so the rest still go through, as kubectl does.
import { findResourceType, parseManifests, type KubeObject, type ObjectMeta, type ResourceType } from '@knts/api';
import type { CliContext } from '../cli-context';
import { describeSource, type ManifestSource } from '../manifest-sources';

export interface ManifestReader {
  sources(files: readonly string[], recursive: boolean): ManifestSource[];
  read(source: ManifestSource): Promise<string>;
}

export interface ManifestDocument {
  /** File name, URL or STDIN, for messages. */
  source: string;
  type: ResourceType;
  object: KubeObject;
  name: string;
  namespace: string | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Calls `each` for every usable document in order; returns false when anything was reported. */
export async function forEachManifest(
  ctx: CliContext,
  reader: ManifestReader,
  files: readonly string[],
  recursive: boolean,
  each: (doc: ManifestDocument) => Promise<boolean>,
): Promise<boolean> {
  if (files.length === 0) throw new Error('must specify one of -f and -k');
  let ok = true;
  const fail = (message: string): void => {
    ctx.io.err(`error: ${message}\n`);
    ok = false;
  };
  for (const source of reader.sources(files, recursive)) {
    const label = describeSource(source);
    let documents: unknown[];
    try {
      documents = [...parseManifests(await reader.read(source))];
    } catch (err) {
      fail(`${label}: ${(err as Error).message}`);
      continue;
    }
    for (const raw of documents) {
      const doc = toDocument(ctx, label, raw, fail);
      if (doc && !(await each(doc))) ok = false;
    }
  }
  return ok;
}

function toDocument(
  ctx: CliContext,
  label: string,
  raw: unknown,
  fail: (message: string) => void,
): ManifestDocument | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (!isRecord(raw)) {
    fail(`${label}: a manifest must be a YAML or JSON object`);
    return undefined;
  }
  const missing = [
    typeof raw.apiVersion === 'string' ? '' : 'apiVersion not set',
    typeof raw.kind === 'string' ? '' : 'kind not set',
  ].filter(Boolean);
  if (missing.length > 0) {
    fail(`${label}: error validating data: [${missing.join(', ')}]`);
    return undefined;
  }
  const metadata = isRecord(raw.metadata) ? { ...raw.metadata } : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const apiVersion = raw.apiVersion as string;
  const kind = raw.kind as string;
  const type = findResourceType(apiVersion, kind);
  if (!type) {
    const ns = typeof metadata.namespace === 'string' ? metadata.namespace : '';
    fail(
      `${label}: resource mapping not found for name: "${name}" namespace: "${ns}" from "${label}": no matches for kind "${kind}" in version "${apiVersion}"; ensure the kind is one knts serves ("knts api-resources")`,
    );
    return undefined;
  }
  if (!name) {
    fail(`${label}: ${kind.toLowerCase()}: resource name may not be empty`);
    return undefined;
  }
  let namespace: string | undefined;
  if (type.namespaced) {
    const own = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
    if (own && ctx.namespaceExplicit && own !== ctx.namespace) {
      fail(
        `${label}: the namespace from the provided object "${own}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${own}' to perform this operation.`,
      );
      return undefined;
    }
    namespace = own ?? ctx.namespace;
    metadata.namespace = namespace;
  } else {
    delete metadata.namespace;
  }
  const object: KubeObject = { ...raw, apiVersion, kind, metadata: metadata as ObjectMeta };
  return { source: label, type, object, name, namespace };
}
