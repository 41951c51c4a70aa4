// tekton.dev v1alpha1 / v1beta1 -> v1. Params move out of `inputs`; PipelineResources have no v1 field,
// so they are serialised into annotations as tektoncd/pipeline's v1beta1 -> v1 conversion does
// (`tekton.dev/v1beta1Resources`), letting the pipelines service still run git/image resources.
import type { FieldIssue } from '../../field-error';
import type { ObjectMeta } from '../../meta';
import type { LegacyRef, LegacyStep, PipelineRunSpecLegacy, PipelineSpecLegacy, TaskRunSpecLegacy, TaskSpecLegacy } from '../tekton-legacy.schemas';

type Json = Record<string, unknown>;

/** Task/TaskRun/Pipeline/PipelineRun resource declarations or bindings (JSON). */
export const RESOURCES_ANNOTATION = 'tekton.dev/v1beta1Resources';
/** knts: resources declared by a TaskRun's embedded taskSpec (upstream keeps them in status). */
export const TASK_SPEC_RESOURCES_ANNOTATION = 'tekton.dev/v1beta1TaskSpecResources';
/** knts: per-PipelineTask resource wiring (`{taskName: {inputs, outputs}}`). */
export const PIPELINE_TASK_RESOURCES_ANNOTATION = 'tekton.dev/v1beta1PipelineTaskResources';

interface LegacyObject {
  metadata: ObjectMeta;
  spec: unknown;
  [field: string]: unknown;
}

function annotate(metadata: ObjectMeta, key: string, value: unknown): void {
  metadata.annotations = { ...metadata.annotations, [key]: JSON.stringify(value) };
}

function nonEmpty<T>(list: T[] | undefined): list is T[] {
  return list !== undefined && list.length > 0;
}

/** v1 dropped the deprecated Container fields from steps and renamed `resources`. */
function convertContainerLike(step: Json): Json {
  const { resources, ports: _p, livenessProbe: _l, readinessProbe: _r, startupProbe: _s, lifecycle: _lc, terminationMessagePath: _tp, terminationMessagePolicy: _tpo, stdin: _i, stdinOnce: _io, tty: _t, ...rest } = step;
  return resources === undefined ? rest : { ...rest, computeResources: resources };
}

function convertRef(ref: LegacyRef | undefined): Json | undefined {
  if (!ref) return undefined;
  const { bundle, ...rest } = ref;
  if (!bundle) return rest;
  // v1 resolves bundles through the bundles resolver.
  return {
    resolver: 'bundles',
    params: [
      { name: 'bundle', value: bundle },
      { name: 'name', value: ref.name ?? '' },
      { name: 'kind', value: (ref.kind ?? 'Task').toLowerCase() },
    ],
  };
}

/** Returns the v1 TaskSpec and the resources it declared (if any). */
export function convertTaskSpec(spec: TaskSpecLegacy): { spec: Json; resources?: Json } {
  const { inputs, outputs, resources, params, steps, stepTemplate, sidecars, ...rest } = spec;
  const out: Json = { ...rest };
  const allParams = [...(inputs?.params ?? []), ...(params ?? [])];
  if (allParams.length > 0) out.params = allParams;
  if (steps) out.steps = steps.map((s: LegacyStep) => convertContainerLike(s));
  if (stepTemplate) out.stepTemplate = convertContainerLike(stepTemplate);
  if (sidecars) out.sidecars = sidecars.map(convertContainerLike);
  const declared = {
    inputs: [...(inputs?.resources ?? []), ...(resources?.inputs ?? [])],
    outputs: [...(outputs?.resources ?? []), ...(resources?.outputs ?? [])],
  };
  if (declared.inputs.length === 0 && declared.outputs.length === 0) return { spec: out };
  return { spec: out, resources: { ...(nonEmpty(declared.inputs) ? { inputs: declared.inputs } : {}), ...(nonEmpty(declared.outputs) ? { outputs: declared.outputs } : {}) } };
}

export function convertTask(task: LegacyObject): Json {
  const metadata: ObjectMeta = { ...task.metadata };
  const converted = convertTaskSpec(task.spec as TaskSpecLegacy);
  if (converted.resources) annotate(metadata, RESOURCES_ANNOTATION, converted.resources);
  return { ...task, metadata, spec: converted.spec };
}

