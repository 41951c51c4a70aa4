// The settings every knts service reads. Services extend this schema with their own keys
// (`baseConfigSchema('activator').extend({ KNTS_INGRESS_PORT: portSetting(8080) })`).
import { z } from 'zod';
import { enumSetting, patternSetting, portSetting, secondsSetting, urlSetting } from './config-settings';
import { DEFAULT_ADMIN_PORTS, type ServiceName } from './platform-ports';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function baseConfigSchema(service: ServiceName) {
  return z.object({
    NATS_URL: urlSetting(['nats', 'tls', 'ws', 'wss'], 'nats://127.0.0.1:4222'),
    REDIS_URL: urlSetting(['redis', 'rediss'], 'redis://127.0.0.1:6379'),
    /** Namespaces KV buckets, streams and queues so several stacks can share one NATS/Redis. */
    KNTS_STORE_PREFIX: patternSetting(/^[a-z0-9_-]+$/, 'knts', 'lowercase letters, digits, "_" or "-"'),
    /** Bind address of every listener; 0.0.0.0 in containers. */
    KNTS_HOST: patternSetting(/^[A-Za-z0-9.:_-]+$/, '127.0.0.1', 'a host name or IP address'),
    KNTS_ADMIN_PORT: portSetting(DEFAULT_ADMIN_PORTS[service]),
    LOG_LEVEL: enumSetting(LOG_LEVELS, 'info'),
    /** Budget for the whole graceful shutdown; past it the process exits 1. */
    KNTS_SHUTDOWN_TIMEOUT: secondsSetting(30),
  });
}

export type BaseConfigSchema = ReturnType<typeof baseConfigSchema>;
export type BaseConfig = z.output<BaseConfigSchema>;
