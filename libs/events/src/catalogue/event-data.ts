// Payloads (CloudEvent `data`, JSON) of the internal event types. Field names follow the
// upstream structs they port, so readers can compare with Knative and Tekton.

import type { KubeObject } from '@knts/api';

/** knative/serving pkg/autoscaler/metrics/stat.proto `Stat`, one activator replica's second. */
export interface AutoscalerStatData {
  namespace: string;
  revision: string;
  /** The reporting activator replica: the autoscaler sums replicas (DESIGN §2). */
  podName: string;
  averageConcurrentRequests: number;
  averageProxiedConcurrentRequests: number;
  requestCount: number;
  proxiedRequestCount: number;
  processUptime: number;
  /** RFC 3339. */
  timestamp: string;
}

/** First request for a revision at zero: the autoscaler ticks now instead of on the 2 s timer. */
export interface AutoscalerPokeData {
  namespace: string;
  revision: string;
  /** RFC 3339. */
  timestamp: string;
}

/** One KPA decision; level-based, published every tick, so a lost message is replaced. */
export interface AutoscalerDecisionData {
  namespace: string;
  revision: string;
  desiredScale: number;
  excessBurstCapacity: number;
  observedStableConcurrency: number;
  observedPanicConcurrency: number;
  panicking: boolean;
  /** RFC 3339. */
  timestamp: string;
}

/** One replica (Pod) in a runtime CPU sample. */
export interface RuntimeCpuPod {
  pod: string;
  /** Ready when sampled; the HPA only uses samples of ready replicas. */
  ready: boolean;
  /** CPU used over the sample's window, in millicores (1000 = one core busy). */
  millicores: number;
  /** Processes counted: the replica's process and its descendants. */
  processes: number;
}

/** One second of CPU use of a revision's replicas, measured by the process runtime from /proc. */
export interface RuntimeCpuData {
  namespace: string;
  revision: string;
  /** Length of the measured interval in seconds (about 1). */
  windowSeconds: number;
  /** Replicas with a running process measured twice; a replica's first second is left out. */
  pods: RuntimeCpuPod[];
  /** RFC 3339, end of the window. */
  timestamp: string;
}

/** Where one ready replica takes requests (the Pod's podIP and containerPort). */
export interface RuntimeEndpoint {
  pod: string;
  host: string;
  port: number;
}

/**
 * Every replica of one revision on one runtime whose readiness probe passes and that is not
 * being stopped, sent whenever that set changes, before the Pods' status is written. The Pods in
 * the store stay the source of truth; this only lets the activator act sooner.
 */
export interface RuntimeEndpointsData {
  namespace: string;
  revision: string;
  /** The runtime's instance id (its Pods' knts.dev/runtime-instance label); each instance's set replaces its previous one. */
  runtime: string;
  /** Increases with every message of that runtime instance, so an older set never replaces a newer one. */
  sequence: number;
  endpoints: RuntimeEndpoint[];
  /** RFC 3339. */
  timestamp: string;
}

/** A resource reached Ready=True or Ready=False. */
export interface ResourceLifecycleData {
  namespace: string;
  name: string;
  generation?: number;
  /** Condition reason and message when failed, as in `status.conditions`. */
  reason?: string;
  message?: string;
}

/** Tekton's own payload for `dev.tekton.event.taskrun.*.v1` (tektoncd/pipeline docs/events.md). */
export interface TektonTaskRunEventData {
  taskRun: KubeObject;
}

/** Tekton's own payload for `dev.tekton.event.pipelinerun.*.v1`. */
export interface TektonPipelineRunEventData {
  pipelineRun: KubeObject;
}

/** A broker carries users' events: any CloudEvent, data untouched. */
export type BrokerEventData = unknown;
