// Every helper that holds a subscription or consumer hands back one of these, so owners can
// shut down in order (STYLE rule 10).

export interface Stoppable {
  /** Stop taking new messages, give back the ones not yet handled, wait for handlers in flight. */
  stop(): Promise<void>;
  /** Stop taking new messages, handle the ones already received, then resolve. */
  drain(): Promise<void>;
  /** Resolves once the handle has finished, however it was stopped. */
  readonly closed: Promise<void>;
}

/** Where handler failures go when the caller gives no `onError`: a process warning, never silence. */
export function warnHandlerError(err: unknown, subject: string): void {
  const message = err instanceof Error ? err.message : String(err);
  process.emitWarning(`event handler failed on ${subject}: ${message}`, { code: 'KNTS_EVENT_HANDLER' });
}
