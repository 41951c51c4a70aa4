// Admission for core kinds: what the Kubernetes API server checks on create and update.
import { defineKindAdmission } from '../admission/kind-admission';
import type { FieldIssue } from '../field-error';
import { deepEqual } from '../validation/deep-equal';
import { validateKubernetesName } from '../validation/object-metadata';
import { configMapSchema, namespaceSchema, podSchema, secretSchema } from './core.schemas';

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function validateKeys(maps: ReadonlyArray<readonly [string, Record<string, string> | undefined]>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const [field, map] of maps) {
    for (const key of Object.keys(map ?? {})) {
      if (!CONFIG_KEY.test(key) || key.length > 253)
        issues.push({ path: `${field}[${key}]`, message: `invalid value: ${JSON.stringify(key)}: a valid config key must consist of alphanumeric characters, '-', '_' or '.'` });
      else if (seen.has(key) && field !== 'stringData') issues.push({ path: `${field}[${key}]`, message: `duplicate value: ${JSON.stringify(key)}` });
      seen.add(key);
    }
  }
  return issues;
}

function immutableData(old: unknown, next: { data?: unknown; binaryData?: unknown }): FieldIssue[] {
  const previous = old as { immutable?: boolean; data?: unknown; binaryData?: unknown } | undefined;
  if (!previous?.immutable) return [];
  return deepEqual(previous.data, next.data) && deepEqual(previous.binaryData, next.binaryData)
    ? []
    : [{ path: 'data', message: 'field is immutable when `immutable` is set' }];
}

export const admitConfigMap = defineKindAdmission(
  {
    storage: configMapSchema,
    validate: (cm, context) => [
      ...validateKubernetesName(cm.metadata, 'subdomain'),
      ...validateKeys([
        ['data', cm.data],
        ['binaryData', cm.binaryData],
      ]),
      ...(context.operation === 'UPDATE' ? immutableData(context.old, cm) : []),
    ],
  },
  'v1',
);

export const admitSecret = defineKindAdmission(
  {
    storage: secretSchema,
    setDefaults: (secret) => {
      secret.type ||= 'Opaque';
    },
    validate: (secret, context) => {
      const issues = [
        ...validateKubernetesName(secret.metadata, 'subdomain'),
        ...validateKeys([
          ['data', secret.data],
          ['stringData', secret.stringData],
        ]),
      ];
      for (const [key, value] of Object.entries(secret.data ?? {}))
        if (!BASE64.test(value.replace(/\s/g, ''))) issues.push({ path: `data[${key}]`, message: 'invalid value: illegal base64 data' });
      if (context.operation === 'UPDATE' && context.old && (context.old as { type?: string }).type !== secret.type)
        issues.push({ path: 'type', message: 'field is immutable' });
      if (context.operation === 'UPDATE') issues.push(...immutableData(context.old, secret));
      return issues;
    },
  },
  'v1',
);

export const admitPod = defineKindAdmission(
  {
    storage: podSchema,
    validate: (pod) => {
      const issues = [...validateKubernetesName(pod.metadata, 'subdomain')];
      const containers = pod.spec.containers ?? [];
      if (containers.length === 0) issues.push({ path: 'spec.containers', message: 'Required value' });
      containers.forEach((c, i) => {
        if (!c.name) issues.push({ path: `spec.containers[${i}].name`, message: 'Required value' });
        if (!c.image) issues.push({ path: `spec.containers[${i}].image`, message: 'Required value' });
      });
      return issues;
    },
  },
  'v1',
);

export const admitNamespace = defineKindAdmission(
  { storage: namespaceSchema, validate: (ns) => validateKubernetesName(ns.metadata, 'label') },
  'v1',
);
