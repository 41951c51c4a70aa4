// Structured content mode (NATS binding §3.2): the whole event in the JSON event format,
// binary data as `data_base64`, marked by content-type application/cloudevents+json.

import type { CloudEventV1 } from 'cloudevents';
import { CloudEventValidationError } from './cloud-event-validation-error';
import { checkEventAttributes, eventAttributes } from './event-attributes';
import { dataKind } from './event-data-codec';
import { CLOUDEVENTS_JSON, type EventMessage } from './event-message';
import { eventPayload } from './event-payload';

const utf8 = new TextEncoder();
const outgoing = (name: string): string => `"${name}" of the outgoing event`;

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function structured(event: CloudEventV1<unknown>): EventMessage {
  const attributes = eventAttributes(event);
  checkEventAttributes(attributes, outgoing);
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes)) {
    body[name] = value instanceof Uint8Array ? toBase64(value) : value;
  }
  const data = eventPayload(event);
  const contentType = typeof attributes['datacontenttype'] === 'string' ? attributes['datacontenttype'] : undefined;
  if (data instanceof Uint8Array) {
    body['data_base64'] = toBase64(data);
  } else if (data !== undefined) {
    if (typeof data !== 'string' && contentType !== undefined && dataKind(contentType) !== 'json') {
      throw new CloudEventValidationError(
        `data is a ${typeof data} but datacontenttype "${contentType}" is not a JSON type; send a string or a Uint8Array, or use application/json`,
        { attribute: 'data' },
      );
    }
    body['data'] = data;
  }
  let json: string;
  try {
    json = JSON.stringify(body);
  } catch (err) {
    throw new CloudEventValidationError(`the event cannot be serialised as JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return { headers: { 'content-type': `${CLOUDEVENTS_JSON}; charset=utf-8` }, data: utf8.encode(json) };
}
