// A container's environment as the kubelet builds it (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables):
// envFrom first, then env in order (later wins, values expand `$(VAR)` over what came before),
// then the platform's variables (Knative appends PORT and K_* to the serving container).
import type { Container } from '@knts/api';
import { expandVars } from './expand-vars';

/** The ConfigMaps and Secrets of the workload's namespace, fetched before resolving. */
export interface EnvSources {
  configMap(name: string): { data?: Record<string, string> } | undefined;
  /** Secret data as stored: base64. */
  secret(name: string): { data?: Record<string, string>; stringData?: Record<string, string> } | undefined;
}

/** Why a container cannot start yet; the kubelet's waiting reason for it. */
export class ContainerConfigError extends Error {
  readonly reason = 'CreateContainerConfigError';
  constructor(message: string) {
    super(message);
    this.name = 'ContainerConfigError';
  }
}

interface KeyRef {
  name?: string;
  key?: string;
  optional?: boolean;
}
interface SourceRef {
  name?: string;
  optional?: boolean;
}
interface EnvFromSource {
  prefix?: string;
  configMapRef?: SourceRef;
  secretRef?: SourceRef;
}

// k8s IsEnvVarName: envFrom keys that are not valid names are skipped (the kubelet records an event).
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Names of the ConfigMaps and Secrets a container's env and envFrom refer to. */
export function envReferences(container: Container): { configMaps: string[]; secrets: string[] } {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  for (const from of (container.envFrom ?? []) as EnvFromSource[]) {
    if (from.configMapRef?.name) configMaps.add(from.configMapRef.name);
    if (from.secretRef?.name) secrets.add(from.secretRef.name);
  }
  for (const env of container.env ?? []) {
    const cm = env.valueFrom?.configMapKeyRef as KeyRef | undefined;
    const secret = env.valueFrom?.secretKeyRef as KeyRef | undefined;
    if (cm?.name) configMaps.add(cm.name);
    if (secret?.name) secrets.add(secret.name);
  }
  return { configMaps: [...configMaps], secrets: [...secrets] };
}

function secretValues(secret: {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(secret.data ?? {})) out[k] = Buffer.from(v, 'base64').toString('utf8');
  // stringData is write-only in Kubernetes (merged into data); honour it in case a store kept it.
  for (const [k, v] of Object.entries(secret.stringData ?? {})) out[k] = v;
  return out;
}

export interface ResolveEnvOptions {
  namespace: string;
  /** Appended last: PORT, K_SERVICE, K_CONFIGURATION, K_REVISION. */
  platformEnv: Record<string, string>;
  /** Downward API values for `valueFrom.fieldRef.fieldPath` (metadata.name, status.podIP, ...). */
  fields?: Record<string, string>;
}

/** The resolved variables in Kubernetes' order; throws ContainerConfigError like the kubelet. */
export function resolveContainerEnv(
  container: Container,
  sources: EnvSources,
  options: ResolveEnvOptions,
): Map<string, string> {
  const env = new Map<string, string>();
  const { namespace } = options;
  for (const from of (container.envFrom ?? []) as EnvFromSource[]) {
    const prefix = from.prefix ?? '';
    let values: Record<string, string> | undefined;
    if (from.configMapRef) {
      const name = from.configMapRef.name ?? '';
      const cm = sources.configMap(name);
      if (!cm) {
        if (from.configMapRef.optional) continue;
        throw new ContainerConfigError(`configmap ${JSON.stringify(name)} not found`);
      }
      values = cm.data ?? {};
    } else if (from.secretRef) {
      const name = from.secretRef.name ?? '';
      const secret = sources.secret(name);
      if (!secret) {
        if (from.secretRef.optional) continue;
        throw new ContainerConfigError(`secret ${JSON.stringify(name)} not found`);
      }
      values = secretValues(secret);
    }
    for (const [key, value] of Object.entries(values ?? {})) {
      const name = prefix + key;
      if (ENV_VAR_NAME.test(name)) env.set(name, value);
    }
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    if (!from) {
      env.set(
        variable.name,
        expandVars(variable.value ?? '', (n) => env.get(n)),
      );
      continue;
    }
    const cmRef = from.configMapKeyRef as KeyRef | undefined;
    const secretRef = from.secretKeyRef as KeyRef | undefined;
    const fieldRef = from.fieldRef as { fieldPath?: string } | undefined;
    if (cmRef) {
      const cm = sources.configMap(cmRef.name ?? '');
      const value = cm?.data?.[cmRef.key ?? ''];
      if (value !== undefined) env.set(variable.name, value);
      else if (!cmRef.optional)
        throw new ContainerConfigError(
          cm
            ? `couldn't find key ${cmRef.key ?? ''} in ConfigMap ${namespace}/${cmRef.name ?? ''}`
            : `configmap ${JSON.stringify(cmRef.name ?? '')} not found`,
        );
    } else if (secretRef) {
      const secret = sources.secret(secretRef.name ?? '');
      const value = secret ? secretValues(secret)[secretRef.key ?? ''] : undefined;
      if (value !== undefined) env.set(variable.name, value);
      else if (!secretRef.optional)
        throw new ContainerConfigError(
          secret
            ? `couldn't find key ${secretRef.key ?? ''} in Secret ${namespace}/${secretRef.name ?? ''}`
            : `secret ${JSON.stringify(secretRef.name ?? '')} not found`,
        );
    } else if (fieldRef?.fieldPath) {
      const value = options.fields?.[fieldRef.fieldPath];
      if (value !== undefined) env.set(variable.name, value);
    }
    // resourceFieldRef: no resource limits on local processes; left unset.
  }
  for (const [name, value] of Object.entries(options.platformEnv)) env.set(name, value);
  return env;
}
