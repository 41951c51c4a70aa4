// Validation errors in the shape of knative.dev/pkg apis.FieldError: a message plus the field paths.

export interface FieldIssue {
  /** Field path such as `spec.traffic[1].percent`. */
  path: string;
  /** What is wrong, e.g. `traffic targets sum to 90, want 100`. */
  message: string;
}

export class ValidationError extends Error {
  readonly issues: FieldIssue[];

  constructor(issues: FieldIssue[], subject?: string) {
    super(ValidationError.format(issues, subject));
    this.name = 'ValidationError';
    this.issues = issues;
    Object.setPrototypeOf(this, new.target.prototype);
  }

  /** One line per issue: `path: message`. */
  static format(issues: FieldIssue[], subject?: string): string {
    const lines = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    return subject ? `${subject}: ${lines.join('; ')}` : lines.join('; ');
  }
}
