// Field paths in the form Knative prints them: `spec.traffic[1].percent`, `metadata.annotations[a.b/c]`.

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type PathSegment = string | number;

/** Joins path segments: numbers become `[i]`, identifiers `.name`, other keys `[key]`. */
export function formatFieldPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${segment}]`;
  }
  return out;
}

/** Appends a relative path (`name`, `[0].tag`) to a base path. */
export function joinFieldPath(base: string, relative: string): string {
  if (base === '') return relative;
  if (relative === '') return base;
  return relative.startsWith('[') ? `${base}${relative}` : `${base}.${relative}`;
}
