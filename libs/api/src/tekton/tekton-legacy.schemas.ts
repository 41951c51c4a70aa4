// tekton.dev v1alpha1 and v1beta1 shapes (tektoncd/pipeline v0.10 - v0.50): `inputs`/`outputs`,
// PipelineResource bindings, Container-shaped steps. v1beta1 is v1alpha1 without inputs/outputs.
import { z } from 'zod';
import { containerShape } from '../core/container.schema';
import { integer } from '../schema/integer.schema';
import { kubeObjectSchema } from '../schema/kube-object.schema';
import { templateMetaSchema } from '../schema/object-meta.schema';
import { paramSchema, paramSpecSchema, refSchema, workspaceBindingSchema, workspaceDeclarationSchema } from './tekton.schemas';

const opaque = () => z.record(z.string(), z.unknown());

export const legacyStepSchema = z.strictObject({
  ...containerShape,
  script: z.string().optional(),
  timeout: z.string().optional(),
  onError: z.string().optional(),
  workspaces: z.array(z.strictObject({ name: z.string(), mountPath: z.string().optional() })).optional(),
  stdoutConfig: z.strictObject({ path: z.string().optional() }).optional(),
  stderrConfig: z.strictObject({ path: z.string().optional() }).optional(),
});

export const taskResourceSchema = z.strictObject({
  name: z.string(),
  type: z.string(),
  description: z.string().optional(),
  targetPath: z.string().optional(),
  optional: z.boolean().optional(),
});

export const pipelineResourceSpecSchema = z.strictObject({
  type: z.string().optional(),
  description: z.string().optional(),
  params: z.array(z.strictObject({ name: z.string(), value: z.string() })).optional(),
  secrets: z.array(z.strictObject({ fieldName: z.string(), secretKey: z.string(), secretName: z.string() })).optional(),
});

export const resourceBindingSchema = z.strictObject({
  name: z.string(),
  resourceRef: z.strictObject({ name: z.string().optional(), apiVersion: z.string().optional() }).optional(),
  resourceSpec: pipelineResourceSpecSchema.optional(),
  paths: z.array(z.string()).optional(),
});

const legacyRefSchema = z.strictObject({ ...refSchema.shape, bundle: z.string().optional() });
const resultsSchema = z.array(z.strictObject({ name: z.string(), type: z.string().optional(), description: z.string().optional(), properties: opaque().optional() }));

const legacyTaskSpecShape = {
  params: z.array(paramSpecSchema).optional(),
  resources: z.strictObject({ inputs: z.array(taskResourceSchema).optional(), outputs: z.array(taskResourceSchema).optional() }).optional(),
  displayName: z.string().optional(),
  description: z.string().optional(),
  steps: z.array(legacyStepSchema).optional(),
  volumes: z.array(opaque()).optional(),
  stepTemplate: opaque().optional(),
  sidecars: z.array(opaque()).optional(),
  workspaces: z.array(workspaceDeclarationSchema).optional(),
  results: resultsSchema.optional(),
};
const inputsOutputs = {
  inputs: z.strictObject({ params: z.array(paramSpecSchema).optional(), resources: z.array(taskResourceSchema).optional() }).optional(),
  outputs: z.strictObject({ resources: z.array(taskResourceSchema).optional() }).optional(),
};

export const taskSpecV1beta1Schema = z.strictObject(legacyTaskSpecShape);
export const taskSpecV1alpha1Schema = z.strictObject({ ...legacyTaskSpecShape, ...inputsOutputs });

const runResources = z.strictObject({ inputs: z.array(resourceBindingSchema).optional(), outputs: z.array(resourceBindingSchema).optional() });
const taskRunSpecShape = {
  debug: opaque().optional(),
  params: z.array(paramSchema).optional(),
  resources: runResources.optional(),
  serviceAccountName: z.string().optional(),
  taskRef: legacyRefSchema.optional(),
  status: z.string().optional(),
  statusMessage: z.string().optional(),
  retries: integer().optional(),
  timeout: z.string().optional(),
  podTemplate: opaque().optional(),
  workspaces: z.array(workspaceBindingSchema).optional(),
  stepOverrides: z.array(z.strictObject({ name: z.string(), resources: containerShape.resources })).optional(),
  sidecarOverrides: z.array(z.strictObject({ name: z.string(), resources: containerShape.resources })).optional(),
  computeResources: containerShape.resources,
};

