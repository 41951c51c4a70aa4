// Multi-document YAML as `kubectl apply -f` reads it: empty documents skipped, `kind: List` expanded.
import { parseAllDocuments } from 'yaml';

export class ManifestSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'ManifestSyntaxError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

function expandList(document: unknown): unknown[] {
  if (typeof document === 'object' && document !== null && !Array.isArray(document)) {
    const record = document as Record<string, unknown>;
    if (typeof record.kind === 'string' && record.kind.endsWith('List') && Array.isArray(record.items)) return record.items.flatMap(expandList);
  }
  return [document];
}

/** Parses every document; throws ManifestSyntaxError naming the 1-based line of the first YAML error. */
export function parseManifests(text: string): unknown[] {
  const documents = parseAllDocuments(text, { prettyErrors: true });
  const out: unknown[] = [];
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    const error = document.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line ?? 1;
      throw new ManifestSyntaxError(`yaml: line ${line}: ${error.message.split('\n')[0]}`, line);
    }
    const value: unknown = document.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    out.push(...expandList(value));
  }
  return out;
}
