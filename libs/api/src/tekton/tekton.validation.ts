// tektoncd/pipeline v1 validation (task_validation.go, taskrun_validation.go, pipeline_validation.go,
// pipelinerun_validation.go) for the checks users hit most.
import type { FieldIssue } from '../field-error';
import { isDns1123Label } from '../validation/dns-names';
import { parseGoDuration } from '../validation/go-duration';
import { checkParamReferences } from './param-references';
import { pipelineGraphError } from './pipeline-graph';
import type { Param, ParamSpec, PipelineRun, PipelineSpec, PipelineTask, TaskRun, TaskSpec } from './tekton.schemas';

const PARAM_NAME = /^[a-zA-Z_][a-zA-Z0-9_.-]*$/;
const PARAM_TYPES = new Set(['string', 'array', 'object']);

function valueType(value: unknown): string {
  return Array.isArray(value) ? 'array' : typeof value === 'object' && value !== null ? 'object' : 'string';
}

export function validateParamSpecs(params: readonly ParamSpec[] | undefined, path: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  (params ?? []).forEach((param, i) => {
    const lower = param.name.toLowerCase();
    if (!PARAM_NAME.test(param.name))
      issues.push({ path: `${path}[${i}].name`, message: `The format of following array and string variable names is invalid: [${param.name}]` });
    if (seen.has(lower)) issues.push({ path: `${path}[${i}].name`, message: `parameter appears more than once: ${param.name}` });
    seen.add(lower);
    if (param.type !== undefined && !PARAM_TYPES.has(param.type)) issues.push({ path: `${path}[${i}].type`, message: `invalid value: ${param.type}` });
    else if (param.default !== undefined && param.type !== undefined && valueType(param.default) !== param.type)
      issues.push({ path: `${path}[${i}].default`, message: `"${param.type}" type does not match default value's type: "${valueType(param.default)}"` });
  });
  return issues;
}

function validateParams(params: readonly Param[] | undefined, path: string): FieldIssue[] {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  (params ?? []).forEach((param, i) => {
    if (seen.has(param.name.toLowerCase())) issues.push({ path: `${path}[${i}].name`, message: `parameter appears more than once: ${param.name}` });
    seen.add(param.name.toLowerCase());
  });
  return issues;
}

function validateDuration(value: string | undefined, path: string): FieldIssue[] {
  if (value === undefined) return [];
  const parsed = parseGoDuration(value);
  if ('error' in parsed) return [{ path, message: `invalid value: ${parsed.error}` }];
  return parsed.ms < 0 ? [{ path, message: `invalid value: ${value} should be >= 0` }] : [];
}

function durationMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseGoDuration(value);
  return 'ms' in parsed ? parsed.ms : undefined;
}

/** `inherited`: params an embedded spec may use without declaring them (propagated from the Pipeline). */
export function validateTaskSpec(spec: TaskSpec, path: string, inherited: ReadonlySet<string> = new Set()): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const steps = spec.steps ?? [];
  if (steps.length === 0) issues.push({ path: `${path}.steps`, message: 'missing field(s)' });
  const names = new Set<string>();
  steps.forEach((step, i) => {
    const stepPath = `${path}.steps[${i}]`;
    if (!step.image && !step.ref) issues.push({ path: `${stepPath}.image`, message: 'missing field(s)' });
    if (step.name) {
      if (isDns1123Label(step.name).length > 0) issues.push({ path: `${stepPath}.name`, message: `invalid value ${JSON.stringify(step.name)}` });
      else if (names.has(step.name)) issues.push({ path: `${stepPath}.name`, message: `invalid value: step name ${JSON.stringify(step.name)} must be unique` });
      names.add(step.name);
    }
    if (step.script && step.command?.length) issues.push({ path: `${stepPath}.script`, message: 'script cannot be used with command' });
    if (step.onError !== undefined && step.onError !== 'continue' && step.onError !== 'stopAndFail')
      issues.push({ path: `${stepPath}.onError`, message: `invalid value: ${step.onError}` });
    issues.push(...validateDuration(step.timeout, `${stepPath}.timeout`));
  });
  issues.push(...validateParamSpecs(spec.params, `${path}.params`));
  const declared = new Set([...inherited, ...(spec.params ?? []).map((p) => p.name)]);
  issues.push(...checkParamReferences(spec.steps, `${path}.steps`, declared));
  issues.push(...checkParamReferences(spec.sidecars, `${path}.sidecars`, declared));
  issues.push(...checkParamReferences(spec.stepTemplate, `${path}.stepTemplate`, declared));
  return issues;
}

function exactlyOne(a: unknown, b: unknown, names: string, path: string): FieldIssue[] {
  if (a !== undefined && b !== undefined) return [{ path, message: `expected exactly one, got both: ${names}` }];
  if (a === undefined && b === undefined) return [{ path, message: `expected exactly one, got neither: ${names}` }];
  return [];
}

