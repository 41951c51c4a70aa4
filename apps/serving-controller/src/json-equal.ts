// Semantic equality of JSON values: key order and absent-vs-undefined do not matter, as with
// equality.Semantic.DeepEqual on the Go structs the reconcilers compare.

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) if (!jsonEqual(ra[k], rb[k])) return false;
  return true;
}

/** Treats an absent map and an empty one alike (labels, annotations). */
export function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  return jsonEqual(a ?? {}, b ?? {});
}
