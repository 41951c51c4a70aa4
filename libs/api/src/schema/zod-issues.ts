// Turns zod issues into FieldIssues worded as Knative's webhook and Kubernetes' decoder word them.
import type { z } from 'zod';
import type { FieldIssue } from '../field-error';
import { formatFieldPath, type PathSegment } from '../field-path';

/** JSON type names as a Kubernetes user thinks of them. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function pathOf(issue: z.core.$ZodIssue): PathSegment[] {
  return issue.path.filter((p): p is PathSegment => typeof p === 'string' || typeof p === 'number');
}

function describe(issue: z.core.$ZodIssue): FieldIssue[] {
  const path = formatFieldPath(pathOf(issue));
  const input: unknown = 'input' in issue ? issue.input : undefined;
  switch (issue.code) {
    case 'unrecognized_keys':
      // knative.dev/pkg apis.ErrDisallowedFields, one issue per field so each names its path.
      return issue.keys.map((key) => ({
        path: formatFieldPath([...pathOf(issue), key]),
        message: 'must not set the field(s)',
      }));
    case 'invalid_type': {
      if (input === undefined) return [{ path, message: 'missing field(s)' }];
      const expected = issue.message.startsWith('expected ')
        ? issue.message.slice('expected '.length)
        : issue.expected === 'int'
          ? 'integer'
          : issue.expected;
      return [{ path, message: `expected ${expected}, got ${jsonTypeOf(input)}` }];
    }
    case 'invalid_value':
      return [{ path, message: `invalid value: ${String(input)}` }];
    case 'invalid_union':
      if (input === undefined) return [{ path, message: 'missing field(s)' }];
      return [{ path, message: issue.message.startsWith('expected ') ? `${issue.message}, got ${jsonTypeOf(input)}` : `invalid value: ${JSON.stringify(input)}` }];
    case 'too_small':
      if (issue.origin === 'array') return [{ path, message: issue.minimum === 1 ? 'expected at least one, got none' : `expected at least ${String(issue.minimum)} items` }];
      return [{ path, message: `invalid value: ${String(input)}` }];
    default:
      return [{ path, message: issue.message }];
  }
}

export function zodIssuesToFieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.flatMap(describe);
}
