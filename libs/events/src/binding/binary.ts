// Binary content mode (NATS binding §3.1): every attribute, datacontenttype included, in its
// own `ce-` header; the payload is the data itself.

import type { CloudEventV1 } from 'cloudevents';
import { attributeText } from './attribute-text';
import { checkEventAttributes, eventAttributes } from './event-attributes';
import { encodeData } from './event-data-codec';
import { CE_HEADER_PREFIX, type EventMessage } from './event-message';
import { eventPayload } from './event-payload';
import { encodeHeaderValue } from './header-value-encoding';

const outgoing = (name: string): string => `header "${CE_HEADER_PREFIX}${name}" of the outgoing event`;

export function binary(event: CloudEventV1<unknown>): EventMessage {
  const attributes = eventAttributes(event);
  checkEventAttributes(attributes, outgoing);
  const datacontenttype = attributes['datacontenttype'];
  const encoded = encodeData(eventPayload(event), typeof datacontenttype === 'string' ? datacontenttype : undefined);
  if (encoded.contentType !== undefined) attributes['datacontenttype'] = encoded.contentType;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    headers[`${CE_HEADER_PREFIX}${name}`] = encodeHeaderValue(attributeText(value), name);
  }
  return { headers, data: encoded.bytes };
}
