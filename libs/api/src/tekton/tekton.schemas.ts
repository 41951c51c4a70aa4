// tekton.dev/v1 Task, TaskRun, Pipeline and PipelineRun documents (pkg/apis/pipeline/v1/*_types.go).
import { z } from 'zod';
import { containerShape } from '../core/container.schema';
import { integer } from '../schema/integer.schema';
import { kubeObjectSchema } from '../schema/kube-object.schema';
import { templateMetaSchema } from '../schema/object-meta.schema';

const opaque = () => z.record(z.string(), z.unknown());

export const paramValueSchema = z.union([z.string(), z.array(z.string()), z.record(z.string(), z.string())], {
  error: () => 'expected string, array of strings or object of strings',
});

export const paramSpecSchema = z.strictObject({
  name: z.string(),
  type: z.string().optional(),
  description: z.string().optional(),
  default: paramValueSchema.optional(),
  properties: z.record(z.string(), z.strictObject({ type: z.string().optional() })).optional(),
  enum: z.array(z.string()).optional(),
});

export const paramSchema = z.strictObject({ name: z.string(), value: paramValueSchema });

export const workspaceDeclarationSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  mountPath: z.string().optional(),
  readOnly: z.boolean().optional(),
  optional: z.boolean().optional(),
});

export const workspaceBindingSchema = z.strictObject({
  name: z.string(),
  subPath: z.string().optional(),
  volumeClaimTemplate: opaque().optional(),
  persistentVolumeClaim: opaque().optional(),
  emptyDir: opaque().optional(),
  configMap: opaque().optional(),
  secret: opaque().optional(),
  projected: opaque().optional(),
  csi: opaque().optional(),
});

const resultSchema = z.strictObject({
  name: z.string(),
  type: z.string().optional(),
  properties: z.record(z.string(), z.strictObject({ type: z.string().optional() })).optional(),
  description: z.string().optional(),
  value: paramValueSchema.optional(),
});

const whenExpressionSchema = z.strictObject({
  input: z.string().optional(),
  operator: z.string().optional(),
  values: z.array(z.string()).optional(),
  cel: z.string().optional(),
});

/** v1 Step: the Container fields Tekton keeps, `resources` renamed `computeResources`. */
export const stepShape = {
  name: containerShape.name,
  displayName: z.string().optional(),
  image: containerShape.image,
  command: containerShape.command,
  args: containerShape.args,
  workingDir: containerShape.workingDir,
  env: containerShape.env,
  envFrom: containerShape.envFrom,
  computeResources: containerShape.resources,
  volumeMounts: containerShape.volumeMounts,
  volumeDevices: containerShape.volumeDevices,
  imagePullPolicy: containerShape.imagePullPolicy,
  securityContext: containerShape.securityContext,
  script: z.string().optional(),
  timeout: z.string().optional(),
  workspaces: z.array(z.strictObject({ name: z.string(), mountPath: z.string().optional() })).optional(),
  onError: z.string().optional(),
  stdoutConfig: z.strictObject({ path: z.string().optional() }).optional(),
  stderrConfig: z.strictObject({ path: z.string().optional() }).optional(),
  ref: z.strictObject({ name: z.string().optional(), resolver: z.string().optional(), params: z.array(paramSchema).optional() }).optional(),
  params: z.array(paramSchema).optional(),
  results: z.array(resultSchema).optional(),
  when: z.array(whenExpressionSchema).optional(),
};

export const stepSchema = z.strictObject(stepShape);

export const taskSpecShape = {
  params: z.array(paramSpecSchema).optional(),
  displayName: z.string().optional(),
  description: z.string().optional(),
  steps: z.array(stepSchema).optional(),
  volumes: z.array(opaque()).optional(),
  // Container-shaped templates and sidecars are passed through to the step runner as written.
  stepTemplate: opaque().optional(),
  sidecars: z.array(opaque()).optional(),
  workspaces: z.array(workspaceDeclarationSchema).optional(),
  results: z.array(resultSchema).optional(),
};

export const taskSpecSchema = z.strictObject(taskSpecShape);

export const refSchema = z.strictObject({
  name: z.string().optional(),
  kind: z.string().optional(),
  apiVersion: z.string().optional(),
  resolver: z.string().optional(),
  params: z.array(paramSchema).optional(),
});

