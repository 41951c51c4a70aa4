// Durable publish for broker traffic: resolves only when JetStream has stored the event, which
// is when the broker ingress may answer 202 (Knative data-plane: durably enqueue, then ack).

import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import type { CloudEventV1 } from 'cloudevents';
import { encodeHeaderValue } from '../binding/header-value-encoding';
import { encodeEvent, type ContentMode } from './content-mode';
import { toNatsHeaders } from './nats-headers';

export interface PublishDurableOptions {
  /** Overrides the de-duplication id (Nats-Msg-Id). */
  msgID?: string;
  mode?: ContentMode;
  /** Milliseconds to wait for the stream's ack. */
  timeoutMs?: number;
}

/**
 * CloudEvents identify an event by source + id, not id alone, so the default Nats-Msg-Id joins
 * both (percent-encoded, so the separating space cannot occur inside either part).
 */
export function defaultMsgId(event: CloudEventV1<unknown>): string {
  return `${encodeHeaderValue(event.source, 'source')} ${encodeHeaderValue(event.id, 'id')}`;
}

/** The ack says whether the stream stored it (`seq`) or dropped it as a `duplicate`. */
export async function publishDurable(
  js: JetStreamClient,
  subject: string,
  event: CloudEventV1<unknown>,
  options: PublishDurableOptions = {},
): Promise<PubAck> {
  const message = encodeEvent(event, options.mode);
  return js.publish(subject, message.data, {
    headers: toNatsHeaders(message.headers),
    msgID: options.msgID ?? defaultMsgId(event),
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
  });
}
