// Admission: what the API server's conversion + defaulting + validating webhooks do, in one call.
// CONTRACT (filled in by libs/api work): every write to any store goes through admit().
import type { ServingDefaultsConfig } from './config/config-defaults';
import type { ServingFeaturesConfig } from './config/config-features';
import type { KubeObject } from './meta';

/**
 * Settings that change defaults and limits, taken from Knative's and Tekton's ConfigMaps.
 * Every field is optional; absent fields use the upstream defaults.
 */
export interface AdmissionConfig extends Partial<ServingDefaultsConfig> {
  /** config-features flags (kubernetes.podspec-*, multi-container, ...). */
  features?: Partial<ServingFeaturesConfig>;
  /** config-br-defaults clusterDefault.brokerClass; default `MTChannelBasedBroker`. */
  defaultBrokerClass?: string;
  /** Tekton config-defaults default-timeout-minutes; default 60. */
  tektonDefaultTimeoutMinutes?: number;
  /** Tekton config-defaults default-service-account; default `default`. */
  tektonDefaultServiceAccount?: string;
}

export interface AdmissionContext {
  operation: 'CREATE' | 'UPDATE';
  /** The stored object, for UPDATE (immutability checks, BYO revision name rules). */
  old?: KubeObject;
  /** Defaults and feature flags from config-defaults / config-features; upstream defaults when absent. */
  config?: AdmissionConfig;
}

/**
 * Converts an older version to the storage version, applies defaults and validates.
 * Returns a new object; throws ValidationError (field paths + messages) when invalid,
 * or a ValidationError with path 'apiVersion'/'kind' for unknown types.
 */
export type Admit = (object: unknown, context: AdmissionContext) => KubeObject;
