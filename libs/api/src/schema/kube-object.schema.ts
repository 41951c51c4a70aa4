// The envelope shared by every kind: apiVersion, kind, metadata, spec, status.
import { z } from 'zod';
import { objectMetaSchema, statusSchema } from './object-meta.schema';

export function kubeObjectSchema<S extends z.ZodType>(spec: S) {
  return z.strictObject({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: objectMetaSchema.prefault({}),
    spec,
    status: statusSchema.optional(),
  });
}
