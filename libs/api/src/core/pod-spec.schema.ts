// k8s core PodSpec / PodTemplateSpec for ContainerSource templates, Tekton pod templates and Pods.
// Scheduling and volume details are kept as given; containers are checked field by field.
import { z } from 'zod';
import { integer } from '../schema/integer.schema';
import { templateMetaSchema } from '../schema/object-meta.schema';
import { containerSchema } from './container.schema';

const opaque = () => z.record(z.string(), z.unknown());

export const podSpecSchema = z.strictObject({
  containers: z.array(containerSchema).optional(),
  initContainers: z.array(containerSchema).optional(),
  ephemeralContainers: z.array(opaque()).optional(),
  volumes: z.array(opaque()).optional(),
  restartPolicy: z.string().optional(),
  terminationGracePeriodSeconds: integer().optional(),
  activeDeadlineSeconds: integer().optional(),
  dnsPolicy: z.string().optional(),
  dnsConfig: opaque().optional(),
  nodeSelector: z.record(z.string(), z.string()).optional(),
  serviceAccountName: z.string().optional(),
  serviceAccount: z.string().optional(),
  automountServiceAccountToken: z.boolean().optional(),
  nodeName: z.string().optional(),
  hostNetwork: z.boolean().optional(),
  hostPID: z.boolean().optional(),
  hostIPC: z.boolean().optional(),
  shareProcessNamespace: z.boolean().optional(),
  securityContext: opaque().optional(),
  imagePullSecrets: z.array(opaque()).optional(),
  hostname: z.string().optional(),
  subdomain: z.string().optional(),
  affinity: opaque().optional(),
  schedulerName: z.string().optional(),
  tolerations: z.array(opaque()).optional(),
  hostAliases: z.array(opaque()).optional(),
  priorityClassName: z.string().optional(),
  priority: integer().optional(),
  runtimeClassName: z.string().optional(),
  enableServiceLinks: z.boolean().optional(),
  topologySpreadConstraints: z.array(opaque()).optional(),
});

export const podTemplateSpecSchema = z.strictObject({
  metadata: templateMetaSchema.optional(),
  spec: podSpecSchema.prefault({}),
});

export type PodSpec = z.infer<typeof podSpecSchema>;
