import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { type BeforeApplicationShutdown, Injectable, Module } from '@nestjs/common';
import { baseConfigSchema } from './base-config';
import { bootService, type RunningService } from './boot-service';
import { findFreePort } from './find-free-port';
import { HealthService } from './health.service';
import { NatsModule } from './nats.module';
import { RedisModule } from './redis.module';
import { waitFor } from './wait-for';

// What the test module's provider does; each test sets it before booting.
const gate = { open: true, holdShutdown: Promise.resolve() };

@Injectable()
class GateProvider implements BeforeApplicationShutdown {
  constructor(health: HealthService) {
    health.registerReadiness('gate', () => gate.open);
  }
  async beforeApplicationShutdown(): Promise<void> {
    await gate.holdShutdown;
  }
}

@Module({ providers: [GateProvider] })
class GateModule {}

@Module({ imports: [NatsModule, RedisModule] })
class ConnectionsModule {}

const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
const schema = baseConfigSchema('autoscaler');

interface Booted {
  service: RunningService<ReturnType<typeof schema.parse>>;
  exits: number[];
}

const running: Booted[] = [];

async function boot(module: new () => unknown, env: Record<string, string> = {}): Promise<Booted> {
  const exits: number[] = [];
  const service = await bootService({
    name: 'autoscaler',
    module,
    configSchema: schema,
    env: { KNTS_ADMIN_PORT: String(await findFreePort()), ...env },
    exit: (code) => exits.push(code),
    handleSignals: false,
    logDestination: silent,
  });
  if (!service) throw new Error(`boot failed with exit codes ${exits.join(',')}`);
  const booted = { service, exits };
  running.push(booted);
  return booted;
}

async function get(url: string): Promise<{ status: number; body: string; type: string | null }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
}

afterEach(async () => {
  gate.open = true;
  gate.holdShutdown = Promise.resolve();
  await Promise.all(running.splice(0).map((b) => b.service.shutdown()));
});

describe('bootService', () => {
  it('serves /healthz, /readyz and /metrics on the admin port', async () => {
    gate.open = false;
    const { service } = await boot(GateModule);

    expect(await get(`${service.adminUrl}/healthz`)).toMatchObject({ status: 200, body: '{"status":"alive"}' });
    expect(await get(`${service.adminUrl}/readyz`)).toMatchObject({
      status: 503,
      body: '{"status":"not ready","failing":["gate"]}',
    });

    gate.open = true;
    expect(await get(`${service.adminUrl}/readyz`)).toMatchObject({ status: 200, body: '{"status":"ready"}' });

    const metrics = await get(`${service.adminUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/^process_cpu_user_seconds_total\{service="autoscaler"\} /m);
  });

  it('turns readiness false before the shutdown hooks run, then exits 0', async () => {
    let release = (): void => undefined;
    gate.holdShutdown = new Promise<void>((resolve) => (release = resolve));
    const { service, exits } = await boot(GateModule);

    const stopped = service.shutdown('SIGTERM');
    // The admin port stays open while hooks drain, answering 503 so traffic moves away.
    const during = await waitFor(
      async () => {
        const res = await get(`${service.adminUrl}/readyz`);
        return res.status === 503 ? res.body : undefined;
      },
      { timeoutMs: 5000, what: '/readyz to answer 503' },
    );
    expect(JSON.parse(during)).toEqual({ status: 'shutting down', failing: [] });

    release();
    expect(await stopped).toBe(0);
    expect(exits).toEqual([0]);
    await expect(fetch(`${service.adminUrl}/healthz`)).rejects.toThrow();
  });

  it('exits 1 when the shutdown takes longer than KNTS_SHUTDOWN_TIMEOUT', async () => {
    let release = (): void => undefined;
    gate.holdShutdown = new Promise<void>((resolve) => (release = resolve));
    const { service, exits } = await boot(GateModule, { KNTS_SHUTDOWN_TIMEOUT: '0.2' });

    expect(await service.shutdown('SIGTERM')).toBe(1);
    expect(exits).toEqual([1]);
    release();
  });

  it('exits 1 naming the key when the configuration is invalid', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const exits: number[] = [];
    try {
      const service = await bootService({
        name: 'autoscaler',
        module: GateModule,
        configSchema: schema,
        env: { LOG_LEVEL: 'chatty' },
        exit: (code) => exits.push(code),
        handleSignals: false,
      });
      expect(service).toBeUndefined();
    } finally {
      spy.mockRestore();
    }
    expect(exits).toEqual([1]);
    expect(written.join('')).toBe(
      'invalid configuration: LOG_LEVEL: expected one of trace|debug|info|warn|error, got "chatty"\n',
    );
  });

  it('exits 1 when the admin port is taken', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    const exits: number[] = [];
    try {
      const service = await bootService({
        name: 'autoscaler',
        module: GateModule,
        configSchema: schema,
        env: { KNTS_ADMIN_PORT: String(port) },
        exit: (code) => exits.push(code),
        handleSignals: false,
        logDestination: silent,
      });
      expect(service).toBeUndefined();
      expect(exits).toEqual([1]);
    } finally {
      blocker.close();
    }
  });
});

describe('connection providers', () => {
  it('become ready once NATS and Redis are connected, and close them on shutdown', async () => {
    const { service, exits } = await boot(ConnectionsModule);
    await waitFor(async () => ((await get(`${service.adminUrl}/readyz`)).status === 200 ? true : undefined), {
      timeoutMs: 10_000,
      what: '/readyz 200',
    });
    expect(await service.shutdown('SIGTERM')).toBe(0);
    expect(exits).toEqual([0]);
  });

  it('report nats and redis as failing while they are unreachable, and still shut down cleanly', async () => {
    const closedPort = await findFreePort();
    const { service } = await boot(ConnectionsModule, {
      NATS_URL: `nats://127.0.0.1:${closedPort}`,
      REDIS_URL: `redis://127.0.0.1:${closedPort}`,
    });

    const res = await get(`${service.adminUrl}/readyz`);
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({ status: 'not ready', failing: ['nats', 'redis'] });
    expect((await get(`${service.adminUrl}/healthz`)).status).toBe(200);
    expect(await service.shutdown('SIGTERM')).toBe(0);
  });
});