export function validateTaskRun(taskRun: TaskRun): FieldIssue[] {
  const { spec } = taskRun;
  const issues = [...exactlyOne(spec.taskRef, spec.taskSpec, 'taskRef, taskSpec', 'spec')];
  if (spec.taskRef && !spec.taskRef.name && !spec.taskRef.resolver) issues.push({ path: 'spec.taskRef.name', message: 'missing field(s)' });
  if (spec.taskSpec) issues.push(...validateTaskSpec(spec.taskSpec, 'spec.taskSpec'));
  issues.push(...validateParams(spec.params, 'spec.params'), ...validateDuration(spec.timeout, 'spec.timeout'));
  if (spec.status !== undefined && spec.status !== '' && spec.status !== 'TaskRunCancelled' && spec.status !== 'TaskRunPending')
    issues.push({ path: 'spec.status', message: `invalid value: ${spec.status}` });
  if (spec.retries !== undefined && spec.retries < 0) issues.push({ path: 'spec.retries', message: `invalid value: ${spec.retries} should be >= 0` });
  return issues;
}

function validatePipelineTask(task: PipelineTask, path: string, declared: ReadonlySet<string>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const name = task.name ?? '';
  if (!name) issues.push({ path: `${path}.name`, message: 'missing field(s)' });
  else if (isDns1123Label(name).length > 0) issues.push({ path: `${path}.name`, message: `invalid value ${JSON.stringify(name)}` });
  if (!task.pipelineRef && !task.pipelineSpec) issues.push(...exactlyOne(task.taskRef, task.taskSpec, 'taskRef, taskSpec', path));
  if (task.taskRef && !task.taskRef.name && !task.taskRef.resolver) issues.push({ path: `${path}.taskRef.name`, message: 'missing field(s)' });
  if (task.taskSpec && !task.taskSpec.apiVersion) {
    const { metadata: _m, apiVersion: _a, kind: _k, spec: _s, ...taskSpec } = task.taskSpec;
    issues.push(...validateTaskSpec(taskSpec, `${path}.taskSpec`, declared));
  }
  issues.push(...validateParams(task.params, `${path}.params`), ...validateDuration(task.timeout, `${path}.timeout`));
  issues.push(...checkParamReferences(task.params, `${path}.params`, declared), ...checkParamReferences(task.when, `${path}.when`, declared));
  if (task.retries !== undefined && task.retries < 0) issues.push({ path: `${path}.retries`, message: `invalid value: ${task.retries} should be >= 0` });
  return issues;
}

export function validatePipelineSpec(spec: PipelineSpec, path: string): FieldIssue[] {
  const issues: FieldIssue[] = [...validateParamSpecs(spec.params, `${path}.params`)];
  const tasks = spec.tasks ?? [];
  if (tasks.length === 0) issues.push({ path: `${path}.tasks`, message: 'expected at least one, got none' });
  const declared = new Set((spec.params ?? []).map((p) => p.name));
  const names = new Set<string>();
  tasks.forEach((task, i) => {
    issues.push(...validatePipelineTask(task, `${path}.tasks[${i}]`, declared));
    if (task.name) {
      if (names.has(task.name)) issues.push({ path: `${path}.tasks[${i}].name`, message: `expected exactly one, got both: ${task.name}` });
      names.add(task.name);
    }
  });
  (spec.finally ?? []).forEach((task, i) => {
    issues.push(...validatePipelineTask(task, `${path}.finally[${i}]`, declared));
    if (task.runAfter?.length)
      issues.push({ path: `${path}.finally[${i}].runAfter`, message: `invalid value: no runAfter allowed under spec.finally, final task ${task.name ?? ''} has runAfter specified` });
    if (task.name) {
      if (names.has(task.name)) issues.push({ path: `${path}.finally[${i}].name`, message: `expected exactly one, got both: ${task.name}` });
      names.add(task.name);
    }
  });
  if (issues.length === 0) {
    const graphError = pipelineGraphError(tasks);
    if (graphError) issues.push({ path: `${path}.tasks`, message: `invalid value: ${graphError}` });
  }
  return issues;
}

export function validatePipelineRun(pipelineRun: PipelineRun): FieldIssue[] {
  const { spec } = pipelineRun;
  const issues = [...exactlyOne(spec.pipelineRef, spec.pipelineSpec, 'pipelineRef, pipelineSpec', 'spec')];
  if (spec.pipelineRef && !spec.pipelineRef.name && !spec.pipelineRef.resolver) issues.push({ path: 'spec.pipelineRef.name', message: 'missing field(s)' });
  if (spec.pipelineSpec) issues.push(...validatePipelineSpec(spec.pipelineSpec, 'spec.pipelineSpec'));
  issues.push(...validateParams(spec.params, 'spec.params'));
  const t = spec.timeouts ?? {};
  for (const key of ['pipeline', 'tasks', 'finally'] as const) issues.push(...validateDuration(t[key], `spec.timeouts.${key}`));
  const pipeline = durationMs(t.pipeline);
  const sum = (durationMs(t.tasks) ?? 0) + (durationMs(t.finally) ?? 0);
  if (pipeline !== undefined && pipeline > 0 && sum > pipeline)
    issues.push({ path: 'spec.timeouts', message: `invalid value: ${t.tasks ?? '0s'} + ${t.finally ?? '0s'} should be <= pipeline duration` });
  const allowed = new Set(['', 'Cancelled', 'CancelledRunFinally', 'StoppedRunFinally', 'PipelineRunPending']);
  if (spec.status !== undefined && !allowed.has(spec.status)) issues.push({ path: 'spec.status', message: `invalid value: ${spec.status}` });
  return issues;
}
