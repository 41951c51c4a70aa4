// sources.knative.dev/v1 sources, the legacy CronJobSource, and google/knative-gcp Pub/Sub sources.
import { z } from 'zod';
import { podTemplateSpecSchema } from '../core/pod-spec.schema';
import { ceOverridesSchema, destinationSchema, legacyDestinationSchema } from '../duck/destination.schema';
import { kubeObjectSchema } from '../schema/kube-object.schema';

const sourceShape = { sink: destinationSchema.optional(), ceOverrides: ceOverridesSchema.optional() };
const labelSelector = z.strictObject({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z.array(z.strictObject({ key: z.string(), operator: z.string(), values: z.array(z.string()).optional() })).optional(),
});

export const pingSourceSchema = kubeObjectSchema(
  z
    .strictObject({
      ...sourceShape,
      schedule: z.string().optional(),
      timezone: z.string().optional(),
      contentType: z.string().optional(),
      data: z.string().optional(),
      dataBase64: z.string().optional(),
    })
    .prefault({}),
);

export const containerSourceSchema = kubeObjectSchema(z.strictObject({ ...sourceShape, template: podTemplateSpecSchema.prefault({}) }).prefault({}));

export const sinkBindingSchema = kubeObjectSchema(
  z
    .strictObject({
      ...sourceShape,
      subject: z
        .strictObject({
          apiVersion: z.string().optional(),
          kind: z.string().optional(),
          namespace: z.string().optional(),
          name: z.string().optional(),
          selector: labelSelector.optional(),
        })
        .optional(),
    })
    .prefault({}),
);

export const apiServerSourceSchema = kubeObjectSchema(
  z
    .strictObject({
      ...sourceShape,
      resources: z.array(z.strictObject({ apiVersion: z.string().optional(), kind: z.string().optional(), selector: labelSelector.optional() })).optional(),
      owner: z.strictObject({ apiVersion: z.string().optional(), kind: z.string().optional() }).optional(),
      mode: z.string().optional(),
      serviceAccountName: z.string().optional(),
      namespaceSelector: labelSelector.optional(),
      filters: z.array(z.record(z.string(), z.unknown())).optional(),
    })
    .prefault({}),
);

/** sources.eventing.knative.dev/v1alpha1 CronJobSource (eventing-sources, 2019). */
export const cronJobSourceSchema = kubeObjectSchema(
  z
    .strictObject({
      schedule: z.string().optional(),
      data: z.string().optional(),
      sink: legacyDestinationSchema.optional(),
      serviceAccountName: z.string().optional(),
      resources: z
        .strictObject({
          requests: z.strictObject({ resourceCPU: z.string().optional(), resourceMemory: z.string().optional() }).optional(),
          limits: z.strictObject({ resourceCPU: z.string().optional(), resourceMemory: z.string().optional() }).optional(),
        })
        .optional(),
    })
    .prefault({}),
);

const pubSubShape = {
  sink: legacyDestinationSchema.optional(),
  ceOverrides: ceOverridesSchema.optional(),
  serviceAccountName: z.string().optional(),
  secret: z.strictObject({ name: z.string().optional(), key: z.string().optional(), optional: z.boolean().optional() }).optional(),
  project: z.string().optional(),
  topic: z.string().optional(),
  ackDeadline: z.string().optional(),
  retainAckedMessages: z.boolean().optional(),
  retentionDuration: z.string().optional(),
};

/** pubsub.cloud.google.com/v1alpha1 PullSubscription (knative-gcp v0.10). */
export const pullSubscriptionSchema = kubeObjectSchema(
  z
    .strictObject({
      ...pubSubShape,
      transformer: legacyDestinationSchema.optional(),
      mode: z.string().optional(),
      adapterType: z.string().optional(),
    })
    .prefault({}),
);

/** events.cloud.google.com CloudPubSubSource (same shape in v1alpha1, v1beta1 and v1). */
export const cloudPubSubSourceSchema = kubeObjectSchema(z.strictObject(pubSubShape).prefault({}));

export type PingSource = z.infer<typeof pingSourceSchema>;
