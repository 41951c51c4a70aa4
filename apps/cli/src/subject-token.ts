// Names become NATS subject tokens exactly as @knts/events encodes them (catalogue/subject-token):
// anything outside [A-Za-z0-9_-] is written as %XX of its UTF-8 bytes. Kept local until
// @knts/events exports encodeSubjectToken from its index.
const SAFE = /^[A-Za-z0-9_-]$/;
const HEX = '0123456789ABCDEF';
const utf8 = new TextEncoder();

export function encodeSubjectToken(value: string): string {
  if (value.length === 0) throw new RangeError('a NATS subject token cannot be empty');
  let out = '';
  for (const ch of value) {
    if (SAFE.test(ch)) {
      out += ch;
      continue;
    }
    for (const byte of utf8.encode(ch)) out += `%${HEX[byte >> 4]}${HEX[byte & 0x0f]}`;
  }
  return out;
}