export const embeddedTaskSchema = z.strictObject({
  ...taskSpecShape,
  metadata: templateMetaSchema.optional(),
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  spec: opaque().optional(),
});

export const pipelineTaskSchema = z.strictObject({
  name: z.string().optional(),
  displayName: z.string().optional(),
  description: z.string().optional(),
  taskRef: refSchema.optional(),
  taskSpec: embeddedTaskSchema.optional(),
  when: z.array(whenExpressionSchema).optional(),
  retries: integer().optional(),
  runAfter: z.array(z.string()).optional(),
  params: z.array(paramSchema).optional(),
  matrix: z.strictObject({ params: z.array(paramSchema).optional(), include: z.array(opaque()).optional() }).optional(),
  workspaces: z.array(z.strictObject({ name: z.string(), workspace: z.string().optional(), subPath: z.string().optional() })).optional(),
  timeout: z.string().optional(),
  pipelineRef: refSchema.optional(),
  pipelineSpec: opaque().optional(),
  onError: z.string().optional(),
});

export const pipelineSpecSchema = z.strictObject({
  displayName: z.string().optional(),
  description: z.string().optional(),
  tasks: z.array(pipelineTaskSchema).optional(),
  params: z.array(paramSpecSchema).optional(),
  workspaces: z.array(workspaceDeclarationSchema).optional(),
  results: z.array(resultSchema).optional(),
  finally: z.array(pipelineTaskSchema).optional(),
});

export const taskRunSpecSchema = z.strictObject({
  debug: opaque().optional(),
  params: z.array(paramSchema).optional(),
  serviceAccountName: z.string().optional(),
  taskRef: refSchema.optional(),
  taskSpec: taskSpecSchema.optional(),
  status: z.string().optional(),
  statusMessage: z.string().optional(),
  retries: integer().optional(),
  timeout: z.string().optional(),
  podTemplate: opaque().optional(),
  workspaces: z.array(workspaceBindingSchema).optional(),
  stepSpecs: z.array(z.strictObject({ name: z.string(), computeResources: containerShape.resources })).optional(),
  sidecarSpecs: z.array(z.strictObject({ name: z.string(), computeResources: containerShape.resources })).optional(),
  computeResources: containerShape.resources,
  managedBy: z.string().optional(),
});

export const pipelineRunSpecSchema = z.strictObject({
  pipelineRef: refSchema.optional(),
  pipelineSpec: pipelineSpecSchema.optional(),
  params: z.array(paramSchema).optional(),
  status: z.string().optional(),
  timeouts: z.strictObject({ pipeline: z.string().optional(), tasks: z.string().optional(), finally: z.string().optional() }).optional(),
  taskRunTemplate: z.strictObject({ podTemplate: opaque().optional(), serviceAccountName: z.string().optional() }).optional(),
  workspaces: z.array(workspaceBindingSchema).optional(),
  taskRunSpecs: z
    .array(
      z.strictObject({
        pipelineTaskName: z.string().optional(),
        serviceAccountName: z.string().optional(),
        podTemplate: opaque().optional(),
        stepSpecs: z.array(opaque()).optional(),
        sidecarSpecs: z.array(opaque()).optional(),
        metadata: opaque().optional(),
        computeResources: containerShape.resources,
        timeout: z.string().optional(),
      }),
    )
    .optional(),
  managedBy: z.string().optional(),
});

export const taskSchema = kubeObjectSchema(taskSpecSchema.prefault({}));
export const taskRunSchema = kubeObjectSchema(taskRunSpecSchema.prefault({}));
export const pipelineSchema = kubeObjectSchema(pipelineSpecSchema.prefault({}));
export const pipelineRunSchema = kubeObjectSchema(pipelineRunSpecSchema.prefault({}));

export type ParamSpec = z.infer<typeof paramSpecSchema>;
export type Param = z.infer<typeof paramSchema>;
export type Step = z.infer<typeof stepSchema>;
export type TaskSpec = z.infer<typeof taskSpecSchema>;
export type PipelineTask = z.infer<typeof pipelineTaskSchema>;
export type PipelineSpec = z.infer<typeof pipelineSpecSchema>;
export type Task = z.infer<typeof taskSchema>;
export type TaskRun = z.infer<typeof taskRunSchema>;
export type Pipeline = z.infer<typeof pipelineSchema>;
export type PipelineRun = z.infer<typeof pipelineRunSchema>;
