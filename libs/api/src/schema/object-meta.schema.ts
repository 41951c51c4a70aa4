// k8s ObjectMeta as accepted on input; unknown metadata fields are rejected like the API server does.
import { z } from 'zod';
import { integer } from './integer.schema';

export const stringMap = () => z.record(z.string(), z.string({ error: (i) => (i.code === 'invalid_type' ? 'expected string' : undefined) }));

export const ownerReferenceSchema = z.strictObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
  controller: z.boolean().optional(),
  blockOwnerDeletion: z.boolean().optional(),
});

export const objectMetaSchema = z.strictObject({
  name: z.string().optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: integer().optional(),
  // kubectl writes `creationTimestamp: null` into objects it prints; accept it back.
  creationTimestamp: z.string().nullable().optional(),
  deletionTimestamp: z.string().optional(),
  deletionGracePeriodSeconds: integer().optional(),
  labels: stringMap().optional(),
  annotations: stringMap().optional(),
  ownerReferences: z.array(ownerReferenceSchema).optional(),
  finalizers: z.array(z.string()).optional(),
  managedFields: z.array(z.unknown()).optional(),
  selfLink: z.string().optional(),
});

/** Metadata of an embedded template (Revision template, pod template). */
export const templateMetaSchema = z.strictObject({
  name: z.string().optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  labels: stringMap().optional(),
  annotations: stringMap().optional(),
  creationTimestamp: z.string().nullable().optional(),
});

/** Status is written by controllers; admission keeps it as given. */
export const statusSchema = z.record(z.string(), z.unknown());

export type ObjectMetaInput = z.infer<typeof objectMetaSchema>;
