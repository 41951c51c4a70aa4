import { baseConfigSchema } from '@knts/observability';
import type { z } from 'zod';

/** Only the base settings so far; pipelines-specific keys are added here. */
export const pipelinesConfigSchema = baseConfigSchema('pipelines');

export type PipelinesConfig = z.output<typeof pipelinesConfigSchema>;