export const taskRunSpecV1beta1Schema = z.strictObject({ ...taskRunSpecShape, taskSpec: taskSpecV1beta1Schema.optional() });
export const taskRunSpecV1alpha1Schema = z.strictObject({
  ...taskRunSpecShape,
  taskSpec: taskSpecV1alpha1Schema.optional(),
  serviceAccount: z.string().optional(),
  inputs: z.strictObject({ params: z.array(paramSchema).optional(), resources: z.array(resourceBindingSchema).optional() }).optional(),
  outputs: z.strictObject({ resources: z.array(resourceBindingSchema).optional() }).optional(),
});

const pipelineTaskResources = z.strictObject({
  inputs: z.array(z.strictObject({ name: z.string(), resource: z.string(), from: z.array(z.string()).optional() })).optional(),
  outputs: z.array(z.strictObject({ name: z.string(), resource: z.string() })).optional(),
});

export const legacyPipelineTaskSchema = z.strictObject({
  name: z.string().optional(),
  displayName: z.string().optional(),
  description: z.string().optional(),
  taskRef: legacyRefSchema.optional(),
  taskSpec: z.strictObject({ ...legacyTaskSpecShape, ...inputsOutputs, metadata: templateMetaSchema.optional() }).optional(),
  conditions: z.array(opaque()).optional(),
  when: z.array(opaque()).optional(),
  retries: integer().optional(),
  runAfter: z.array(z.string()).optional(),
  resources: pipelineTaskResources.optional(),
  params: z.array(paramSchema).optional(),
  matrix: opaque().optional(),
  workspaces: z.array(z.strictObject({ name: z.string(), workspace: z.string().optional(), subPath: z.string().optional() })).optional(),
  timeout: z.string().optional(),
  onError: z.string().optional(),
});

export const pipelineSpecLegacySchema = z.strictObject({
  displayName: z.string().optional(),
  description: z.string().optional(),
  resources: z.array(z.strictObject({ name: z.string(), type: z.string(), optional: z.boolean().optional() })).optional(),
  tasks: z.array(legacyPipelineTaskSchema).optional(),
  params: z.array(paramSpecSchema).optional(),
  workspaces: z.array(workspaceDeclarationSchema).optional(),
  results: z.array(opaque()).optional(),
  finally: z.array(legacyPipelineTaskSchema).optional(),
});

export const pipelineRunSpecLegacySchema = z.strictObject({
  pipelineRef: legacyRefSchema.optional(),
  pipelineSpec: pipelineSpecLegacySchema.optional(),
  resources: z.array(resourceBindingSchema).optional(),
  params: z.array(paramSchema).optional(),
  serviceAccountName: z.string().optional(),
  serviceAccountNames: z.array(z.strictObject({ taskName: z.string(), serviceAccountName: z.string() })).optional(),
  status: z.string().optional(),
  timeout: z.string().optional(),
  timeouts: z.strictObject({ pipeline: z.string().optional(), tasks: z.string().optional(), finally: z.string().optional() }).optional(),
  podTemplate: opaque().optional(),
  workspaces: z.array(workspaceBindingSchema).optional(),
  taskRunSpecs: z
    .array(
      z.strictObject({
        pipelineTaskName: z.string().optional(),
        taskServiceAccountName: z.string().optional(),
        taskPodTemplate: opaque().optional(),
        stepOverrides: z.array(opaque()).optional(),
        sidecarOverrides: z.array(opaque()).optional(),
        metadata: opaque().optional(),
        computeResources: containerShape.resources,
      }),
    )
    .optional(),
});

export const taskV1alpha1Schema = kubeObjectSchema(taskSpecV1alpha1Schema.prefault({}));
export const taskV1beta1Schema = kubeObjectSchema(taskSpecV1beta1Schema.prefault({}));
export const taskRunV1alpha1Schema = kubeObjectSchema(taskRunSpecV1alpha1Schema.prefault({}));
export const taskRunV1beta1Schema = kubeObjectSchema(taskRunSpecV1beta1Schema.prefault({}));
export const pipelineLegacySchema = kubeObjectSchema(pipelineSpecLegacySchema.prefault({}));
export const pipelineRunLegacySchema = kubeObjectSchema(pipelineRunSpecLegacySchema.prefault({}));
export const pipelineResourceSchema = kubeObjectSchema(pipelineResourceSpecSchema.prefault({}));

export type TaskSpecLegacy = z.infer<typeof taskSpecV1alpha1Schema>;
export type TaskRunSpecLegacy = z.infer<typeof taskRunSpecV1alpha1Schema>;
export type LegacyStep = z.infer<typeof legacyStepSchema>;
export type PipelineSpecLegacy = z.infer<typeof pipelineSpecLegacySchema>;
export type PipelineRunSpecLegacy = z.infer<typeof pipelineRunSpecLegacySchema>;
export type LegacyRef = z.infer<typeof legacyRefSchema>;
