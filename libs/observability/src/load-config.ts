// The one place that reads process.env: configuration is validated once at boot and then
// injected typed (STYLE.md rule 8).
import type { z } from 'zod';

/** Thrown when the environment does not satisfy a schema; `lines` name one bad key each. */
export class ConfigError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
    this.name = 'ConfigError';
  }
}

export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Readonly<Record<string, string | undefined>> = process.env,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = issue.path.map(String).join('.') || '(environment)';
    return `invalid configuration: ${key}: ${issue.message}`;
  });
  throw new ConfigError(lines);
}
