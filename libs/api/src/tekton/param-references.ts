// Finds `$(params.x)` references (also `$(params['x'])` and the v1alpha1 `$(inputs.params.x)`) and
// reports those to undeclared params with Tekton's wording (`non-existent variable in "..."`).
import type { FieldIssue } from '../field-error';

const REFERENCE = /\$\((?:inputs\.)?params(?:\.([A-Za-z0-9_.-]+?)(?:\[\*?\d*\])?|\[(['"])(.+?)\2\](?:\[\*?\d*\])?)\)/g;

/** Names referenced in a string; object params' keys (`params.obj.key`) count for `obj`. */
export function referencedParams(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(REFERENCE)) names.push(match[3] ?? match[1]);
  return names;
}

/** Walks every string under `value`, reporting references not in `declared`. */
export function checkParamReferences(value: unknown, path: string, declared: ReadonlySet<string>): FieldIssue[] {
  if (typeof value === 'string') {
    const missing = referencedParams(value).some((name) => !declared.has(name) && !declared.has(name.split('.')[0]));
    return missing ? [{ path, message: `non-existent variable in ${JSON.stringify(value)}` }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => checkParamReferences(v, `${path}[${i}]`, declared));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => checkParamReferences(v, /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${path}.${k}` : `${path}[${k}]`, declared));
  return [];
}
