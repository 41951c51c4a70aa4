// Name checks per API family, with each upstream webhook's wording.
import type { FieldIssue } from '../field-error';
import { isDns1035Label, isDns1123Label, isDns1123Subdomain } from './dns-names';

export interface NamedMeta {
  name?: string;
  generateName?: string;
}

/** knative.dev/pkg apis.ValidateObjectMetadata: DNS-1035 names (Serving, Eventing, sources). */
export function validateKnativeObjectMeta(meta: NamedMeta, base = 'metadata'): FieldIssue[] {
  if (meta.generateName) {
    const msgs = isDns1035Label(meta.generateName.replace(/-$/, 'a'));
    if (msgs.length > 0)
      return [{ path: `${base}.generateName`, message: `not a DNS 1035 label prefix: [${msgs.join(' ')}]` }];
  }
  if (meta.name) {
    const msgs = isDns1035Label(meta.name);
    if (msgs.length > 0) return [{ path: `${base}.name`, message: `not a DNS 1035 label: [${msgs.join(' ')}]` }];
  }
  if (!meta.name && !meta.generateName) return [{ path: `${base}.name`, message: 'name or generateName is required' }];
  return [];
}

/** tektoncd/pipeline validate.ObjectMetadata: length and no dots, on top of the API server's DNS-1123 subdomain rule. */
export function validateTektonObjectMeta(meta: NamedMeta): FieldIssue[] {
  const name = meta.name ?? '';
  if (!name && !meta.generateName) return [{ path: 'metadata.name', message: 'name or generateName is required' }];
  if (name.length > 63)
    return [{ path: 'metadata.name', message: 'Invalid resource name: length must be no more than 63 characters' }];
  if (name.includes('.'))
    return [{ path: 'metadata.name', message: 'Invalid resource name: special character . must not be present' }];
  return validateKubernetesName(meta, 'subdomain');
}

/** What the Kubernetes API server checks for core kinds. */
export function validateKubernetesName(meta: NamedMeta, rule: 'subdomain' | 'label'): FieldIssue[] {
  if (!meta.name) {
    if (meta.generateName) return [];
    return [{ path: 'metadata.name', message: 'name or generateName is required' }];
  }
  const msgs = rule === 'subdomain' ? isDns1123Subdomain(meta.name) : isDns1123Label(meta.name);
  return msgs.length > 0
    ? [{ path: 'metadata.name', message: `invalid value: ${JSON.stringify(meta.name)}: ${msgs.join('; ')}` }]
    : [];
}
