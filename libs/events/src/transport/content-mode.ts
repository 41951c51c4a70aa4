import type { CloudEventV1 } from 'cloudevents';
import type { EventMessage } from '../binding/event-message';
import { NatsBinding } from '../binding/nats-binding';

/** knts sends binary mode (DESIGN §3.3); structured exists for interop tests and bridges. */
export type ContentMode = 'binary' | 'structured';

export function encodeEvent(event: CloudEventV1<unknown>, mode: ContentMode = 'binary'): EventMessage {
  return mode === 'structured' ? NatsBinding.structured(event) : NatsBinding.binary(event);
}
