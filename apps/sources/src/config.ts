import { baseConfigSchema } from '@knts/observability';
import type { z } from 'zod';

/** Only the base settings so far; sources-specific keys are added here. */
export const sourcesConfigSchema = baseConfigSchema('sources');

export type SourcesConfig = z.output<typeof sourcesConfigSchema>;
