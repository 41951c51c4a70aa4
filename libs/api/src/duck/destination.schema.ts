// knative.dev/pkg duckv1.Destination / KReference, plus the v1alpha1-era flat form
// (`sink: {apiVersion, kind, name}`) used by CronJobSource and knative-gcp v1alpha1.
import { z } from 'zod';

export const kReferenceSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  group: z.string().optional(),
  address: z.string().optional(),
});

export const destinationSchema = z.strictObject({
  ref: kReferenceSchema.optional(),
  uri: z.string().optional(),
  CACerts: z.string().optional(),
  audience: z.string().optional(),
});

export const legacyDestinationSchema = z.strictObject({
  ref: kReferenceSchema.optional(),
  uri: z.string().optional(),
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
});

export const ceOverridesSchema = z.strictObject({ extensions: z.record(z.string(), z.string()).optional() });

export type KReference = z.infer<typeof kReferenceSchema>;
export type Destination = z.infer<typeof destinationSchema>;
export type LegacyDestination = z.infer<typeof legacyDestinationSchema>;
