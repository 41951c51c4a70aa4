export * from './workload-runtime';
export {
  ProcessRuntime,
  type ProcessRuntimeOptions,
  type ReplicaProcess,
  type RuntimeLogger,
} from './process-runtime.adapter';
export {
  DEFAULT_IMAGE_MAP,
  IMAGE_MAP_NAME,
  IMAGE_MAP_NAMESPACE,
  findImageEntry,
  imageMapFromConfigMap,
  imageNotMappedMessage,
  type ImageEntry,
} from './process/image-map';
export {
  RUNTIME_INSTANCE_LABEL,
  RUNTIME_LABEL,
  RUNTIME_NODE_LABEL,
  USER_PORT_NAME,
  DEFAULT_CONTAINER_NAME,
} from './process/pod-manifest';
export { expandVars } from './process/expand-vars';
export {
  CpuSampler,
  clockTicksPerSecond,
  parseProcStat,
  type CpuSamplerOptions,
  type WorkloadKey,
} from './process/cpu-sampler';
export { startCpuSampling, type CpuSampling, type CpuSamplingOptions } from './process/cpu-sampling';
