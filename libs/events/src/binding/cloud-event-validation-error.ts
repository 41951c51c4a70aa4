// Thrown when bytes on the wire do not make a valid CloudEvent. The message is written for the
// sender (the broker turns it into an HTTP 400 body), so it names the attribute and the fix.

export class CloudEventValidationError extends Error {
  override readonly name = 'CloudEventValidationError';
  /** The attribute at fault, when one is; lets callers build structured error responses. */
  readonly attribute?: string;

  constructor(
    readonly reason: string,
    options: { attribute?: string; cause?: unknown } = {},
  ) {
    super(reason, options.cause === undefined ? undefined : { cause: options.cause });
    this.attribute = options.attribute;
  }
}
