// Boots a compiled knts service as a real process against the real NATS and Redis, as `knts up`
// and the compose stack do, on free ports and a store prefix of its own; cleans up after itself.
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { admit, RESOURCE_TYPES } from '@knts/api';
import { type ServiceName, ServiceProcess, findFreePort, waitFor } from '@knts/observability';
import { NatsKvStore } from '@knts/store';
import { destroyPlatformStreams } from './platform-streams';

export interface HttpAnswer {
  status: number;
  body: string;
}

export interface StartedService {
  proc: ServiceProcess;
  adminUrl: string;
  ports: Record<string, number>;
}

export const TEST_NATS_URL = process.env['TEST_NATS_URL'] ?? process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export class ServiceHarness {
  readonly entry: string;
  readonly prefix: string;
  private readonly started: ServiceProcess[] = [];

  /** `extraPorts` are env keys that get a free port each, e.g. `KNTS_INGRESS_PORT`. */
  constructor(
    readonly service: ServiceName,
    private readonly extraPorts: Record<string, string> = {},
    prefix?: string,
  ) {
    this.entry = join(__dirname, '..', '..', '..', 'apps', service, 'dist', 'main.js');
    this.prefix = prefix ?? `test-${service}-${process.pid}-${Date.now().toString(36)}`;
  }

  assertBuilt(): void {
    if (!existsSync(this.entry)) throw new Error(`${this.entry} is missing: run npx tsc -b tsconfig.build.json first`);
  }

  async start(env: Record<string, string> = {}): Promise<StartedService> {
    const ports: Record<string, number> = { admin: await findFreePort() };
    const portEnv: Record<string, string> = {};
    for (const [name, key] of Object.entries(this.extraPorts)) {
      ports[name] = await findFreePort();
      portEnv[key] = String(ports[name]);
    }
    const proc = ServiceProcess.start({
      entry: this.entry,
      env: {
        PATH: process.env['PATH'],
        NATS_URL: TEST_NATS_URL,
        REDIS_URL: TEST_REDIS_URL,
        KNTS_STORE_PREFIX: this.prefix,
        KNTS_ADMIN_PORT: String(ports['admin']),
        KNTS_SHUTDOWN_TIMEOUT: '10',
        ...portEnv,
        ...env,
      },
    });
    this.started.push(proc);
    return { proc, adminUrl: `http://127.0.0.1:${ports['admin']}`, ports };
  }

  /** Kills what is still running (call in afterEach). */
  async killAll(): Promise<void> {
    for (const proc of this.started.splice(0)) {
      proc.signal('SIGKILL');
      await proc.exited;
    }
  }

  /** Deletes the buckets and streams the services created under this harness's prefix (call in afterAll). */
  async destroyStore(): Promise<void> {
    const nc = await connect({ servers: TEST_NATS_URL });
    try {
      await new NatsKvStore({ connection: nc, prefix: this.prefix, types: RESOURCE_TYPES, admit }).destroyBuckets();
      await destroyPlatformStreams(nc, this.prefix);
    } finally {
      await nc.close();
    }
  }

  /** Polls until `url` answers `status` (and, when given, exactly `body`); returns the body. */
  until(proc: ServiceProcess, url: string, status: number, body?: string): Promise<string> {
    return waitFor(
      async () => {
        if (proc.hasExited) throw new Error(`service exited early: ${proc.stderr.join('\n')}`);
        const res = await httpGet(url);
        return res.status === status && (body === undefined || res.body === body) ? res.body : undefined;
      },
      { timeoutMs: 20_000, what: `${url} to answer ${status}${body ? ` ${body}` : ''}` },
    );
  }

  /** SIGTERM, then: readiness fails (or the port closes) before exit, exit 0, `stopped` logged last. */
  async expectGracefulStop(started: StartedService): Promise<void> {
    const { proc, adminUrl } = started;
    proc.signal('SIGTERM');
    const seen = await waitFor(
      async () => {
        try {
          return (await fetch(`${adminUrl}/readyz`)).status === 503 ? 'not ready' : undefined;
        } catch {
          return 'closed';
        }
      },
      { timeoutMs: 10_000, what: '/readyz to stop answering 200' },
    );
    expect(['not ready', 'closed']).toContain(seen);
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    const messages = proc.logs().map((line) => line['msg']);
    expect(messages.indexOf('shutting down')).toBeGreaterThan(messages.indexOf('service started'));
    expect(messages[messages.length - 1]).toBe('stopped');
  }
}

export async function httpGet(url: string): Promise<HttpAnswer> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

/** GET / with an explicit Host header, as `curl -H "Host: ..."` sends it (fetch may not). */
export function getWithHost(port: number, host: string, path = '/'): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
