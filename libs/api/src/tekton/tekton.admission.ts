// Admission steps for tekton.dev kinds: v1alpha1/v1beta1 conversion, defaults, validation.
import { defineKindAdmission } from '../admission/kind-admission';
import type { FieldIssue } from '../field-error';
import { validateTektonObjectMeta } from '../validation/object-metadata';
import { convertPipeline, convertPipelineRun, convertTask, convertTaskRun } from './conversion/legacy-to-v1';
import {
  pipelineLegacySchema,
  pipelineResourceSchema,
  pipelineRunLegacySchema,
  taskRunV1alpha1Schema,
  taskRunV1beta1Schema,
  taskV1alpha1Schema,
  taskV1beta1Schema,
} from './tekton-legacy.schemas';
import { setPipelineRunDefaults, setPipelineSpecDefaults, setTaskRunDefaults, setTaskSpecDefaults } from './tekton.defaults';
import { pipelineRunSchema, pipelineSchema, taskRunSchema, taskSchema } from './tekton.schemas';
import { validatePipelineRun, validatePipelineSpec, validateTaskRun, validateTaskSpec } from './tekton.validation';

type Converter = (parsed: never, issues: FieldIssue[]) => unknown;

export const admitTask = defineKindAdmission(
  {
    storage: taskSchema,
    older: {
      v1alpha1: { schema: taskV1alpha1Schema, convert: convertTask as Converter },
      v1beta1: { schema: taskV1beta1Schema, convert: convertTask as Converter },
    },
    setDefaults: (task) => setTaskSpecDefaults(task.spec),
    validate: (task) => [...validateTektonObjectMeta(task.metadata), ...validateTaskSpec(task.spec, 'spec')],
  },
  'tekton.dev/v1',
);

export const admitTaskRun = defineKindAdmission(
  {
    storage: taskRunSchema,
    older: {
      v1alpha1: { schema: taskRunV1alpha1Schema, convert: convertTaskRun as Converter },
      v1beta1: { schema: taskRunV1beta1Schema, convert: convertTaskRun as Converter },
    },
    setDefaults: (taskRun, context) => setTaskRunDefaults(taskRun, context.config),
    validate: (taskRun) => [...validateTektonObjectMeta(taskRun.metadata), ...validateTaskRun(taskRun)],
  },
  'tekton.dev/v1',
);

export const admitPipeline = defineKindAdmission(
  {
    storage: pipelineSchema,
    older: {
      v1alpha1: { schema: pipelineLegacySchema, convert: convertPipeline as Converter },
      v1beta1: { schema: pipelineLegacySchema, convert: convertPipeline as Converter },
    },
    setDefaults: (pipeline) => setPipelineSpecDefaults(pipeline.spec),
    validate: (pipeline) => [...validateTektonObjectMeta(pipeline.metadata), ...validatePipelineSpec(pipeline.spec, 'spec')],
  },
  'tekton.dev/v1',
);

export const admitPipelineRun = defineKindAdmission(
  {
    storage: pipelineRunSchema,
    older: {
      v1alpha1: { schema: pipelineRunLegacySchema, convert: convertPipelineRun as Converter },
      v1beta1: { schema: pipelineRunLegacySchema, convert: convertPipelineRun as Converter },
    },
    setDefaults: (pipelineRun, context) => setPipelineRunDefaults(pipelineRun, context.config),
    validate: (pipelineRun) => [...validateTektonObjectMeta(pipelineRun.metadata), ...validatePipelineRun(pipelineRun)],
  },
  'tekton.dev/v1',
);

/** PipelineResource types of tektoncd/pipeline v0.10 (docs/resources.md). */
export const PIPELINE_RESOURCE_TYPES = ['git', 'image', 'pullRequest', 'cluster', 'storage', 'cloudEvent'] as const;

export const admitPipelineResource = defineKindAdmission(
  {
    storage: pipelineResourceSchema,
    validate: (resource) => {
      const issues: FieldIssue[] = [...validateTektonObjectMeta(resource.metadata)];
      const type = resource.spec.type;
      if (!type) issues.push({ path: 'spec.type', message: 'missing field(s)' });
      else if (!(PIPELINE_RESOURCE_TYPES as readonly string[]).includes(type)) issues.push({ path: 'spec.type', message: `invalid value: ${type}` });
      const params = resource.spec.params ?? [];
      if ((type === 'git' || type === 'image' || type === 'pullRequest') && !params.some((p) => p.name.toLowerCase() === 'url'))
        issues.push({ path: 'spec.params', message: `missing field(s): url param is required for ${type} resources` });
      return issues;
    },
  },
  'tekton.dev/v1alpha1',
);
