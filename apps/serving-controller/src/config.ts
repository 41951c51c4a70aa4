import { resolve } from 'node:path';
import { baseConfigSchema } from '@knts/observability';
import { z } from 'zod';

/** The base settings plus where the process runtime finds the repository and what address its Pods advertise. */
export const servingControllerConfigSchema = baseConfigSchema('serving-controller').extend({
  /** Image-map paths (examples/apps) are relative to this; default: the repository this build sits in. */
  KNTS_REPO_ROOT: z.string().min(1).default(resolve(__dirname, '..', '..', '..')),
  /** The address revision Pods advertise in status.podIP (what the activator connects to). */
  KNTS_POD_HOST: z.string().min(1).default('127.0.0.1'),
});

export type ServingControllerConfig = z.output<typeof servingControllerConfigSchema>;
