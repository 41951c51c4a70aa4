// Small resource types, a permissive admit and a NATS connection for the store's own tests.
import type { Admit, KubeObject, ResourceType } from '@knts/api';
import { ValidationError, apiVersionOf } from '@knts/api';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';

export const SERVICES: ResourceType = {
  group: 'serving.knative.dev',
  storageVersion: 'v1',
  versions: ['v1', 'v1alpha1'],
  kind: 'Service',
  plural: 'services',
  singular: 'service',
  shortNames: ['ksvc'],
  namespaced: true,
};

export const REVISIONS: ResourceType = {
  group: 'serving.knative.dev',
  storageVersion: 'v1',
  versions: ['v1'],
  kind: 'Revision',
  plural: 'revisions',
  singular: 'revision',
  shortNames: ['rev'],
  namespaced: true,
};

export const CONFIG_MAPS: ResourceType = {
  group: '',
  storageVersion: 'v1',
  versions: ['v1'],
  kind: 'ConfigMap',
  plural: 'configmaps',
  singular: 'configmap',
  shortNames: ['cm'],
  namespaced: true,
};

export const CLUSTER_THINGS: ResourceType = {
  group: 'test.knts.dev',
  storageVersion: 'v1',
  versions: ['v1'],
  kind: 'ClusterThing',
  plural: 'clusterthings',
  singular: 'clusterthing',
  shortNames: [],
  namespaced: false,
};

export const TEST_TYPES: readonly ResourceType[] = [SERVICES, REVISIONS, CONFIG_MAPS, CLUSTER_THINGS];

/** Converts to the storage version; `spec.invalid: true` is rejected at `spec.invalid`. */
export const permissiveAdmit: Admit = (object) => {
  const o = structuredClone(object) as KubeObject;
  const type = TEST_TYPES.find((t) => t.kind === o.kind);
  if (!type) throw new ValidationError([{ path: 'kind', message: `unknown kind ${o.kind}` }]);
  o.apiVersion = apiVersionOf(type);
  const spec = o.spec as { invalid?: boolean } | undefined;
  if (spec?.invalid === true) throw new ValidationError([{ path: 'spec.invalid', message: 'must not be true' }]);
  return o;
};

export function service(name: string, spec: Record<string, unknown> = { image: 'hello' }, labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name, namespace: 'default', labels }, spec };
}

export function uniquePrefix(): string {
  return `t${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1000)}`;
}

export function connectNats(): Promise<NatsConnection> {
  return connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
}

/** Polls until `check` passes (no fixed sleeps in tests); fails after a generous deadline. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
