// `knts wait --for=...`: parsing the flag and deciding whether an object satisfies it, as kubectl
// wait does (k8s.io/kubectl/pkg/cmd/wait): condition status compared case-insensitively, and a
// condition older than the object's generation does not count.
import type { KubeObject } from '@knts/api';
import { findJsonPathValues, formatJsonPathValue } from './printers/jsonpath';

export type WaitFor =
  | { kind: 'delete' }
  | { kind: 'condition'; type: string; status: string }
  | { kind: 'jsonpath'; expression: string; value?: string };

export function parseWaitFor(flag: string): WaitFor {
  if (flag === 'delete') return { kind: 'delete' };
  if (flag.startsWith('condition=')) {
    const [type, status = 'True'] = flag.slice('condition='.length).split('=');
    if (!type) throw new Error(`--for=condition= needs a condition type, e.g. --for=condition=Ready`);
    return { kind: 'condition', type, status };
  }
  if (flag.startsWith('jsonpath=')) {
    let rest = flag.slice('jsonpath='.length).trim();
    // Shells keep the quotes in `--for=jsonpath='{.status.x}'=v` when the value is written separately.
    rest = rest.replace(/^'(.*)'(=.*)?$/, '$1$2');
    let expression: string;
    let value: string | undefined;
    if (rest.startsWith('{')) {
      const close = rest.indexOf('}');
      if (close < 0) throw new Error(`--for=jsonpath: unclosed { in ${rest}`);
      expression = rest.slice(0, close + 1);
      const after = rest.slice(close + 1);
      if (after !== '') {
        if (!after.startsWith('=')) throw new Error(`--for=jsonpath: expected "=value" after ${expression}`);
        value = after.slice(1);
      }
    } else {
      const eq = rest.indexOf('=');
      expression = eq < 0 ? rest : rest.slice(0, eq);
      value = eq < 0 ? undefined : rest.slice(eq + 1);
    }
    if (!expression)
      throw new Error('--for=jsonpath= needs an expression, e.g. --for=jsonpath={.status.phase}=Running');
    findJsonPathValues(expression, {}); // fail early on a malformed expression
    return { kind: 'jsonpath', expression, value };
  }
  throw new Error(
    `unrecognized condition: "${flag}"; use --for=condition=TYPE[=STATUS], --for=delete or --for=jsonpath={...}=VALUE`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `object` (undefined once deleted) satisfies the wait. */
export function isWaitSatisfied(waitFor: WaitFor, object: KubeObject | undefined): boolean {
  if (waitFor.kind === 'delete') return object === undefined;
  if (object === undefined) return false;
  if (waitFor.kind === 'jsonpath') {
    const values = findJsonPathValues(waitFor.expression, object);
    if (waitFor.value === undefined) return values.length > 0;
    return values.length === 1 && formatJsonPathValue(values[0]) === waitFor.value;
  }
  const status = isRecord(object.status) ? object.status : {};
  const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isRecord) : [];
  const condition = conditions.find(
    (c) => typeof c.type === 'string' && c.type.toLowerCase() === waitFor.type.toLowerCase(),
  );
  if (!condition || typeof condition.status !== 'string') return false;
  const generation = object.metadata.generation;
  const observed =
    typeof condition.observedGeneration === 'number' ? condition.observedGeneration : status.observedGeneration;
  if (typeof generation === 'number' && typeof observed === 'number' && observed < generation) return false;
  return condition.status.toLowerCase() === waitFor.status.toLowerCase();
}

/** `--timeout` values as kubectl takes them: `60s`, `1m30s`, `500ms`, `2h`; a bare number is seconds. */
export function parseDuration(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = t;
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!m) throw new Error(`invalid duration "${text}"; use e.g. 30s, 5m, 1h`);
    total += Number(m[1]) * unit[m[2]];
    rest = rest.slice(m[0].length);
  }
  return total;
}
