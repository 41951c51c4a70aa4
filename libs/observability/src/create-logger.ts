// JSON lines on stdout: `{"level":"info","time":"…","service":"activator","msg":"…",…}`.
// Usable outside Nest (scripts, workers); Nest apps wrap it in JsonLogger.
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './base-config';

export interface CreateLoggerOptions {
  level?: LogLevel;
  /** Where lines go; stdout (synchronously, so nothing is lost on exit) when omitted. */
  destination?: DestinationStream;
}

export function createLogger(service: string, options: CreateLoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names rather than pino's numbers: readable in `docker compose logs` and greppable.
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
