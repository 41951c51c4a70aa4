// Nest's LoggerService on top of pino, so framework and app logs share one JSON format.
import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

type PinoLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

// Nest's own start-up chatter (one line per module and route) is debug detail, not news.
const QUIET_NEST_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

export class JsonLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest calls `log(message, context)` and `error(message, stack, context)`. */
  private write(level: PinoLevel, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const fields: Record<string, unknown> = {};
    if (rest.length > 0 && typeof rest[rest.length - 1] === 'string') fields['context'] = rest.pop();
    if (level === 'error' && typeof rest[0] === 'string') fields['stack'] = rest.shift();
    if (rest.length > 0) fields['details'] = rest;
    if (level === 'info' && typeof fields['context'] === 'string' && QUIET_NEST_CONTEXTS.has(fields['context']))
      level = 'debug';

    let msg: string | undefined;
    if (message instanceof Error) {
      fields['err'] = message;
      msg = message.message;
    } else if (typeof message === 'object' && message !== null) {
      // Structured call: `logger.log({ msg: 'connected', server })`.
      const { msg: inner, ...other } = message as Record<string, unknown>;
      Object.assign(fields, other);
      msg = typeof inner === 'string' ? inner : undefined;
    } else {
      msg = String(message);
    }
    this.pino[level](fields, msg);
  }
}