export function convertTaskRun(taskRun: LegacyObject): Json {
  const metadata: ObjectMeta = { ...taskRun.metadata };
  const spec = taskRun.spec as TaskRunSpecLegacy;
  const { inputs, outputs, resources, params, serviceAccount, taskRef, taskSpec, stepOverrides, sidecarOverrides, ...rest } = spec;
  const out: Json = { ...rest };
  const allParams = [...(inputs?.params ?? []), ...(params ?? [])];
  if (allParams.length > 0) out.params = allParams;
  if (!out.serviceAccountName && serviceAccount) out.serviceAccountName = serviceAccount;
  const ref = convertRef(taskRef);
  if (ref) out.taskRef = ref;
  if (taskSpec) {
    const converted = convertTaskSpec(taskSpec);
    out.taskSpec = converted.spec;
    if (converted.resources) annotate(metadata, TASK_SPEC_RESOURCES_ANNOTATION, converted.resources);
  }
  if (stepOverrides) out.stepSpecs = stepOverrides.map(({ name, resources: r }) => ({ name, computeResources: r }));
  if (sidecarOverrides) out.sidecarSpecs = sidecarOverrides.map(({ name, resources: r }) => ({ name, computeResources: r }));
  const bindings = {
    inputs: [...(inputs?.resources ?? []), ...(resources?.inputs ?? [])],
    outputs: [...(outputs?.resources ?? []), ...(resources?.outputs ?? [])],
  };
  if (bindings.inputs.length > 0 || bindings.outputs.length > 0)
    annotate(metadata, RESOURCES_ANNOTATION, { ...(nonEmpty(bindings.inputs) ? { inputs: bindings.inputs } : {}), ...(nonEmpty(bindings.outputs) ? { outputs: bindings.outputs } : {}) });
  return { ...taskRun, metadata, spec: out };
}

function convertPipelineSpec(spec: PipelineSpecLegacy, path: string, metadata: ObjectMeta, issues: FieldIssue[]): Json {
  const { resources, tasks, finally: finallyTasks, ...rest } = spec;
  const out: Json = { ...rest };
  const taskResources: Json = {};
  const convertTasks = (list: NonNullable<PipelineSpecLegacy['tasks']>, field: string): Json[] =>
    list.map((task, i) => {
      const { conditions, resources: wiring, taskRef, taskSpec, ...t } = task;
      // Conditions were replaced by `when` expressions; there is no faithful conversion.
      if (conditions) issues.push({ path: `${path}.${field}[${i}].conditions`, message: 'conditions cannot be migrated forward, use when expressions' });
      if (wiring && task.name) taskResources[task.name] = wiring;
      const converted: Json = { ...t };
      const ref = convertRef(taskRef);
      if (ref) converted.taskRef = ref;
      if (taskSpec) {
        const { metadata: embeddedMeta, ...embedded } = taskSpec;
        const c = convertTaskSpec(embedded);
        converted.taskSpec = embeddedMeta ? { ...c.spec, metadata: embeddedMeta } : c.spec;
      }
      return converted;
    });
  if (tasks) out.tasks = convertTasks(tasks, 'tasks');
  if (finallyTasks) out.finally = convertTasks(finallyTasks, 'finally');
  if (nonEmpty(resources)) annotate(metadata, RESOURCES_ANNOTATION, resources);
  if (Object.keys(taskResources).length > 0) annotate(metadata, PIPELINE_TASK_RESOURCES_ANNOTATION, taskResources);
  return out;
}

export function convertPipeline(pipeline: LegacyObject, issues: FieldIssue[]): Json {
  const metadata: ObjectMeta = { ...pipeline.metadata };
  return { ...pipeline, metadata, spec: convertPipelineSpec(pipeline.spec as PipelineSpecLegacy, 'spec', metadata, issues) };
}

export function convertPipelineRun(pipelineRun: LegacyObject, issues: FieldIssue[]): Json {
  const metadata: ObjectMeta = { ...pipelineRun.metadata };
  const spec = pipelineRun.spec as PipelineRunSpecLegacy;
  const { resources, serviceAccountName, serviceAccountNames, timeout, timeouts, podTemplate, taskRunSpecs, pipelineRef, pipelineSpec, ...rest } = spec;
  const out: Json = { ...rest };
  const ref = convertRef(pipelineRef);
  if (ref) out.pipelineRef = ref;
  if (pipelineSpec) out.pipelineSpec = convertPipelineSpec(pipelineSpec, 'spec.pipelineSpec', metadata, issues);
  if (timeouts) out.timeouts = timeouts;
  else if (timeout !== undefined) out.timeouts = { pipeline: timeout };
  if (serviceAccountName || podTemplate) {
    const template: Json = {};
    if (serviceAccountName) template.serviceAccountName = serviceAccountName;
    if (podTemplate) template.podTemplate = podTemplate;
    out.taskRunTemplate = template;
  }
  const specs: Json[] = [
    ...(serviceAccountNames ?? []).map((s) => ({ pipelineTaskName: s.taskName, serviceAccountName: s.serviceAccountName })),
    ...(taskRunSpecs ?? []).map(({ taskServiceAccountName, taskPodTemplate, stepOverrides, sidecarOverrides, ...s }) => {
      const converted: Json = { ...s };
      if (taskServiceAccountName) converted.serviceAccountName = taskServiceAccountName;
      if (taskPodTemplate) converted.podTemplate = taskPodTemplate;
      if (stepOverrides) converted.stepSpecs = stepOverrides;
      if (sidecarOverrides) converted.sidecarSpecs = sidecarOverrides;
      return converted;
    }),
  ];
  if (specs.length > 0) out.taskRunSpecs = specs;
  if (nonEmpty(resources)) annotate(metadata, RESOURCES_ANNOTATION, resources);
  return { ...pipelineRun, metadata, spec: out };
}
