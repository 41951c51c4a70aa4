// Core NATS subscription that hands decoded CloudEvents to a handler, one at a time in arrival
// order (lifecycle events for one object must not overtake each other).

import type { NatsConnection } from '@nats-io/transport-node';
import type { CloudEvent } from 'cloudevents';
import { NatsBinding } from '../binding/nats-binding';
import { toEventMessage } from './nats-headers';
import { warnHandlerError, type Stoppable } from './stoppable';

export interface EventMeta {
  /** The concrete subject the event arrived on (useful with wildcard subscriptions). */
  subject: string;
}

export type EventListener = (event: CloudEvent<unknown>, meta: EventMeta) => void | Promise<void>;

export interface SubscribeEventsOptions {
  /** Queue group: each event goes to one member, for services with several replicas. */
  queue?: string;
  /** Called for undecodable messages and handler failures; defaults to a process warning. */
  onError?: (err: unknown, subject: string) => void;
}

/** Resolves once the server has registered the subscription, so no later publish is missed. */
export async function subscribeEvents(
  nc: NatsConnection,
  subject: string,
  handler: EventListener,
  options: SubscribeEventsOptions = {},
): Promise<Stoppable> {
  const onError = options.onError ?? warnHandlerError;
  const sub = nc.subscribe(subject, options.queue === undefined ? {} : { queue: options.queue });
  let stopping = false;
  const closed = (async () => {
    for await (const msg of sub) {
      if (stopping) continue;
      try {
        await handler(NatsBinding.toEvent(toEventMessage(msg)), { subject: msg.subject });
      } catch (err) {
        onError(err, msg.subject);
      }
    }
  })();
  await nc.flush();
  return {
    closed,
    async stop() {
      stopping = true;
      if (!sub.isClosed()) sub.unsubscribe();
      await closed;
    },
    async drain() {
      if (!sub.isClosed() && !sub.isDraining()) await sub.drain();
      await closed;
    },
  };
}
