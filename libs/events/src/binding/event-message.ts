// The transport-neutral shape every binding reads and writes: header names to single values,
// and the payload bytes. NATS and HTTP adapters convert to and from their own header types.

export interface EventMessage {
  /** Header names as sent; readers compare names case-insensitively. */
  headers: Record<string, string>;
  data: Uint8Array;
}

/** Media type that marks a structured-mode message (JSON event format). */
export const CLOUDEVENTS_JSON = 'application/cloudevents+json';
/** Prefix of every binary-mode attribute header (CloudEvents NATS and HTTP bindings). */
export const CE_HEADER_PREFIX = 'ce-';

/** Header lookup that ignores case, as both the NATS (ADR-4) and HTTP bindings require. */
export function lowerCaseHeaders(headers: Record<string, string>): Map<string, string> {
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    // First value wins: a repeated header is not meaningful for a CloudEvents attribute.
    if (!lower.has(key)) lower.set(key, value);
  }
  return lower;
}
