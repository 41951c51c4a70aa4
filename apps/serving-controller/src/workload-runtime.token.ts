// The WorkloadRuntime port as the serving controller receives it. A factory rather than an
// instance: the runtime publishes Pods to the store, and the store exists only once NATS is up,
// which boot never waits for.
import type { WorkloadRuntime } from '@knts/runtime';
import type { ResourceStore } from '@knts/store';
import type { NatsConnection } from '@nats-io/transport-node';

export const WORKLOAD_RUNTIME = Symbol('WORKLOAD_RUNTIME');

export type WorkloadRuntimeFactory = (context: { store: ResourceStore; connection: NatsConnection }) => WorkloadRuntime;
