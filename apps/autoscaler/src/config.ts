import { baseConfigSchema } from '@knts/observability';
import type { z } from 'zod';

/** Only the base settings so far; autoscaler-specific keys are added here. */
export const autoscalerConfigSchema = baseConfigSchema('autoscaler');

export type AutoscalerConfig = z.output<typeof autoscalerConfigSchema>;
