// knative/serving `config-features` (pkg/apis/config/features.go): Enabled / Disabled / Allowed flags.
import { ConfigMapValues } from './config-map-values';

export type FeatureFlag = 'Enabled' | 'Disabled' | 'Allowed';

export interface ServingFeaturesConfig {
  multiContainer: FeatureFlag;
  multiContainerProbing: FeatureFlag;
  podSpecAffinity: FeatureFlag;
  podSpecTopologySpreadConstraints: FeatureFlag;
  podSpecDryRun: FeatureFlag;
  podSpecHostAliases: FeatureFlag;
  podSpecFieldRef: FeatureFlag;
  podSpecNodeSelector: FeatureFlag;
  podSpecRuntimeClassName: FeatureFlag;
  podSpecSecurityContext: FeatureFlag;
  podSpecShareProcessNamespace: FeatureFlag;
  podSpecPriorityClassName: FeatureFlag;
  podSpecSchedulerName: FeatureFlag;
  podSpecTolerations: FeatureFlag;
  podSpecVolumesEmptyDir: FeatureFlag;
  podSpecVolumesHostPath: FeatureFlag;
  podSpecPersistentVolumeClaim: FeatureFlag;
  podSpecPersistentVolumeWrite: FeatureFlag;
  podSpecInitContainers: FeatureFlag;
  podSpecDnsPolicy: FeatureFlag;
  podSpecDnsConfig: FeatureFlag;
  containerSpecAddCapabilities: FeatureFlag;
  tagHeaderBasedRouting: FeatureFlag;
  autoDetectHttp2: FeatureFlag;
  securePodDefaults: FeatureFlag;
}

const KEYS: ReadonlyArray<readonly [keyof ServingFeaturesConfig, string, FeatureFlag]> = [
  ['multiContainer', 'multi-container', 'Enabled'],
  ['multiContainerProbing', 'multi-container-probing', 'Disabled'],
  ['podSpecAffinity', 'kubernetes.podspec-affinity', 'Disabled'],
  ['podSpecTopologySpreadConstraints', 'kubernetes.podspec-topologyspreadconstraints', 'Disabled'],
  ['podSpecDryRun', 'kubernetes.podspec-dryrun', 'Allowed'],
  ['podSpecHostAliases', 'kubernetes.podspec-hostaliases', 'Disabled'],
  ['podSpecFieldRef', 'kubernetes.podspec-fieldref', 'Disabled'],
  ['podSpecNodeSelector', 'kubernetes.podspec-nodeselector', 'Disabled'],
  ['podSpecRuntimeClassName', 'kubernetes.podspec-runtimeclassname', 'Disabled'],
  ['podSpecSecurityContext', 'kubernetes.podspec-securitycontext', 'Disabled'],
  ['podSpecShareProcessNamespace', 'kubernetes.podspec-shareprocessnamespace', 'Disabled'],
  ['podSpecPriorityClassName', 'kubernetes.podspec-priorityclassname', 'Disabled'],
  ['podSpecSchedulerName', 'kubernetes.podspec-schedulername', 'Disabled'],
  ['podSpecTolerations', 'kubernetes.podspec-tolerations', 'Disabled'],
  ['podSpecVolumesEmptyDir', 'kubernetes.podspec-volumes-emptydir', 'Enabled'],
  ['podSpecVolumesHostPath', 'kubernetes.podspec-volumes-hostpath', 'Disabled'],
  ['podSpecPersistentVolumeClaim', 'kubernetes.podspec-persistent-volume-claim', 'Disabled'],
  ['podSpecPersistentVolumeWrite', 'kubernetes.podspec-persistent-volume-write', 'Disabled'],
  ['podSpecInitContainers', 'kubernetes.podspec-init-containers', 'Disabled'],
  ['podSpecDnsPolicy', 'kubernetes.podspec-dnspolicy', 'Disabled'],
  ['podSpecDnsConfig', 'kubernetes.podspec-dnsconfig', 'Disabled'],
  ['containerSpecAddCapabilities', 'kubernetes.containerspec-addcapabilities', 'Disabled'],
  ['tagHeaderBasedRouting', 'tag-header-based-routing', 'Disabled'],
  ['autoDetectHttp2', 'autodetect-http2', 'Disabled'],
  ['securePodDefaults', 'secure-pod-defaults', 'Disabled'],
];

/** Upstream key for a feature, for messages such as "must not set the field(s)" hints. */
export function featureKey(feature: keyof ServingFeaturesConfig): string {
  return KEYS.find(([field]) => field === feature)?.[1] ?? feature;
}

export const DEFAULT_SERVING_FEATURES: Readonly<ServingFeaturesConfig> = Object.freeze(
  Object.fromEntries(KEYS.map(([field, , flag]) => [field, flag])) as unknown as ServingFeaturesConfig,
);

/** Parses the `data` of config-features; values are case-insensitive like upstream's strings.EqualFold. */
export function parseConfigFeatures(data: Readonly<Record<string, string>> = {}): ServingFeaturesConfig {
  const v: ConfigMapValues = new ConfigMapValues('config-features', data);
  const out = { ...DEFAULT_SERVING_FEATURES };
  for (const [field, key, fallback] of KEYS) {
    const text = v.string(key, fallback);
    const flag = (['Enabled', 'Disabled', 'Allowed'] as const).find((f) => f.toLowerCase() === text.toLowerCase());
    if (!flag) v.fail(key, `invalid value ${JSON.stringify(text)}, want one of "Enabled", "Disabled", "Allowed"`);
    out[field] = flag;
  }
  return out;
}
