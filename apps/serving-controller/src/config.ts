import { baseConfigSchema } from '@knts/observability';
import type { z } from 'zod';

/** Only the base settings so far; serving-controller-specific keys are added here. */
export const servingControllerConfigSchema = baseConfigSchema('serving-controller');

export type ServingControllerConfig = z.output<typeof servingControllerConfigSchema>;
