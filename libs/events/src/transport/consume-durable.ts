// A durable pull consumer that decodes each message and lets the handler's outcome decide
// ack / nak(delay) / term. Acks are confirmed by the server (ackAck) so that once stop()
// resolves, a restarted consumer gets back exactly what was not acknowledged.

import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiError,
  type ConsumerConfig,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { CloudEvent } from 'cloudevents';
import { CloudEventValidationError } from '../binding/cloud-event-validation-error';
import { NatsBinding } from '../binding/nats-binding';
import { isPermanentError, type DeliveryOutcome } from './delivery-outcome';
import { fromNatsHeaders, toEventMessage } from './nats-headers';
import { warnHandlerError, type Stoppable } from './stoppable';

const CONSUMER_NOT_FOUND = 10014;

export interface DeliveryContext {
  subject: string;
  streamSequence: number;
  /** 1 on first delivery. */
  deliveryCount: number;
  /** The consumer's limit, -1 for unlimited; `deliveryCount === maxDeliver` is the last try. */
  maxDeliver: number;
  headers: Record<string, string>;
  /** Extends the ack deadline for long handlers (JetStream +WPI). */
  working(): void;
}

export type DurableEventHandler = (
  event: CloudEvent<unknown>,
  delivery: DeliveryContext,
) => DeliveryOutcome | void | Promise<DeliveryOutcome | void>;

export interface ConsumeDurableOptions {
  /** How long the server waits for an ack before redelivering. Default 30 s (JetStream's). */
  ackWaitMs?: number;
  /** Total deliveries per message, -1 unlimited (default). */
  maxDeliver?: number;
  filterSubject?: string;
  /** Where a new consumer starts; ignored when it exists. Default all. */
  deliverPolicy?: 'all' | 'new';
  /** Messages handled at once. Default 1, which keeps stream order. */
  concurrency?: number;
  /** Delay before redelivery after a handler throws a retryable error. */
  retryDelayMs?: (deliveryCount: number) => number;
  onError?: (err: unknown, subject: string) => void;
}

/** 1 s, 2 s, 4 s ... capped at one minute. */
export function exponentialRetryDelay(deliveryCount: number): number {
  return Math.min(1000 * 2 ** Math.max(0, deliveryCount - 1), 60_000);
}

async function ensureConsumer(
  jsm: JetStreamManager,
  stream: string,
  durableName: string,
  options: ConsumeDurableOptions,
): Promise<number> {
  const wanted: Partial<ConsumerConfig> = {
    durable_name: durableName,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: options.deliverPolicy === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
    ack_wait: nanos(options.ackWaitMs ?? 30_000),
    max_deliver: options.maxDeliver ?? -1,
    ...(options.filterSubject === undefined ? {} : { filter_subject: options.filterSubject }),
  };
  try {
    const info = await jsm.consumers.info(stream, durableName);
    const cfg = info.config;
    const stale =
      cfg.ack_wait !== wanted.ack_wait ||
      cfg.max_deliver !== wanted.max_deliver ||
      (cfg.filter_subject ?? '') !== (wanted.filter_subject ?? '');
    if (!stale) return cfg.max_deliver ?? -1;
    const updated = await jsm.consumers.update(stream, durableName, {
      ack_wait: wanted.ack_wait,
      max_deliver: wanted.max_deliver,
      filter_subject: wanted.filter_subject ?? '',
    });
    return updated.config.max_deliver ?? -1;
  } catch (err) {
    if (!(err instanceof JetStreamApiError) || err.code !== CONSUMER_NOT_FOUND) throw err;
  }
  const created = await jsm.consumers.add(stream, wanted);
  return created.config.max_deliver ?? -1;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Creates or updates the durable consumer, then starts handling messages. */
export async function consumeDurable(
  js: JetStreamClient,
  stream: string,
  durableName: string,
  handler: DurableEventHandler,
  options: ConsumeDurableOptions = {},
): Promise<Stoppable> {
  const onError = options.onError ?? warnHandlerError;
  const retryDelay = options.retryDelayMs ?? exponentialRetryDelay;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const maxDeliver = await ensureConsumer(await js.jetstreamManager(), stream, durableName, options);
  const consumer = await js.consumers.get(stream, durableName);
  // Pull no more than we can work on, so buffered messages do not sit out their ack wait.
  const messages = await consumer.consume({ max_messages: concurrency });
  // An object, not a let: the loop reads it after awaits while stop()/drain() write it.
  const control: { state: 'running' | 'draining' | 'stopping' } = { state: 'running' };

  async function settle(msg: JsMsg): Promise<void> {
    const delivery: DeliveryContext = {
      subject: msg.subject,
      streamSequence: msg.info.streamSequence,
      deliveryCount: msg.info.deliveryCount,
      maxDeliver,
      headers: fromNatsHeaders(msg.headers),
      working: () => msg.working(),
    };
    let outcome: DeliveryOutcome;
    try {
      const event = NatsBinding.toEvent(toEventMessage(msg));
      outcome = (await handler(event, delivery)) ?? { kind: 'ack' };
    } catch (err) {
      onError(err, msg.subject);
      // A message that cannot be decoded now never will be: redelivering it only delays the rest.
      outcome =
        isPermanentError(err) || err instanceof CloudEventValidationError
          ? { kind: 'term', reason: errorText(err) }
          : { kind: 'nak', delayMs: retryDelay(delivery.deliveryCount) };
    }
    if (outcome.kind === 'ack') await msg.ackAck();
    else if (outcome.kind === 'nak') msg.nak(outcome.delayMs);
    // No reason on the wire: NATS 2.9 only recognises a bare "+TERM" and ignores "+TERM <reason>"
    // (observed on 2.9.10), which would leave the message pending and redeliver it.
    else msg.term();
  }

  const inFlight = new Set<Promise<void>>();
  const closed = (async () => {
    try {
      for await (const msg of messages) {
        while (inFlight.size >= concurrency) await Promise.race(inFlight);
        if (control.state === 'stopping') {
          // Received but not started: hand it straight back for the next consumer instance.
          msg.nak();
          continue;
        }
        const task: Promise<void> = settle(msg)
          .catch((err: unknown) => onError(err, msg.subject))
          .finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
    } catch (err) {
      onError(err, `${stream}/${durableName}`);
    } finally {
      await Promise.all(inFlight);
    }
  })();

  async function finish(next: 'draining' | 'stopping'): Promise<void> {
    if (control.state === 'running') control.state = next;
    await messages.close();
    await closed;
  }

  return {
    closed,
    stop: () => finish('stopping'),
    drain: () => finish('draining'),
  };
}

