// Converts between NATS header objects and the binding's plain header map; the binding stays
// free of NATS types so the HTTP edge can reuse it.

import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import type { EventMessage } from '../binding/event-message';

export function toNatsHeaders(map: Record<string, string>): MsgHdrs {
  const hdrs = natsHeaders();
  for (const [name, value] of Object.entries(map)) hdrs.set(name, value);
  return hdrs;
}

export function fromNatsHeaders(hdrs: MsgHdrs | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  if (!hdrs) return map;
  for (const [name, values] of hdrs) {
    const first = values[0];
    if (first !== undefined && !(name in map)) map[name] = first;
  }
  return map;
}

/** Any received NATS or JetStream message as the binding's transport-neutral shape. */
export function toEventMessage(msg: { headers?: MsgHdrs; data: Uint8Array }): EventMessage {
  return { headers: fromNatsHeaders(msg.headers), data: msg.data };
}
