// serving.knative.dev RevisionSpec (inline PodSpec subset + timeouts) and RevisionTemplateSpec, v1 and v1alpha1.
import { z } from 'zod';
import { servingContainerSchema } from '../core/container.schema';
import { integer } from '../schema/integer.schema';
import { templateMetaSchema } from '../schema/object-meta.schema';

const opaque = () => z.record(z.string(), z.unknown());

const podSpecShape = {
  containers: z.array(servingContainerSchema).optional(),
  volumes: z.array(opaque()).optional(),
  serviceAccountName: z.string().optional(),
  imagePullSecrets: z.array(z.strictObject({ name: z.string().optional() })).optional(),
  enableServiceLinks: z.boolean().optional(),
  automountServiceAccountToken: z.boolean().optional(),
  // Behind config-features flags (kubernetes.podspec-*); revision-spec.validation.ts checks the flags.
  securityContext: opaque().optional(),
  affinity: opaque().optional(),
  nodeSelector: z.record(z.string(), z.string()).optional(),
  tolerations: z.array(opaque()).optional(),
  topologySpreadConstraints: z.array(opaque()).optional(),
  runtimeClassName: z.string().optional(),
  priorityClassName: z.string().optional(),
  schedulerName: z.string().optional(),
  initContainers: z.array(servingContainerSchema).optional(),
  dnsPolicy: z.string().optional(),
  dnsConfig: opaque().optional(),
  hostAliases: z.array(opaque()).optional(),
  shareProcessNamespace: z.boolean().optional(),
  hostIPC: z.boolean().optional(),
  hostPID: z.boolean().optional(),
  hostNetwork: z.boolean().optional(),
};

export const revisionSpecShape = {
  ...podSpecShape,
  containerConcurrency: integer().optional(),
  timeoutSeconds: integer().optional(),
  responseStartTimeoutSeconds: integer().optional(),
  idleTimeoutSeconds: integer().optional(),
};

export const revisionSpecSchema = z.strictObject(revisionSpecShape);

export const revisionTemplateSchema = z.strictObject({
  metadata: templateMetaSchema.optional(),
  spec: revisionSpecSchema.prefault({}),
});

/** v1alpha1 added the singular `container`, `servingState` and `concurrencyModel` (removed in v1). */
export const revisionSpecV1alpha1Schema = z.strictObject({
  ...revisionSpecShape,
  container: servingContainerSchema.optional(),
  servingState: z.string().optional(),
  concurrencyModel: z.string().optional(),
  generation: integer().optional(),
});

export const revisionTemplateV1alpha1Schema = z.strictObject({
  metadata: templateMetaSchema.optional(),
  spec: revisionSpecV1alpha1Schema.prefault({}),
});

export type RevisionSpec = z.infer<typeof revisionSpecSchema>;
export type RevisionTemplate = z.infer<typeof revisionTemplateSchema>;
export type RevisionSpecV1alpha1 = z.infer<typeof revisionSpecV1alpha1Schema>;
