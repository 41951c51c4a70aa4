// Canonical string form of an attribute value (CloudEvents spec "Type System"), used for
// headers in binary mode.

export function attributeText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  return String(value);
}
