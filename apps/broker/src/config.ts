import { DEFAULT_BROKER_PORT, baseConfigSchema, portSetting } from '@knts/observability';
import type { z } from 'zod';

export const brokerConfigSchema = baseConfigSchema('broker').extend({
  /** Broker ingress, `POST /{namespace}/{broker}` with a CloudEvent. */
  KNTS_BROKER_PORT: portSetting(DEFAULT_BROKER_PORT),
});

export type BrokerConfig = z.output<typeof brokerConfigSchema>;
