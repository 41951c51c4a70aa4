// Fire-and-forget signals (stats, pokes, decisions, lifecycle): core NATS, no ack, no storage.

import type { NatsConnection } from '@nats-io/transport-node';
import type { CloudEventV1 } from 'cloudevents';
import { encodeEvent, type ContentMode } from './content-mode';
import { toNatsHeaders } from './nats-headers';

export interface PublishEventOptions {
  mode?: ContentMode;
}

/** Encodes and publishes; throws CloudEventValidationError before anything is sent. */
export function publishEvent(
  nc: NatsConnection,
  subject: string,
  event: CloudEventV1<unknown>,
  options: PublishEventOptions = {},
): void {
  const message = encodeEvent(event, options.mode);
  nc.publish(subject, message.data, { headers: toNatsHeaders(message.headers) });
}
