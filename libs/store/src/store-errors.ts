// Store errors carry Kubernetes StatusReason names so callers and the CLI can report them alike.

export type StoreErrorReason = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid' | 'BadRequest';

export class StoreError extends Error {
  constructor(
    readonly reason: StoreErrorReason,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

export class NotFoundError extends StoreError {
  constructor(message: string) {
    super('NotFound', message);
  }
}

export class AlreadyExistsError extends StoreError {
  constructor(message: string) {
    super('AlreadyExists', message);
  }
}

/** Optimistic concurrency failure: re-read and retry. */
export class ConflictError extends StoreError {
  constructor(message: string) {
    super('Conflict', message);
  }
}
