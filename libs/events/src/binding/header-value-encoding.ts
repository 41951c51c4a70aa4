// Percent-encoding of attribute values in headers, CloudEvents NATS binding §3.1.3.2 (the same
// rules as the HTTP binding §3.1.3.2): space, `"`, `%` and everything outside printable ASCII
// become %XX of the UTF-8 bytes, so values survive header trimming and non-ASCII text.

import { CloudEventValidationError } from './cloud-event-validation-error';

const HEX = '0123456789ABCDEF';
const utf8 = new TextEncoder();
// fatal: invalid UTF-8 (e.g. the overlong %C0%A0) MUST be rejected, not replaced with U+FFFD.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function needsEncoding(code: number): boolean {
  return code < 0x21 || code > 0x7e || code === 0x22 || code === 0x25;
}

/** Encodes one attribute value for a header; upper-case hex as the spec recommends. */
export function encodeHeaderValue(value: string, attribute?: string): string {
  if (UNPAIRED_SURROGATE.test(value)) {
    throw new CloudEventValidationError(
      `attribute "${attribute ?? '?'}" contains an unpaired UTF-16 surrogate; CloudEvents strings must be valid Unicode`,
      { attribute },
    );
  }
  let out = '';
  // for..of walks code points, so a surrogate pair is encoded as one character (4 UTF-8 bytes).
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (!needsEncoding(code)) {
      out += ch;
      continue;
    }
    for (const byte of utf8.encode(ch)) out += `%${HEX[byte >> 4]}${HEX[byte & 0x0f]}`;
  }
  return out;
}

/** RFC 7230 §3.2.6 quoted-string: older senders may quote values instead of encoding spaces. */
function unquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  let out = '';
  for (let i = 1; i < value.length - 1; i++) {
    const ch = value[i];
    if (ch === '\\' && i + 1 < value.length - 1) {
      i++;
      out += value[i];
    } else {
      out += ch;
    }
  }
  return out;
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/**
 * Decodes a header value: unquote, then exactly one round of percent-decoding, accepting
 * lower-case hex and unnecessary escapes, rejecting malformed escapes and invalid UTF-8.
 */
export function decodeHeaderValue(raw: string, header: string): string {
  const value = unquote(raw);
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x25) {
      const hi = hexValue(value.charCodeAt(i + 1));
      const lo = hexValue(value.charCodeAt(i + 2));
      if (hi < 0 || lo < 0) {
        throw new CloudEventValidationError(
          `header "${header}" has a malformed percent-escape at position ${i}: "%" must be followed by two hex digits (send "%25" for a literal "%")`,
        );
      }
      bytes.push(hi * 16 + lo);
      i += 2;
    } else if (code < 0x80) {
      bytes.push(code);
    } else {
      // A sender that did not encode non-ASCII text: take the character as it is.
      const cp = value.codePointAt(i) ?? code;
      const ch = String.fromCodePoint(cp);
      for (const byte of utf8.encode(ch)) bytes.push(byte);
      i += ch.length - 1;
    }
  }
  try {
    return strictUtf8.decode(Uint8Array.from(bytes));
  } catch (err) {
    throw new CloudEventValidationError(
      `header "${header}" percent-decodes to invalid UTF-8; encode each character as the %XX escapes of its UTF-8 bytes`,
      { cause: err },
    );
  }
}
