// Typed views of the status blocks the serving kinds carry (the api stores status as an open record).
import type { Status, TrafficTarget } from '@knts/api';

/** configuration_types.go ConfigurationStatusFields. */
export interface ConfigurationStatusFields {
  latestCreatedRevisionName?: string;
  latestReadyRevisionName?: string;
}

/** route_types.go RouteStatusFields. */
export interface RouteStatusFields {
  url?: string;
  address?: { url?: string };
  traffic?: TrafficTarget[];
}

export type ConfigurationStatus = Status & ConfigurationStatusFields;
export type RouteStatus = Status & RouteStatusFields;
export type ServiceStatus = Status & ConfigurationStatusFields & RouteStatusFields;

export interface ContainerStatus {
  name: string;
  imageDigest?: string;
}

/** revision_types.go RevisionStatus. */
export type RevisionStatus = Status & {
  actualReplicas?: number;
  desiredReplicas?: number;
  containerStatuses?: ContainerStatus[];
  logUrl?: string;
};

/** A deep copy of an object's status to reconcile into, typed as `T`. */
export function statusCopy<T extends Status>(object: { status?: unknown }): T {
  return structuredClone((object.status ?? {}) as T);
}
