// tektoncd/pipeline SetDefaults for v1 kinds: param types, taskRef kind, TaskRun/PipelineRun timeout
// and service account (config-defaults default-timeout-minutes: 60, default-service-account: default).
import type { AdmissionConfig } from '../admission';
import { formatGoDuration } from '../validation/go-duration';
import type { ParamSpec, PipelineRun, PipelineSpec, TaskRun, TaskSpec } from './tekton.schemas';

export const DEFAULT_TEKTON_TIMEOUT_MINUTES = 60;
export const DEFAULT_TEKTON_SERVICE_ACCOUNT = 'default';

function defaultTimeout(config: AdmissionConfig | undefined): string {
  return formatGoDuration((config?.tektonDefaultTimeoutMinutes ?? DEFAULT_TEKTON_TIMEOUT_MINUTES) * 60_000);
}

/** ParamSpec.SetDefaults: the type follows the default value's shape, else `string`. */
export function setParamSpecDefaults(params: ParamSpec[] | undefined): void {
  for (const param of params ?? []) {
    if (param.type) continue;
    if (Array.isArray(param.default)) param.type = 'array';
    else if (typeof param.default === 'object' || param.properties) param.type = 'object';
    else param.type = 'string';
  }
}

export function setTaskSpecDefaults(spec: TaskSpec): void {
  setParamSpecDefaults(spec.params);
}

export function setPipelineSpecDefaults(spec: PipelineSpec): void {
  setParamSpecDefaults(spec.params);
  for (const task of [...(spec.tasks ?? []), ...(spec.finally ?? [])]) {
    if (task.taskRef?.name && !task.taskRef.kind) task.taskRef.kind = 'Task';
    if (task.taskSpec) setParamSpecDefaults(task.taskSpec.params);
  }
}

export function setTaskRunDefaults(taskRun: TaskRun, config?: AdmissionConfig): void {
  const { spec } = taskRun;
  spec.timeout ??= defaultTimeout(config);
  spec.serviceAccountName ||= config?.tektonDefaultServiceAccount ?? DEFAULT_TEKTON_SERVICE_ACCOUNT;
  if (spec.taskRef?.name && !spec.taskRef.kind) spec.taskRef.kind = 'Task';
  if (spec.taskSpec) setTaskSpecDefaults(spec.taskSpec);
}

export function setPipelineRunDefaults(pipelineRun: PipelineRun, config?: AdmissionConfig): void {
  const { spec } = pipelineRun;
  spec.timeouts ??= {};
  if (spec.timeouts.pipeline === undefined) spec.timeouts.pipeline = defaultTimeout(config);
  spec.taskRunTemplate ??= {};
  spec.taskRunTemplate.serviceAccountName ||= config?.tektonDefaultServiceAccount ?? DEFAULT_TEKTON_SERVICE_ACCOUNT;
  if (spec.pipelineSpec) setPipelineSpecDefaults(spec.pipelineSpec);
}
