// Reads either content mode. Mode detection follows NATS binding §3: a content-type starting
// with application/cloudevents means structured; otherwise `ce-` headers mean binary.

import type { CloudEvent } from 'cloudevents';
import { CloudEventValidationError } from './cloud-event-validation-error';
import { buildCloudEvent } from './event-attributes';
import { decodeData } from './event-data-codec';
import { CE_HEADER_PREFIX, lowerCaseHeaders, type EventMessage } from './event-message';
import { decodeHeaderValue } from './header-value-encoding';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const inHeader = (name: string): string => `header "${CE_HEADER_PREFIX}${name}"`;
const inBody = (name: string): string => `member "${name}" of the structured event`;

function fromBinary(headers: Map<string, string>, payload: Uint8Array): CloudEvent<unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [header, raw] of headers) {
    if (!header.startsWith(CE_HEADER_PREFIX)) continue;
    attributes[header.slice(CE_HEADER_PREFIX.length)] = decodeHeaderValue(raw, header);
  }
  const contentType = typeof attributes['datacontenttype'] === 'string' ? attributes['datacontenttype'] : undefined;
  return buildCloudEvent(attributes, decodeData(payload, contentType), inHeader);
}

function fromStructured(contentType: string, payload: Uint8Array): CloudEvent<unknown> {
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (mediaType.startsWith('application/cloudevents-batch')) {
    throw new CloudEventValidationError('batched content mode is not supported on NATS; send one event per message');
  }
  if (mediaType !== 'application/cloudevents+json' && mediaType !== 'application/cloudevents') {
    throw new CloudEventValidationError(
      `unsupported event format "${mediaType}": structured messages must use application/cloudevents+json`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(strictUtf8.decode(payload));
  } catch (err) {
    throw new CloudEventValidationError(
      `structured message body is not valid UTF-8 JSON: ${(err as Error).message}`,
      { cause: err },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CloudEventValidationError('structured message body must be a JSON object holding one event');
  }
  const { data, data_base64: dataBase64, ...attributes } = parsed as Record<string, unknown>;
  if (data !== undefined && dataBase64 !== undefined) {
    throw new CloudEventValidationError('structured event has both "data" and "data_base64"; send only one', {
      attribute: 'data',
    });
  }
  let payloadValue: unknown = data;
  if (dataBase64 !== undefined) {
    if (typeof dataBase64 !== 'string' || !BASE64.test(dataBase64)) {
      throw new CloudEventValidationError('"data_base64" must be a base64 string (RFC 4648, with padding)', {
        attribute: 'data_base64',
      });
    }
    payloadValue = new Uint8Array(Buffer.from(dataBase64, 'base64'));
  }
  return buildCloudEvent(attributes, payloadValue, inBody);
}

/** Decodes a message into a CloudEvent or throws CloudEventValidationError saying why not. */
export function toEvent(message: EventMessage): CloudEvent<unknown> {
  const headers = lowerCaseHeaders(message.headers);
  const contentType = headers.get('content-type');
  if (contentType !== undefined && contentType.trim().toLowerCase().startsWith('application/cloudevents')) {
    return fromStructured(contentType, message.data);
  }
  for (const name of headers.keys()) {
    if (name.startsWith(CE_HEADER_PREFIX)) return fromBinary(headers, message.data);
  }
  throw new CloudEventValidationError(
    'not a CloudEvent: expected ce-specversion, ce-id, ce-source and ce-type headers (binary mode) or content-type application/cloudevents+json (structured mode)',
  );
}
