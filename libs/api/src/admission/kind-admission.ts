// The per-kind admission pipeline: parse the input version strictly, convert to the storage version,
// re-parse as storage, default, validate. Each kind declares its steps with defineKindAdmission().
import type { z } from 'zod';
import type { AdmissionContext } from '../admission';
import { ValidationError, type FieldIssue } from '../field-error';
import type { KubeObject } from '../meta';
import { zodIssuesToFieldIssues } from '../schema/zod-issues';

export interface KindAdmissionSteps<S extends z.ZodType> {
  /** The storage-version document schema. */
  storage: S;
  /** Schemas of older versions and how to convert each to the storage shape (issues for what cannot convert). */
  older?: Record<string, { schema: z.ZodType; convert: (parsed: never, issues: FieldIssue[]) => unknown }>;
  setDefaults?: (object: z.infer<S>, context: AdmissionContext) => void;
  validate?: (object: z.infer<S>, context: AdmissionContext) => FieldIssue[];
}

export type KindAdmission = (object: Record<string, unknown>, version: string, context: AdmissionContext) => KubeObject;

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw new ValidationError(zodIssuesToFieldIssues(result.error.issues));
  return result.data;
}

export function defineKindAdmission<S extends z.ZodType>(steps: KindAdmissionSteps<S>, storageApiVersion: string): KindAdmission {
  return (object, version, context) => {
    let current: unknown = object;
    const older = steps.older?.[version];
    if (older) {
      const parsed: unknown = parse(older.schema, object);
      const issues: FieldIssue[] = [];
      current = (older.convert as (p: unknown, i: FieldIssue[]) => unknown)(parsed, issues);
      if (issues.length > 0) throw new ValidationError(issues);
      if (typeof current === 'object' && current !== null) (current as Record<string, unknown>).apiVersion = storageApiVersion;
    }
    const stored = parse(steps.storage, current);
    (stored as { apiVersion: string }).apiVersion = storageApiVersion;
    steps.setDefaults?.(stored, context);
    const issues = steps.validate?.(stored, context) ?? [];
    if (issues.length > 0) throw new ValidationError(issues);
    return stored as KubeObject;
  };
}
