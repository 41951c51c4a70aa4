// What a durable handler decides about one delivery. Returning nothing means ack; throwing a
// permanent error means term (BullMQ UnrecoverableError, Knative NewPermanentError); any other
// throw means nak with backoff.

export type DeliveryOutcome =
  | { kind: 'ack' }
  /** Redeliver, after `delayMs` if given (counts against maxDeliver). */
  | { kind: 'nak'; delayMs?: number }
  /** Never redeliver. The reason is for the handler's own logs and dead-letter records. */
  | { kind: 'term'; reason: string };

export const Outcome = {
  ack: (): DeliveryOutcome => ({ kind: 'ack' }),
  nak: (delayMs?: number): DeliveryOutcome => (delayMs === undefined ? { kind: 'nak' } : { kind: 'nak', delayMs }),
  term: (reason: string): DeliveryOutcome => ({ kind: 'term', reason }),
} as const;

/** Throw from a handler to stop redelivery of this message. */
export class PermanentEventError extends Error {
  override readonly name: string = 'PermanentError';
  readonly permanent = true;
}

/**
 * Duck-typed so a `PermanentError` from another library (for example a future libs/api one)
 * is honoured without libs/events depending on it.
 */
export function isPermanentError(err: unknown): err is Error {
  if (!(err instanceof Error)) return false;
  return err.name === 'PermanentError' || (err as Error & { permanent?: unknown }).permanent === true;
}
