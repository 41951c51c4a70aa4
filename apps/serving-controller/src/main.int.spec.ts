import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceProcess, findFreePort, waitFor } from '@knts/observability';

// Boots the compiled service as a real process against the real NATS and Redis, as
// `knts up` and the compose stack do. Build first: npx tsc -b tsconfig.build.json
const entry = join(__dirname, '..', 'dist', 'main.js');
const started: ServiceProcess[] = [];

jest.setTimeout(30_000);

beforeAll(() => {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npx tsc -b tsconfig.build.json first`);
});

afterEach(async () => {
  for (const proc of started.splice(0)) {
    proc.signal('SIGKILL');
    await proc.exited;
  }
});

async function start(
  env: Record<string, string> = {},
): Promise<{ proc: ServiceProcess; adminUrl: string; ports: Record<string, number> }> {
  const ports = { admin: await findFreePort() };
  const proc = ServiceProcess.start({
    entry,
    env: {
      PATH: process.env['PATH'],
      NATS_URL: process.env['TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222',
      REDIS_URL: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
      KNTS_STORE_PREFIX: `test-serving-controller-${process.pid}`,
      KNTS_ADMIN_PORT: String(ports.admin),
      KNTS_SHUTDOWN_TIMEOUT: '10',
      ...env,
    },
  });
  started.push(proc);
  return { proc, adminUrl: `http://127.0.0.1:${ports.admin}`, ports };
}

async function statusOf(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

/** Polls until `url` answers `status` (and, when given, exactly `body`); returns the body. */
function until(proc: ServiceProcess, url: string, status: number, body?: string): Promise<string> {
  return waitFor(
    async () => {
      if (proc.hasExited) throw new Error(`service exited early: ${proc.stderr.join('\n')}`);
      const res = await statusOf(url);
      return res.status === status && (body === undefined || res.body === body) ? res.body : undefined;
    },
    { timeoutMs: 20_000, what: `${url} to answer ${status}` },
  );
}

describe('serving-controller service', () => {
  it('serves health, readiness and metrics, then drains and exits 0 on SIGTERM', async () => {
    const { proc, adminUrl } = await start();

    await until(proc, `${adminUrl}/healthz`, 200);
    expect(await until(proc, `${adminUrl}/readyz`, 200)).toBe('{"status":"ready"}');
    expect((await statusOf(`${adminUrl}/metrics`)).body).toMatch(
      /^process_cpu_user_seconds_total\{service="serving-controller"\} /m,
    );

    proc.signal('SIGTERM');
    // Readiness must fail (503) or the admin port close before the process is gone.
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
  });

  it('reports nats as not ready while NATS is unreachable, and still stops cleanly', async () => {
    const closed = await findFreePort();
    const { proc, adminUrl } = await start({ NATS_URL: `nats://127.0.0.1:${closed}` });

    // Only nats fails once the other dependencies are up.
    await until(proc, `${adminUrl}/readyz`, 503, '{"status":"not ready","failing":["nats"]}');
    expect((await statusOf(`${adminUrl}/healthz`)).status).toBe(200);

    proc.signal('SIGTERM');
    expect(await proc.exited).toEqual({ code: 0, signal: null });
  });
});
