// How `data` becomes bytes in binary mode and back, decided by `datacontenttype`:
// JSON types carry a JSON value, text types a string, everything else opaque bytes.

import { CloudEventValidationError } from './cloud-event-validation-error';

export type DataKind = 'json' | 'text' | 'bytes';

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Classifies a media type (RFC 2046) by how its payload is represented in memory. */
export function dataKind(contentType: string | undefined): DataKind {
  if (contentType === undefined) return 'bytes';
  const [mediaType = '', ...params] = contentType.split(';');
  const type = mediaType.trim().toLowerCase();
  if (type === 'application/json' || type === 'text/json' || type.endsWith('+json')) return 'json';
  if (type.startsWith('text/') || type === 'application/xml' || type.endsWith('+xml')) return 'text';
  if (params.some((p) => p.trim().toLowerCase().startsWith('charset='))) return 'text';
  return 'bytes';
}

export function isBinaryData(data: unknown): data is Uint8Array {
  return data instanceof Uint8Array;
}

/** A view on the same bytes, never a Buffer, so callers see one type whatever the producer used. */
function asPlainBytes(data: Uint8Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export interface EncodedData {
  bytes: Uint8Array;
  /** The event's content type, or the one the binding had to fill so the receiver can decode. */
  contentType: string | undefined;
}

/**
 * Binary-mode payload. A string under a JSON content type is a JSON string value (it is
 * serialised), so every value round-trips exactly; pass bytes to send pre-serialised JSON.
 */
export function encodeData(data: unknown, contentType: string | undefined): EncodedData {
  if (data === undefined) return { bytes: new Uint8Array(0), contentType };
  if (isBinaryData(data)) return { bytes: asPlainBytes(data), contentType };
  const kind = contentType === undefined ? (typeof data === 'string' ? 'text' : 'json') : dataKind(contentType);
  if (kind === 'json') {
    const json = JSON.stringify(data);
    if (json === undefined) {
      throw new CloudEventValidationError(`data of type ${typeof data} cannot be serialised as JSON`, {
        attribute: 'data',
      });
    }
    return { bytes: utf8.encode(json), contentType: contentType ?? 'application/json' };
  }
  if (typeof data === 'string') {
    return { bytes: utf8.encode(data), contentType: contentType ?? 'text/plain; charset=utf-8' };
  }
  throw new CloudEventValidationError(
    `data is a ${typeof data} but datacontenttype "${contentType}" is not a JSON type; send a string or a Uint8Array, or use application/json`,
    { attribute: 'data' },
  );
}

/** Reverses encodeData; an empty payload means the event has no data. */
export function decodeData(bytes: Uint8Array, contentType: string | undefined): unknown {
  if (bytes.byteLength === 0) return undefined;
  const kind = dataKind(contentType);
  if (kind === 'bytes') return bytes.slice();
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch (err) {
    throw new CloudEventValidationError(
      `data is not valid UTF-8 although datacontenttype "${contentType}" is a text type; send it as application/octet-stream`,
      { attribute: 'data', cause: err },
    );
  }
  if (kind === 'text') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new CloudEventValidationError(
      `data is not valid JSON although datacontenttype is "${contentType}": ${detail}`,
      { attribute: 'data', cause: err },
    );
  }
}
