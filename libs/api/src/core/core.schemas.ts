// core v1 ConfigMap, Secret, Pod and Namespace documents.
import { z } from 'zod';
import { objectMetaSchema, statusSchema } from '../schema/object-meta.schema';
import { podSpecSchema } from './pod-spec.schema';

const envelope = { apiVersion: z.string(), kind: z.string(), metadata: objectMetaSchema.prefault({}) };

export const configMapSchema = z.strictObject({
  ...envelope,
  data: z.record(z.string(), z.string()).optional(),
  binaryData: z.record(z.string(), z.string()).optional(),
  immutable: z.boolean().optional(),
});

export const secretSchema = z.strictObject({
  ...envelope,
  type: z.string().optional(),
  data: z.record(z.string(), z.string()).optional(),
  stringData: z.record(z.string(), z.string()).optional(),
  immutable: z.boolean().optional(),
});

export const podSchema = z.strictObject({ ...envelope, spec: podSpecSchema.prefault({}), status: statusSchema.optional() });

export const namespaceSchema = z.strictObject({
  ...envelope,
  spec: z.strictObject({ finalizers: z.array(z.string()).optional() }).optional(),
  status: statusSchema.optional(),
});

export type ConfigMap = z.infer<typeof configMapSchema>;
export type Secret = z.infer<typeof secretSchema>;
