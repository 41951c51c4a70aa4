// eventing.knative.dev/v1 Broker and Trigger documents.
import { z } from 'zod';
import { destinationSchema, kReferenceSchema } from '../duck/destination.schema';
import { kubeObjectSchema } from '../schema/kube-object.schema';
import { deliverySpecSchema } from './delivery';

export const brokerSchema = kubeObjectSchema(
  z.strictObject({ config: kReferenceSchema.optional(), delivery: deliverySpecSchema.optional() }).prefault({}),
);

export const triggerSchema = kubeObjectSchema(
  z
    .strictObject({
      broker: z.string().optional(),
      brokerRef: kReferenceSchema.optional(),
      filter: z.strictObject({ attributes: z.record(z.string(), z.string()).optional() }).optional(),
      // SubscriptionsAPI filters: dialect objects (exact, prefix, suffix, all, any, not, cesql).
      filters: z.array(z.record(z.string(), z.unknown())).optional(),
      subscriber: destinationSchema.optional(),
      delivery: deliverySpecSchema.optional(),
    })
    .prefault({}),
);

export type Broker = z.infer<typeof brokerSchema>;
export type Trigger = z.infer<typeof triggerSchema>;
