// knative/serving `config-defaults` (pkg/apis/config/defaults.go), typed, with upstream defaults.
import { ConfigMapValues } from './config-map-values';

export interface ServingDefaultsConfig {
  revisionTimeoutSeconds: number;
  maxRevisionTimeoutSeconds: number;
  /** Only applied when set (upstream leaves responseStartTimeoutSeconds unset by default). */
  revisionResponseStartTimeoutSeconds?: number;
  revisionIdleTimeoutSeconds: number;
  containerConcurrency: number;
  containerConcurrencyMaxLimit: number;
  allowContainerConcurrencyZero: boolean;
  enableServiceLinks: boolean;
  userContainerName: string;
  initContainerName: string;
  revisionCpuRequest?: string;
  revisionMemoryRequest?: string;
  revisionEphemeralStorageRequest?: string;
  revisionCpuLimit?: string;
  revisionMemoryLimit?: string;
  revisionEphemeralStorageLimit?: string;
}

export const DEFAULT_SERVING_DEFAULTS: Readonly<ServingDefaultsConfig> = Object.freeze({
  revisionTimeoutSeconds: 300,
  maxRevisionTimeoutSeconds: 600,
  revisionIdleTimeoutSeconds: 0,
  containerConcurrency: 0,
  containerConcurrencyMaxLimit: 1000,
  allowContainerConcurrencyZero: true,
  enableServiceLinks: false,
  userContainerName: 'user-container',
  initContainerName: 'init-container',
});

/** Parses the `data` of config-defaults; throws ConfigMapError naming the key on a bad value. */
export function parseConfigDefaults(data: Readonly<Record<string, string>> = {}): ServingDefaultsConfig {
  const v = new ConfigMapValues('config-defaults', data);
  const d = DEFAULT_SERVING_DEFAULTS;
  const config: ServingDefaultsConfig = {
    revisionTimeoutSeconds: v.integer('revision-timeout-seconds', d.revisionTimeoutSeconds),
    maxRevisionTimeoutSeconds: v.integer('max-revision-timeout-seconds', d.maxRevisionTimeoutSeconds),
    revisionIdleTimeoutSeconds: v.integer('revision-idle-timeout-seconds', d.revisionIdleTimeoutSeconds),
    containerConcurrency: v.integer('container-concurrency', d.containerConcurrency),
    containerConcurrencyMaxLimit: v.integer('container-concurrency-max-limit', d.containerConcurrencyMaxLimit),
    allowContainerConcurrencyZero: v.boolean('allow-container-concurrency-zero', d.allowContainerConcurrencyZero),
    enableServiceLinks: v.boolean('enable-service-links', d.enableServiceLinks),
    // Upstream accepts a Go template here; knts supports the plain names, the common case.
    userContainerName: v.string('container-name-template', d.userContainerName),
    initContainerName: v.string('init-container-name-template', d.initContainerName),
  };
  if (v.has('revision-response-start-timeout-seconds'))
    config.revisionResponseStartTimeoutSeconds = v.integer('revision-response-start-timeout-seconds', 0);
  const quantities = [
    ['revision-cpu-request', 'revisionCpuRequest'],
    ['revision-memory-request', 'revisionMemoryRequest'],
    ['revision-ephemeral-storage-request', 'revisionEphemeralStorageRequest'],
    ['revision-cpu-limit', 'revisionCpuLimit'],
    ['revision-memory-limit', 'revisionMemoryLimit'],
    ['revision-ephemeral-storage-limit', 'revisionEphemeralStorageLimit'],
  ] as const;
  for (const [key, field] of quantities) {
    const value = v.optionalString(key);
    if (value === undefined) continue;
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i?|[mkMGTPEun])?$/.test(value))
      v.fail(key, `failed to parse quantity ${JSON.stringify(value)}`);
    config[field] = value;
  }
  if (config.revisionTimeoutSeconds < 0)
    v.fail('revision-timeout-seconds', `expected a non-negative value, got ${config.revisionTimeoutSeconds}`);
  if (config.revisionTimeoutSeconds > config.maxRevisionTimeoutSeconds)
    v.fail(
      'revision-timeout-seconds',
      `revision-timeout-seconds (${config.revisionTimeoutSeconds}) cannot be greater than max-revision-timeout-seconds (${config.maxRevisionTimeoutSeconds})`,
    );
  if (config.containerConcurrencyMaxLimit < 1)
    v.fail('container-concurrency-max-limit', `expected a value >= 1, got ${config.containerConcurrencyMaxLimit}`);
  const min = config.allowContainerConcurrencyZero ? 0 : 1;
  if (config.containerConcurrency < min || config.containerConcurrency > config.containerConcurrencyMaxLimit)
    v.fail(
      'container-concurrency',
      `expected ${min} <= ${config.containerConcurrency} <= ${config.containerConcurrencyMaxLimit}`,
    );
  return config;
}
