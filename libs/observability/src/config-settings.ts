// Typed environment settings. Each one treats an unset or empty variable as "use the default",
// and reports a bad value as `expected <what>, got "<raw>"` so the loader can name the key.
import { z } from 'zod';

/** A setting whose raw string is parsed by `parse`; `undefined` from `parse` means invalid. */
export function setting<T>(fallback: string, expected: string, parse: (value: string) => T | undefined) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T => {
      const value = raw === undefined || raw.trim() === '' ? fallback : raw.trim();
      const parsed = parse(value);
      if (parsed === undefined) {
        ctx.addIssue({ code: 'custom', message: `expected ${expected}, got ${JSON.stringify(raw ?? value)}` });
        return z.NEVER;
      }
      return parsed;
    });
}

const INTEGER = /^\d+$/;

/** A TCP port, 1-65535. */
export function portSetting(fallback: number) {
  return setting(String(fallback), 'an integer 1-65535', (value) => {
    const port = INTEGER.test(value) ? Number(value) : NaN;
    return port >= 1 && port <= 65535 ? port : undefined;
  });
}

/** A positive number of seconds, fractions allowed (tests use short timeouts). */
export function secondsSetting(fallback: number) {
  return setting(String(fallback), 'a positive number of seconds', (value) => {
    const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
    return seconds > 0 ? seconds : undefined;
  });
}

/** One of a fixed set of words. */
export function enumSetting<const T extends string>(values: readonly T[], fallback: T) {
  return setting(fallback, `one of ${values.join('|')}`, (value) => values.find((v) => v === value));
}

/**
 * A comma-separated list of URLs with one of `schemes` (NATS accepts a server list); the value
 * is kept as written so clients see exactly what the operator configured.
 */
export function urlSetting(schemes: readonly string[], fallback: string) {
  const expected = `a ${schemes.map((s) => `${s}://`).join(' or ')} URL`;
  return setting(fallback, expected, (value) => {
    const valid = value.split(',').every((entry) => {
      if (!URL.canParse(entry.trim())) return false;
      const url = new URL(entry.trim());
      return schemes.includes(url.protocol.replace(/:$/, '')) && url.hostname !== '';
    });
    return valid ? value : undefined;
  });
}

/** A string matching `pattern`, described to the user as `expected`. */
export function patternSetting(pattern: RegExp, fallback: string, expected: string) {
  return setting(fallback, expected, (value) => (pattern.test(value) ? value : undefined));
}
