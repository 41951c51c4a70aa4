// An error that retrying cannot fix (BullMQ UnrecoverableError, Knative controller.NewPermanentError):
// the controller logs it and stops retrying the key until something changes it again.

export class PermanentError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** True for a PermanentError, also when wrapped as the cause of another error. */
export function isPermanentError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof PermanentError) return true;
  }
  return false;
}
