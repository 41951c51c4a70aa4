// Object builders for the reconciler tables (the shape of knative/serving pkg/testing/v1 options).
import type { Condition, KubeObject, OwnerReference, TrafficTarget } from '@knts/api';

export const NS = 'default';
export const IMAGE = 'gcr.io/knative-samples/helloworld-go';

type Meta = KubeObject['metadata'];

export function ownerRef(kind: string, name: string): OwnerReference {
  return { apiVersion: 'serving.knative.dev/v1', kind, name, uid: `${name}-uid`, controller: true, blockOwnerDeletion: true };
}

export function ready(): Condition[] {
  return [{ type: 'Ready', status: 'True' }];
}

export function service(name: string, opts: { meta?: Partial<Meta>; image?: string; traffic?: TrafficTarget[]; templateMeta?: Meta; status?: Record<string, unknown> } = {}): KubeObject {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name, namespace: NS, uid: `${name}-uid`, generation: 1, ...opts.meta },
    spec: {
      template: { ...(opts.templateMeta ? { metadata: opts.templateMeta } : {}), spec: { containers: [{ image: opts.image ?? IMAGE }] } },
      ...(opts.traffic ? { traffic: opts.traffic } : {}),
    },
    ...(opts.status ? { status: opts.status } : {}),
  };
}

export function configuration(
  name: string,
  opts: { meta?: Partial<Meta>; image?: string; templateMeta?: Meta; status?: Record<string, unknown>; owner?: string } = {},
): KubeObject {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Configuration',
    metadata: {
      name,
      namespace: NS,
      uid: `${name}-uid`,
      generation: 1,
      ...(opts.owner ? { ownerReferences: [ownerRef('Service', opts.owner)], labels: { 'serving.knative.dev/service': opts.owner } } : {}),
      ...opts.meta,
    },
    spec: { template: { ...(opts.templateMeta ? { metadata: opts.templateMeta } : {}), spec: { containers: [{ image: opts.image ?? IMAGE }] } } },
    ...(opts.status ? { status: opts.status } : {}),
  };
}

export function revision(
  name: string,
  config: string,
  generation: number,
  opts: { meta?: Partial<Meta>; image?: string; conditions?: Condition[]; labels?: Record<string, string>; annotations?: Record<string, string> } = {},
): KubeObject {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: {
      name,
      namespace: NS,
      uid: `${name}-uid`,
      generation: 1,
      labels: {
        'serving.knative.dev/configuration': config,
        'serving.knative.dev/configurationGeneration': String(generation),
        ...opts.labels,
      },
      ...(opts.annotations ? { annotations: opts.annotations } : {}),
      ownerReferences: [ownerRef('Configuration', config)],
      ...opts.meta,
    },
    spec: { containers: [{ image: opts.image ?? IMAGE }] },
    ...(opts.conditions ? { status: { conditions: opts.conditions } } : {}),
  };
}

export function route(name: string, traffic: TrafficTarget[], opts: { meta?: Partial<Meta>; status?: Record<string, unknown>; owner?: string } = {}): KubeObject {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Route',
    metadata: {
      name,
      namespace: NS,
      uid: `${name}-uid`,
      generation: 1,
      ...(opts.owner ? { ownerReferences: [ownerRef('Service', opts.owner)] } : {}),
      ...opts.meta,
    },
    spec: { traffic },
    ...(opts.status ? { status: opts.status } : {}),
  };
}

export function configMap(name: string, data: Record<string, string>, namespace = 'knative-serving'): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}
