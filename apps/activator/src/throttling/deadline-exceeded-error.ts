// The request's deadline passed while it waited for capacity: upstream's context.DeadlineExceeded
// out of the throttler, which the activator's handler turns into a 503.
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';

  constructor() {
    super('deadline exceeded while waiting for capacity');
  }
}
