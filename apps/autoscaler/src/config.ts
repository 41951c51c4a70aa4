import { baseConfigSchema, secondsSetting } from '@knts/observability';
import type { z } from 'zod';

/** The base settings plus the HPA class's (kube-controller-manager's --horizontal-pod-autoscaler-* flags). */
export const autoscalerConfigSchema = baseConfigSchema('autoscaler').extend({
  /** How often the HPA class recomputes replicas from CPU (--horizontal-pod-autoscaler-sync-period). */
  KNTS_HPA_SYNC_PERIOD: secondsSetting(15),
  /** The HPA class's scale-down stabilization window (--horizontal-pod-autoscaler-downscale-stabilization). */
  KNTS_HPA_DOWNSCALE_STABILIZATION: secondsSetting(300),
});

export type AutoscalerConfig = z.output<typeof autoscalerConfigSchema>;
