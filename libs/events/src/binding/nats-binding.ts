// The CloudEvents NATS protocol binding as one object, shaped like the SDK's `HTTP` binding
// (sdk-javascript src/message/index.ts), so transports only move bytes.

import type { CloudEvent, CloudEventV1 } from 'cloudevents';
import { binary } from './binary';
import type { EventMessage } from './event-message';
import { isEvent } from './is-event';
import { structured } from './structured';
import { toEvent } from './to-event';

export interface EventBinding {
  /** Attributes in `ce-` headers, data as the payload. What knts sends. */
  binary(event: CloudEventV1<unknown>): EventMessage;
  /** The JSON event format, content-type application/cloudevents+json. */
  structured(event: CloudEventV1<unknown>): EventMessage;
  /** Either mode to a CloudEvent; throws CloudEventValidationError with an actionable reason. */
  toEvent(message: EventMessage): CloudEvent<unknown>;
  /** True when the message decodes to a valid CloudEvent. */
  isEvent(message: EventMessage): boolean;
}

export const NatsBinding: EventBinding = { binary, structured, toEvent, isEvent };
