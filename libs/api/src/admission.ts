// Admission: what the API server's conversion + defaulting + validating webhooks do, in one call.
// CONTRACT (filled in by libs/api work): every write to any store goes through admit().
import type { KubeObject } from './meta';

export interface AdmissionContext {
  operation: 'CREATE' | 'UPDATE';
  /** The stored object, for UPDATE (immutability checks, BYO revision name rules). */
  old?: KubeObject;
}

/**
 * Converts an older version to the storage version, applies defaults and validates.
 * Returns a new object; throws ValidationError (field paths + messages) when invalid,
 * or a ValidationError with path 'apiVersion'/'kind' for unknown types.
 */
export type Admit = (object: unknown, context: AdmissionContext) => KubeObject;
