// `knts describe`: kubectl's generic describer layout for custom resources (field names turned
// into words, nested maps indented by two), plus a Conditions table as kubectl shows for pods.
import type { KubeObject } from '@knts/api';
import { ageSince } from './human-duration';
import { formatTable } from './table-writer';

const ACRONYMS = new Set([
  'api',
  'url',
  'uid',
  'ip',
  'id',
  'http',
  'https',
  'dns',
  'tls',
  'cpu',
  'uri',
  'json',
  'yaml',
  'ttl',
  'sha',
]);

/** `creationTimestamp` → `Creation Timestamp`, `apiVersion` → `API Version`, `url` → `URL`. */
export function fieldLabel(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean);
  return words
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1)))
    .join(' ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function isScalar(value: unknown): boolean {
  return !isRecord(value) && !Array.isArray(value);
}

/** A map's fields: scalars aligned in one column, nested maps and lists indented below. */
function describeMap(map: Record<string, unknown>, indent: number, now: Date, out: string[]): void {
  const pad = ' '.repeat(indent);
  const keys = Object.keys(map).sort();
  const width = Math.max(0, ...keys.filter((k) => isScalar(map[k])).map((k) => fieldLabel(k).length + 1));
  for (const key of keys) {
    const value = map[key];
    const label = fieldLabel(key);
    if (key === 'conditions' && Array.isArray(value) && value.every(isRecord)) {
      out.push(`${pad}${label}:`);
      describeConditions(value, indent + 2, now, out);
    } else if (isScalar(value)) {
      out.push(`${pad}${(label + ':').padEnd(width)}  ${scalar(value)}`);
    } else if (Array.isArray(value)) {
      out.push(`${pad}${label}:`);
      for (const item of value) {
        if (isRecord(item)) describeMap(item, indent + 2, now, out);
        else if (Array.isArray(item)) out.push(`${pad}  ${JSON.stringify(item)}`);
        else out.push(`${pad}  ${scalar(item)}`);
      }
    } else if (isRecord(value)) {
      out.push(`${pad}${label}:`);
      describeMap(value, indent + 2, now, out);
    }
  }
}

function describeConditions(conditions: Record<string, unknown>[], indent: number, now: Date, out: string[]): void {
  const rows = [['Type', 'Status', 'Age', 'Reason', 'Message']];
  for (const c of conditions) {
    const since = typeof c.lastTransitionTime === 'string' ? ageSince(c.lastTransitionTime, now) : '';
    rows.push([
      scalar(c.type),
      scalar(c.status),
      since,
      typeof c.reason === 'string' ? c.reason : '',
      typeof c.message === 'string' ? c.message : '',
    ]);
  }
  for (const line of formatTable(rows).trimEnd().split('\n')) out.push(' '.repeat(indent) + line);
}

/** kubectl prints labels and annotations as `key=value` and `key: value` lines, aligned under the first. */
function describeStringMap(
  label: string,
  map: Record<string, string> | undefined,
  separator: string,
  out: string[],
): void {
  const entries = Object.entries(map ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) {
    out.push(`${label.padEnd(14)}<none>`);
    return;
  }
  entries.forEach(([k, v], i) => out.push(`${(i === 0 ? label : '').padEnd(14)}${k}${separator}${v}`));
}

export function describeObject(object: KubeObject, now: Date): string {
  const out: string[] = [];
  const meta = object.metadata;
  out.push(`${'Name:'.padEnd(14)}${meta.name ?? ''}`);
  if (meta.namespace !== undefined) out.push(`${'Namespace:'.padEnd(14)}${meta.namespace}`);
  describeStringMap('Labels:', meta.labels, '=', out);
  // kubectl hides the last-applied copy of the manifest; it repeats the spec and floods the screen.
  const { 'kubectl.kubernetes.io/last-applied-configuration': _lastApplied, ...annotations } = meta.annotations ?? {};
  describeStringMap('Annotations:', annotations, ': ', out);
  out.push(`${'API Version:'.padEnd(14)}${object.apiVersion}`);
  out.push(`${'Kind:'.padEnd(14)}${object.kind}`);
  const { name: _n, namespace: _ns, labels: _l, annotations: _a, ...restMeta } = meta;
  if (Object.keys(restMeta).length > 0) {
    out.push('Metadata:');
    describeMap(restMeta, 2, now, out);
  }
  for (const [key, value] of Object.entries(object)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'metadata') continue;
    const label = fieldLabel(key);
    if (isRecord(value)) {
      out.push(`${label}:`);
      describeMap(value, 2, now, out);
    } else if (Array.isArray(value)) {
      out.push(`${label}:`);
      describeMap({ items: value }, 2, now, out);
    } else {
      out.push(`${label}:  ${scalar(value)}`);
    }
  }
  // The store keeps no Kubernetes Events; kubectl prints the same line when there are none.
  out.push('Events:  <none>');
  return out.join('\n') + '\n';
}
