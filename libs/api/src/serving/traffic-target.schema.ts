// serving.knative.dev TrafficTarget (route_types.go); v1alpha1 also had `name`, the old spelling of `tag`.
import { z } from 'zod';
import { integer } from '../schema/integer.schema';

export const trafficTargetShape = {
  tag: z.string().optional(),
  revisionName: z.string().optional(),
  configurationName: z.string().optional(),
  latestRevision: z.boolean().optional(),
  percent: integer().optional(),
  url: z.string().optional(),
};

export const trafficTargetSchema = z.strictObject(trafficTargetShape);
export const trafficTargetV1alpha1Schema = z.strictObject({ ...trafficTargetShape, name: z.string().optional() });

export type TrafficTarget = z.infer<typeof trafficTargetSchema>;
export type TrafficTargetV1alpha1 = z.infer<typeof trafficTargetV1alpha1Schema>;
