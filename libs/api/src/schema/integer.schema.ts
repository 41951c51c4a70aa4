// Integers as Kubernetes decodes them (int32/int64 fields); the message names the expected type.
import { z } from 'zod';

export function integer() {
  return z.int({ error: (issue) => (issue.code === 'invalid_type' ? 'expected integer' : undefined) });
}

/** `intstr.IntOrString` (probe ports, rollout percentages). */
export function intOrString() {
  return z.union([z.int(), z.string()], { error: () => 'expected integer or string' });
}
