// The core v1 Pod a replica is published as (libs/runtime/README.md "Pod contract"): the
// activator routes to a Pod iff its Ready condition is True, it has no deletionTimestamp, at
// status.podIP : spec.containers[0].ports[0].containerPort.
import type { Container, KubeObject } from '@knts/api';
import type { WorkloadSpec } from '../workload-runtime';

export const RUNTIME_LABEL = 'knts.dev/runtime';
export const RUNTIME_NODE_LABEL = 'knts.dev/runtime-node';
export const RUNTIME_INSTANCE_LABEL = 'knts.dev/runtime-instance';
/** Knative's default name for the serving container (pkg/apis/serving/v1 revision_defaults.go). */
export const DEFAULT_CONTAINER_NAME = 'user-container';
export const USER_PORT_NAME = 'user-port';

export type ContainerState =
  | { running: { startedAt: string } }
  | { waiting: { reason: string; message?: string } }
  | { terminated: { exitCode: number; reason: string; message?: string; startedAt?: string; finishedAt: string } };

/** What a replica reports about itself; the Pod status is built from it. */
export interface ReplicaView {
  pod: string;
  port: number;
  pid?: number;
  containerName: string;
  image: string;
  ready: boolean;
  started: boolean;
  stopping: boolean;
  restartCount: number;
  state: ContainerState;
  lastState?: ContainerState;
  createdAt: Date;
  /** When `ready` last changed (the conditions' lastTransitionTime). */
  readyChangedAt: Date;
  /** Set once the process first started (status.startTime). */
  firstStartedAt?: Date;
}

export interface PodIdentity {
  podName: string;
  port: number;
  nodeName: string;
  runtimeLabels: Record<string, string>;
}

/** The serving container: the one with a port, else the first (WorkloadSpec.containers). */
export function servingContainer(spec: Pick<WorkloadSpec, 'containers'>): Container {
  const container = spec.containers.find((c) => (c.ports ?? []).length > 0) ?? spec.containers[0];
  if (!container) throw new Error('a workload needs at least one container');
  return container;
}

/** The Pod object as created (no status: the store drops it on create). */
export function buildPod(spec: WorkloadSpec, identity: PodIdentity): KubeObject {
  const serving = servingContainer(spec);
  const env = [...(serving.env ?? []).filter((e) => !(e.name in spec.env) && e.name !== 'PORT')];
  env.push({ name: 'PORT', value: String(identity.port) });
  for (const [name, value] of Object.entries(spec.env)) if (name !== 'PORT') env.push({ name, value });
  const container: Container = {
    ...serving,
    name: serving.name || DEFAULT_CONTAINER_NAME,
    image: serving.image || 'unknown',
    ports: [{ containerPort: identity.port, name: USER_PORT_NAME, protocol: 'TCP' }],
    env,
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: identity.podName,
      namespace: spec.namespace,
      labels: { ...spec.labels, app: spec.name, ...identity.runtimeLabels },
      annotations: { ...spec.annotations },
      ownerReferences: [{ ...spec.owner, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      containers: [container],
      nodeName: identity.nodeName,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds,
    },
  };
}

export interface PodStatusContext {
  podIP: string;
  hostIP: string;
}

const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** status of the Pod: phase, IPs, conditions and the container's status. */
export function podStatus(view: ReplicaView, context: PodStatusContext): Record<string, unknown> {
  const ready = view.ready && !view.stopping;
  const readyStatus = ready ? 'True' : 'False';
  const since = iso(view.readyChangedAt);
  const created = iso(view.createdAt);
  const notReady = ready
    ? {}
    : { reason: 'ContainersNotReady', message: `containers with unready status: [${view.containerName}]` };
  return {
    phase: view.firstStartedAt ? 'Running' : 'Pending',
    podIP: context.podIP,
    podIPs: [{ ip: context.podIP }],
    hostIP: context.hostIP,
    ...(view.firstStartedAt ? { startTime: iso(view.firstStartedAt) } : {}),
    conditions: [
      { type: 'Initialized', status: 'True', lastTransitionTime: created },
      { type: 'Ready', status: readyStatus, lastTransitionTime: since, ...notReady },
      { type: 'ContainersReady', status: readyStatus, lastTransitionTime: since, ...notReady },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: created },
    ],
    containerStatuses: [
      {
        name: view.containerName,
        image: view.image,
        imageID: '',
        ready,
        started: view.started,
        restartCount: view.restartCount,
        state: view.state,
        lastState: view.lastState ?? {},
      },
    ],
  };
}

/** A label value from any text (node names may hold characters labels do not allow). */
export function labelValue(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63);
  return cleaned.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '') || 'node';
}

export { iso as rfc3339 };
