// Starts one knts service: validated config, JSON logs, admin endpoints (/healthz, /readyz,
// /metrics) on KNTS_HOST:KNTS_ADMIN_PORT, and a graceful shutdown on SIGTERM/SIGINT:
// readiness false → Nest shutdown hooks (watches, listeners, then NATS/Redis) → exit 0, or
// exit 1 when that takes longer than KNTS_SHUTDOWN_TIMEOUT.
import type { AddressInfo } from 'node:net';
import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import type { z } from 'zod';
import type { BaseConfig } from './base-config';
import { createLogger } from './create-logger';
import { HealthService } from './health.service';
import { JsonLogger } from './json-logger.service';
import { ConfigError, loadConfig } from './load-config';
import { createMetricsRegistry } from './metrics-registry';
import { ObservabilityModule } from './observability.module';
import type { ServiceName } from './platform-ports';

export interface BootServiceOptions<S extends z.ZodType<BaseConfig>> {
  name: ServiceName;
  /** The service's root module; it may inject SERVICE_CONFIG, HealthService, Registry... */
  module: Type<unknown>;
  /** `baseConfigSchema(name)`, possibly extended with the service's own keys. */
  configSchema: S;
  /** The environment to validate; process.env when omitted. */
  env?: Readonly<Record<string, string | undefined>>;
  /** How to end the process; tests pass a recorder. */
  exit?: (code: number) => void;
  /** Install SIGTERM/SIGINT handlers (default true). */
  handleSignals?: boolean;
  /** Log destination; stdout when omitted. */
  logDestination?: DestinationStream;
}

export interface RunningService<C extends BaseConfig> {
  app: INestApplication;
  config: C;
  /** `http://host:port` of /healthz, /readyz and /metrics. */
  adminUrl: string;
  /** The graceful shutdown a signal triggers; resolves with the exit code it passed to `exit`. */
  shutdown(signal?: string): Promise<number>;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Boots the service. On bad configuration or a failed start it calls `exit(1)` and returns
 * undefined; the reason is on stderr (config) or in the JSON log (start-up).
 */
export async function bootService<S extends z.ZodType<BaseConfig>>(
  options: BootServiceOptions<S>,
): Promise<RunningService<z.output<S>> | undefined> {
  const exit = options.exit ?? ((code: number) => process.exit(code));

  let config: z.output<S>;
  try {
    config = loadConfig(options.configSchema, options.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // Plain lines, not JSON: the logger's own settings may be what is wrong.
    process.stderr.write(`${err.message}\n`);
    exit(1);
    return undefined;
  }

  const logger = createLogger(options.name, { level: config.LOG_LEVEL, destination: options.logDestination });
  const registry = createMetricsRegistry(options.name);
  const root = {
    module: class KntsServiceRoot {},
    imports: [ObservabilityModule.forService({ name: options.name, config, logger, registry }), options.module],
  };

  let app: INestApplication | undefined;
  try {
    app = await NestFactory.create(root, { logger: new JsonLogger(logger), abortOnError: false });
    await app.listen(config.KNTS_ADMIN_PORT, config.KNTS_HOST);
  } catch (err) {
    logger.fatal({ err }, 'service failed to start');
    await app?.close().catch(() => undefined);
    exit(1);
    return undefined;
  }

  const started = app;
  const health = started.get(HealthService);
  const address = started.getHttpServer().address() as AddressInfo;
  const adminUrl = `http://${formatHost(address.address)}:${address.port}`;
  const timeoutMs = config.KNTS_SHUTDOWN_TIMEOUT * 1000;

  let stopping: Promise<number> | undefined;
  const shutdown = (signal?: string): Promise<number> => {
    stopping ??= (async () => {
      health.markShuttingDown();
      logger.info({ signal, timeoutSeconds: config.KNTS_SHUTDOWN_TIMEOUT }, 'shutting down');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<number>((resolve) => {
        timer = setTimeout(() => {
          logger.fatal({ timeoutSeconds: config.KNTS_SHUTDOWN_TIMEOUT }, 'shutdown did not finish in time');
          resolve(1);
        }, timeoutMs);
      });
      const closed = started.close().then(
        () => {
          logger.info('stopped');
          return 0;
        },
        (err: unknown) => {
          logger.fatal({ err }, 'shutdown failed');
          return 1;
        },
      );
      const code = await Promise.race([closed, timedOut]);
      clearTimeout(timer);
      exit(code);
      return code;
    })();
    return stopping;
  };

  if (options.handleSignals ?? true) {
    for (const signal of SIGNALS) {
      process.on(signal, () => {
        if (stopping) logger.warn({ signal }, 'already shutting down');
        void shutdown(signal);
      });
    }
  }

  logger.info({ adminUrl }, 'service started');
  return { app: started, config, adminUrl, shutdown };
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
