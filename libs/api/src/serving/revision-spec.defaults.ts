// knative/serving revision_defaults.go: what a Revision template gets when fields are left out.
import { DEFAULT_SERVING_DEFAULTS } from '../config/config-defaults';
import type { AdmissionConfig } from '../admission';
import type { ServingContainer } from '../core/container.schema';
import type { RevisionSpec } from './revision-spec.schema';

/** The container that receives traffic: the one with a port, or the only one. */
export function servingContainerIndex(containers: readonly ServingContainer[]): number {
  if (containers.length === 1) return 0;
  const index = containers.findIndex((c) => (c.ports?.length ?? 0) > 0);
  return index;
}

export function setRevisionSpecDefaults(spec: RevisionSpec, config: AdmissionConfig = {}): void {
  const d = { ...DEFAULT_SERVING_DEFAULTS, ...config };
  spec.timeoutSeconds ??= d.revisionTimeoutSeconds;
  spec.containerConcurrency ??= d.containerConcurrency;
  // Only when configured, and only when it does not exceed the request timeout (upstream rule).
  if (spec.responseStartTimeoutSeconds === undefined && d.revisionResponseStartTimeoutSeconds && d.revisionResponseStartTimeoutSeconds < spec.timeoutSeconds)
    spec.responseStartTimeoutSeconds = d.revisionResponseStartTimeoutSeconds;
  if (spec.idleTimeoutSeconds === undefined && d.revisionIdleTimeoutSeconds) spec.idleTimeoutSeconds = d.revisionIdleTimeoutSeconds;
  // Upstream defaults this on create only; knts applies whole objects (no three-way merge), so it
  // defaults on update too, keeping an unchanged template equal to the stored one.
  spec.enableServiceLinks ??= d.enableServiceLinks;

  const containers = spec.containers ?? [];
  const serving = servingContainerIndex(containers);
  containers.forEach((container, index) => {
    if (!container.name) container.name = containers.length === 1 ? d.userContainerName : `${d.userContainerName}-${index}`;
    applyResourceDefaults(container, d);
    if (index === serving) applyReadinessProbeDefaults(container);
  });
}

function applyResourceDefaults(container: ServingContainer, d: AdmissionConfig): void {
  const pairs = [
    ['requests', 'cpu', d.revisionCpuRequest],
    ['requests', 'memory', d.revisionMemoryRequest],
    ['requests', 'ephemeral-storage', d.revisionEphemeralStorageRequest],
    ['limits', 'cpu', d.revisionCpuLimit],
    ['limits', 'memory', d.revisionMemoryLimit],
    ['limits', 'ephemeral-storage', d.revisionEphemeralStorageLimit],
  ] as const;
  for (const [kind, resource, value] of pairs) {
    if (value === undefined) continue;
    container.resources ??= {};
    const list = (container.resources[kind] ??= {});
    list[resource] ??= value;
  }
}

/** Without a probe, queue-proxy probes TCP on the user port (`port: 0` means "the container's port"). */
function applyReadinessProbeDefaults(container: ServingContainer): void {
  const probe = (container.readinessProbe ??= {});
  if (!probe.tcpSocket && !probe.httpGet && !probe.exec && !probe.grpc) probe.tcpSocket = { port: 0 };
  probe.successThreshold ??= 1;
}
