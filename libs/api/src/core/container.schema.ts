// k8s core Container, as Knative Revisions and Tekton Steps accept it. Rarely used nested structures
// (security contexts, volume sources) are kept as given rather than re-modelled.
import { z } from 'zod';
import { integer, intOrString } from '../schema/integer.schema';

const opaque = () => z.record(z.string(), z.unknown());

export const envVarSchema = z.strictObject({
  name: z.string(),
  value: z.string().optional(),
  valueFrom: z
    .strictObject({
      configMapKeyRef: opaque().optional(),
      secretKeyRef: opaque().optional(),
      fieldRef: opaque().optional(),
      resourceFieldRef: opaque().optional(),
    })
    .optional(),
});

export const containerPortSchema = z.strictObject({
  name: z.string().optional(),
  containerPort: integer(),
  protocol: z.string().optional(),
  hostPort: integer().optional(),
  hostIP: z.string().optional(),
});

const probeHandlers = {
  exec: z.strictObject({ command: z.array(z.string()).optional() }).optional(),
  httpGet: z
    .strictObject({
      path: z.string().optional(),
      port: intOrString().optional(),
      host: z.string().optional(),
      scheme: z.string().optional(),
      httpHeaders: z.array(z.strictObject({ name: z.string(), value: z.string() })).optional(),
    })
    .optional(),
  tcpSocket: z.strictObject({ port: intOrString().optional(), host: z.string().optional() }).optional(),
  grpc: z.strictObject({ port: integer(), service: z.string().optional() }).optional(),
};

export const probeSchema = z.strictObject({
  ...probeHandlers,
  initialDelaySeconds: integer().optional(),
  timeoutSeconds: integer().optional(),
  periodSeconds: integer().optional(),
  successThreshold: integer().optional(),
  failureThreshold: integer().optional(),
  terminationGracePeriodSeconds: integer().optional(),
});

const quantity = () => z.union([z.string(), z.number()], { error: () => 'expected quantity' });

export const resourceRequirementsSchema = z.strictObject({
  limits: z.record(z.string(), quantity()).optional(),
  requests: z.record(z.string(), quantity()).optional(),
  claims: z.array(opaque()).optional(),
});

/** Fields Knative allows on a Revision's containers (k8s_validation.go). */
export const servingContainerShape = {
  name: z.string().optional(),
  image: z.string().optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  workingDir: z.string().optional(),
  ports: z.array(containerPortSchema).optional(),
  env: z.array(envVarSchema).optional(),
  envFrom: z.array(opaque()).optional(),
  resources: resourceRequirementsSchema.optional(),
  volumeMounts: z.array(opaque()).optional(),
  livenessProbe: probeSchema.optional(),
  readinessProbe: probeSchema.optional(),
  startupProbe: probeSchema.optional(),
  imagePullPolicy: z.string().optional(),
  securityContext: opaque().optional(),
  terminationMessagePath: z.string().optional(),
  terminationMessagePolicy: z.string().optional(),
};

/** The full core Container (Pods, Tekton steps and sidecars). */
export const containerShape = {
  ...servingContainerShape,
  lifecycle: opaque().optional(),
  stdin: z.boolean().optional(),
  stdinOnce: z.boolean().optional(),
  tty: z.boolean().optional(),
  volumeDevices: z.array(opaque()).optional(),
  resizePolicy: z.array(opaque()).optional(),
  restartPolicy: z.string().optional(),
};

export const containerSchema = z.strictObject(containerShape);
export const servingContainerSchema = z.strictObject(servingContainerShape);

export type Container = z.infer<typeof containerSchema>;
export type ServingContainer = z.infer<typeof servingContainerSchema>;
