// The WorkloadRuntime port (DESIGN §1): runs a Revision's replicas. Standalone: local processes;
// later Docker and Kubernetes adapters. The serving-controller is its only caller.
import type { Container, OwnerReference } from '@knts/api';

export interface WorkloadSpec {
  namespace: string;
  /** The Revision's name; replicas (Pods) are named `{name}-deployment-{suffix}`. */
  name: string;
  /** Labels every replica (Pod) carries: serving.knative.dev/{service,configuration,revision,revisionUID} and the template's labels. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The Revision, as the Pods' controller owner reference (cascading delete). */
  owner: OwnerReference;
  /** The Revision's containers; the one with a port (or the first) is the serving container. */
  containers: Container[];
  /** Platform env for the serving container (K_SERVICE, K_CONFIGURATION, K_REVISION); PORT is the runtime's. */
  env: Record<string, string>;
  /** SIGTERM, then SIGKILL after this many seconds. */
  terminationGracePeriodSeconds: number;
}

/** Where a ready replica takes requests. */
export interface Endpoint {
  pod: string;
  host: string;
  port: number;
}

export interface WorkloadFailure {
  /** Upstream-style reason, e.g. `ExitCode1`, `ImageNotMapped`, `CrashLoopBackOff`. */
  reason: string;
  /** What happened and what to do, e.g. `Container failed with: ...`. */
  message: string;
  /** Which Revision condition it belongs to: the container's health or the resources. */
  condition: 'ContainerHealthy' | 'ResourcesAvailable';
}

export interface WorkloadState {
  desiredReplicas: number;
  /** Replicas that started (process running). */
  actualReplicas: number;
  readyReplicas: number;
  endpoints: Endpoint[];
  /** Set while the workload cannot run as asked; cleared once a replica is ready again. */
  failure?: WorkloadFailure;
}

/** A replica's operating-system process, for runtimes that run local processes. */
export interface ReplicaPid {
  pod: string;
  /** Undefined while no process runs (starting, backing off). */
  pid?: number;
  ready: boolean;
}

export interface WorkloadRuntime {
  /** Level-based: makes the workload match `spec` with `replicas` replicas. Idempotent. */
  apply(spec: WorkloadSpec, replicas: number): Promise<WorkloadState>;
  /** Stops every replica (SIGTERM, grace period, SIGKILL) and forgets the workload. */
  delete(namespace: string, name: string): Promise<void>;
  state(namespace: string, name: string): WorkloadState | undefined;
  /** Called whenever a workload's state changes (a replica became ready, crashed, ...). */
  onChange(listener: (namespace: string, name: string) => void): () => void;
  /** The processes of a workload's replicas; only runtimes of local processes have them (CPU sampling). */
  processes?(namespace: string, name: string): ReplicaPid[];
  /** Stops every workload (service shutdown). */
  close(): Promise<void>;
}
