// Where `knts up` puts things and which ports the services get, from the environment.
// Validated once here, so a bad port stops `up` with a message naming the variable.
import {
  DEFAULT_ADMIN_PORTS,
  DEFAULT_BROKER_PORT,
  DEFAULT_INGRESS_PORT,
  SERVICE_NAMES,
  type ServiceName,
} from '@knts/observability';
import { join } from 'node:path';
import { CliError } from '../cli-error';

export interface ServiceLayout {
  name: ServiceName;
  adminPort: number;
  /** `apps/<name>/dist/main.js` in the repository. */
  entry: string;
  logFile: string;
}

export interface PlatformLayout {
  repoRoot: string;
  stateDir: string;
  logDir: string;
  pidFile: string;
  stateFile: string;
  supervisorLog: string;
  natsUrl: string;
  redisUrl: string;
  prefix: string;
  host: string;
  logLevel: string;
  ingressPort: number;
  brokerPort: number;
  readyTimeoutMs: number;
  services: ServiceLayout[];
}

function port(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535)
    throw new CliError(`${key}=${raw} is not a port number (1-65535)`);
  return value;
}

export function platformLayout(
  env: NodeJS.ProcessEnv,
  repoRoot: string,
  natsUrl: string,
  prefix: string,
): PlatformLayout {
  const stateDir = env.KNTS_STATE_DIR || join(repoRoot, '.knts');
  const logDir = join(stateDir, 'logs');
  // KNTS_ADMIN_PORT_BASE moves all six admin ports together (base, base+1, ... in SERVICE_NAMES
  // order), so a test stack never collides with a developer's `knts up`.
  const base = env.KNTS_ADMIN_PORT_BASE ? port(env, 'KNTS_ADMIN_PORT_BASE', 0) : undefined;
  const timeoutSeconds = env.KNTS_UP_TIMEOUT ? Number(env.KNTS_UP_TIMEOUT) : 60;
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
    throw new CliError(`KNTS_UP_TIMEOUT=${env.KNTS_UP_TIMEOUT} must be a number of seconds`);
  return {
    repoRoot,
    stateDir,
    logDir,
    pidFile: join(stateDir, 'supervisor.pid'),
    stateFile: join(stateDir, 'supervisor.json'),
    supervisorLog: join(logDir, 'supervisor.log'),
    natsUrl,
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    prefix,
    host: env.KNTS_HOST || '127.0.0.1',
    logLevel: env.LOG_LEVEL || 'info',
    ingressPort: port(env, 'KNTS_INGRESS_PORT', DEFAULT_INGRESS_PORT),
    brokerPort: port(env, 'KNTS_BROKER_PORT', DEFAULT_BROKER_PORT),
    readyTimeoutMs: timeoutSeconds * 1000,
    services: SERVICE_NAMES.map((name, i) => ({
      name,
      adminPort: base === undefined ? DEFAULT_ADMIN_PORTS[name] : base + i,
      entry: join(repoRoot, 'apps', name, 'dist', 'main.js'),
      logFile: join(logDir, `${name}.log`),
    })),
  };
}

/** The environment each service boots with (see @knts/observability). */
export function serviceEnv(layout: PlatformLayout, service: ServiceLayout, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...base,
    NATS_URL: layout.natsUrl,
    REDIS_URL: layout.redisUrl,
    KNTS_STORE_PREFIX: layout.prefix,
    KNTS_HOST: layout.host,
    KNTS_ADMIN_PORT: String(service.adminPort),
    KNTS_INGRESS_PORT: String(layout.ingressPort),
    KNTS_BROKER_PORT: String(layout.brokerPort),
    LOG_LEVEL: layout.logLevel,
  };
}

/** What the supervisor records so `status` and `down` (from any shell) can find its processes. */
export interface SupervisorState {
  supervisorPid: number;
  startedAt: string;
  ready: boolean;
  natsUrl: string;
  redisUrl: string;
  prefix: string;
  ingressPort: number;
  brokerPort: number;
  services: { name: string; pid: number; adminPort: number }[];
  /** nats-server / redis-server processes the supervisor started itself (and so stops). */
  infra: { name: string; pid: number; url: string }[];
}

/** `host` and `port` of a nats:// or redis:// URL, with the scheme's default port. */
export function hostPort(url: string, defaultPort: number): { host: string; port: number } {
  const parsed = new URL(url.includes('://') ? url : `nats://${url}`);
  return { host: parsed.hostname || '127.0.0.1', port: parsed.port ? Number(parsed.port) : defaultPort };
}
