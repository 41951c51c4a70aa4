// Service, Configuration, Route and Revision documents per version (v1 is also what v1beta1 accepted).
import { z } from 'zod';
import { integer } from '../schema/integer.schema';
import { kubeObjectSchema } from '../schema/kube-object.schema';
import { revisionSpecSchema, revisionSpecV1alpha1Schema, revisionTemplateSchema, revisionTemplateV1alpha1Schema } from './revision-spec.schema';
import { trafficTargetSchema, trafficTargetV1alpha1Schema } from './traffic-target.schema';

export const configurationSpecSchema = z.strictObject({ template: revisionTemplateSchema.prefault({}) });
export const routeSpecSchema = z.strictObject({ traffic: z.array(trafficTargetSchema).optional() });
export const serviceSpecSchema = z.strictObject({
  template: revisionTemplateSchema.prefault({}),
  traffic: z.array(trafficTargetSchema).optional(),
});

export const serviceSchema = kubeObjectSchema(serviceSpecSchema.prefault({}));
export const configurationSchema = kubeObjectSchema(configurationSpecSchema.prefault({}));
export const routeSchema = kubeObjectSchema(routeSpecSchema.prefault({}));
export const revisionSchema = kubeObjectSchema(revisionSpecSchema.prefault({}));

export const configurationSpecV1alpha1Schema = z.strictObject({
  template: revisionTemplateV1alpha1Schema.optional(),
  revisionTemplate: revisionTemplateV1alpha1Schema.optional(),
  build: z.record(z.string(), z.unknown()).optional(),
  generation: integer().optional(),
});

export const serviceSpecV1alpha1Schema = z.strictObject({
  runLatest: z.strictObject({ configuration: configurationSpecV1alpha1Schema.prefault({}) }).optional(),
  pinned: z.strictObject({ revisionName: z.string().optional(), configuration: configurationSpecV1alpha1Schema.prefault({}) }).optional(),
  release: z
    .strictObject({
      revisions: z.array(z.string()).optional(),
      rolloutPercent: integer().optional(),
      configuration: configurationSpecV1alpha1Schema.prefault({}),
    })
    .optional(),
  manual: z.record(z.string(), z.unknown()).optional(),
  template: revisionTemplateV1alpha1Schema.optional(),
  revisionTemplate: revisionTemplateV1alpha1Schema.optional(),
  traffic: z.array(trafficTargetV1alpha1Schema).optional(),
  generation: integer().optional(),
});

export const serviceV1alpha1Schema = kubeObjectSchema(serviceSpecV1alpha1Schema.prefault({}));
export const configurationV1alpha1Schema = kubeObjectSchema(configurationSpecV1alpha1Schema.prefault({}));
export const routeV1alpha1Schema = kubeObjectSchema(
  z.strictObject({ traffic: z.array(trafficTargetV1alpha1Schema).optional(), generation: integer().optional() }).prefault({}),
);
export const revisionV1alpha1Schema = kubeObjectSchema(revisionSpecV1alpha1Schema.prefault({}));

export type Service = z.infer<typeof serviceSchema>;
export type Configuration = z.infer<typeof configurationSchema>;
export type Route = z.infer<typeof routeSchema>;
export type Revision = z.infer<typeof revisionSchema>;
export type ServiceV1alpha1 = z.infer<typeof serviceV1alpha1Schema>;
export type ConfigurationSpecV1alpha1 = z.infer<typeof configurationSpecV1alpha1Schema>;
