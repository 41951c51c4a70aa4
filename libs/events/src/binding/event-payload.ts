// The SDK keeps binary data in `data` and mirrors it in `data_base64`; plain objects that
// implement CloudEventV1 may carry only `data_base64`. This reads either.

import type { CloudEventV1 } from 'cloudevents';

export function eventPayload(event: CloudEventV1<unknown>): unknown {
  if (event.data !== undefined) return event.data;
  if (typeof event.data_base64 === 'string') return new Uint8Array(Buffer.from(event.data_base64, 'base64'));
  return undefined;
}
