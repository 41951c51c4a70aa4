// Names from resources become NATS subject tokens. A token cannot be empty or contain `.`,
// `*`, `>` or whitespace, so anything outside [A-Za-z0-9_-] is written as %XX of its UTF-8
// bytes (`%` included, so decoding is exact). Kubernetes names pass through unchanged
// except for the dots DNS-subdomain names may have.

const SAFE = /^[A-Za-z0-9_-]$/;
const HEX = '0123456789ABCDEF';
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

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

export function decodeSubjectToken(token: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < token.length; i++) {
    if (token[i] === '%') {
      const byte = Number.parseInt(token.slice(i + 1, i + 3), 16);
      if (!/^[0-9A-Fa-f]{2}$/.test(token.slice(i + 1, i + 3)) || Number.isNaN(byte)) {
        throw new RangeError(`subject token "${token}" has a malformed %XX escape at position ${i}`);
      }
      bytes.push(byte);
      i += 2;
    } else {
      bytes.push(token.charCodeAt(i));
    }
  }
  return strictUtf8.decode(Uint8Array.from(bytes));
}
