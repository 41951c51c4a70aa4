import { DEFAULT_INGRESS_PORT, baseConfigSchema, portSetting } from '@knts/observability';
import type { z } from 'zod';

export const activatorConfigSchema = baseConfigSchema('activator').extend({
  /** Host-header-routed ingress (`curl -H "Host: hello.default.example.com" :8080`). */
  KNTS_INGRESS_PORT: portSetting(DEFAULT_INGRESS_PORT),
});

export type ActivatorConfig = z.output<typeof activatorConfigSchema>;
