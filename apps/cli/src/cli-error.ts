// An error the user can act on: main prints `error: <message>` (or the line as given) and exits 1.

export class CliError extends Error {
  constructor(
    message: string,
    /** Print the message as is, without the `error: ` prefix (kubectl's `Error from server ...`). */
    readonly raw = false,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Thrown when the command already printed its errors and only the exit status is left to set. */
export class ExitError extends Error {
  constructor(readonly code = 1) {
    super(`exit ${code}`);
    this.name = 'ExitError';
  }
}
