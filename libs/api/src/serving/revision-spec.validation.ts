// knative/serving pkg/apis/serving/k8s_validation.go and v1/revision_validation.go for a RevisionSpec.
import type { AdmissionConfig } from '../admission';
import { DEFAULT_SERVING_DEFAULTS } from '../config/config-defaults';
import { DEFAULT_SERVING_FEATURES, type ServingFeaturesConfig } from '../config/config-features';
import type { ServingContainer } from '../core/container.schema';
import type { FieldIssue } from '../field-error';
import { isDns1123Subdomain } from '../validation/dns-names';
import type { RevisionSpec } from './revision-spec.schema';
import { servingContainerIndex } from './revision-spec.defaults';

export const RESERVED_ENV_VARS = new Set(['PORT', 'K_SERVICE', 'K_CONFIGURATION', 'K_REVISION']);
/** queue-proxy's ports (8012 http, 8013 h2c, 8022 admin, 9090/9091 metrics) and the profiling port. */
export const RESERVED_PORTS = new Set([8008, 8012, 8013, 8022, 9090, 9091]);
export const RESERVED_CONTAINER_NAMES = new Set(['queue-proxy']);
const VALID_PORT_NAMES = new Set(['', 'h2c', 'http1']);

/** PodSpec fields behind config-features flags. */
const FLAGGED_FIELDS: ReadonlyArray<readonly [keyof RevisionSpec, keyof ServingFeaturesConfig]> = [
  ['affinity', 'podSpecAffinity'],
  ['topologySpreadConstraints', 'podSpecTopologySpreadConstraints'],
  ['hostAliases', 'podSpecHostAliases'],
  ['nodeSelector', 'podSpecNodeSelector'],
  ['runtimeClassName', 'podSpecRuntimeClassName'],
  ['securityContext', 'podSpecSecurityContext'],
  ['shareProcessNamespace', 'podSpecShareProcessNamespace'],
  ['priorityClassName', 'podSpecPriorityClassName'],
  ['schedulerName', 'podSpecSchedulerName'],
  ['tolerations', 'podSpecTolerations'],
  ['initContainers', 'podSpecInitContainers'],
  ['dnsPolicy', 'podSpecDnsPolicy'],
  ['dnsConfig', 'podSpecDnsConfig'],
];
/** Never allowed on a Revision. */
const FORBIDDEN_FIELDS: ReadonlyArray<keyof RevisionSpec> = ['hostIPC', 'hostPID', 'hostNetwork'];

function bounds(value: number | undefined, min: number, max: number, path: string, issues: FieldIssue[]): void {
  if (value !== undefined && (value < min || value > max)) issues.push({ path, message: `expected ${min} <= ${value} <= ${max}` });
}

function validateContainer(container: ServingContainer, path: string, serving: boolean, issues: FieldIssue[]): void {
  if (container.name && RESERVED_CONTAINER_NAMES.has(container.name))
    issues.push({ path: `${path}.name`, message: `invalid value: ${container.name} is a reserved container name` });
  if (!container.image) issues.push({ path: `${path}.image`, message: 'missing field(s)' });
  (container.env ?? []).forEach((env, i) => {
    if (RESERVED_ENV_VARS.has(env.name)) issues.push({ path: `${path}.env[${i}].name`, message: `${JSON.stringify(env.name)} is a reserved environment variable` });
  });
  const ports = container.ports ?? [];
  if (!serving) return;
  if (ports.length > 1) {
    issues.push({ path: `${path}.ports`, message: 'more than one container port is set' });
    return;
  }
  const port = ports[0];
  if (!port) return;
  if (port.protocol && port.protocol !== 'TCP') issues.push({ path: `${path}.ports[0].protocol`, message: `invalid value: ${port.protocol}` });
  if (RESERVED_PORTS.has(port.containerPort)) issues.push({ path: `${path}.ports[0].containerPort`, message: `invalid value: ${port.containerPort}` });
  bounds(port.containerPort, 0, 65535, `${path}.ports[0].containerPort`, issues);
  if (!VALID_PORT_NAMES.has(port.name ?? '')) issues.push({ path: `${path}.ports[0]`, message: `Port name ${port.name ?? ''} is not allowed` });
}

export function validateRevisionSpec(spec: RevisionSpec, path: string, config: AdmissionConfig = {}): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const d = { ...DEFAULT_SERVING_DEFAULTS, ...config };
  const features = { ...DEFAULT_SERVING_FEATURES, ...config.features };

  for (const field of FORBIDDEN_FIELDS) if (spec[field] !== undefined) issues.push({ path: `${path}.${field}`, message: 'must not set the field(s)' });
  for (const [field, feature] of FLAGGED_FIELDS)
    if (spec[field] !== undefined && features[feature] === 'Disabled') issues.push({ path: `${path}.${field}`, message: 'must not set the field(s)' });

  const containers = spec.containers ?? [];
  if (containers.length === 0) issues.push({ path: `${path}.containers`, message: 'missing field(s)' });
  else if (containers.length > 1 && features.multiContainer === 'Disabled')
    issues.push({ path: `${path}.containers`, message: `multi-container is off, but found ${containers.length} containers` });
  else if (containers.length > 1) {
    const withPorts = containers.filter((c) => (c.ports?.length ?? 0) > 0).length;
    if (withPorts !== 1) issues.push({ path: `${path}.containers`, message: `exactly one container must specify a containerPort, found ${withPorts}` });
  }
  const serving = servingContainerIndex(containers);
  containers.forEach((c, i) => validateContainer(c, `${path}.containers[${i}]`, i === serving, issues));

  if (spec.serviceAccountName) {
    for (const msg of isDns1123Subdomain(spec.serviceAccountName))
      issues.push({ path: `${path}.serviceAccountName`, message: `invalid value: ${spec.serviceAccountName}: ${msg}` });
  }
  bounds(spec.timeoutSeconds, 0, d.maxRevisionTimeoutSeconds, `${path}.timeoutSeconds`, issues);
  bounds(spec.responseStartTimeoutSeconds, 0, spec.timeoutSeconds ?? d.maxRevisionTimeoutSeconds, `${path}.responseStartTimeoutSeconds`, issues);
  bounds(spec.idleTimeoutSeconds, 0, d.maxRevisionTimeoutSeconds, `${path}.idleTimeoutSeconds`, issues);
  bounds(spec.containerConcurrency, d.allowContainerConcurrencyZero ? 0 : 1, d.containerConcurrencyMaxLimit, `${path}.containerConcurrency`, issues);
  return issues;
}
