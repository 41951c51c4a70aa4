import { findFreePort } from '@knts/observability';
import { ServiceHarness, httpGet } from '@knts/testing';

// The compiled service as a real process against the real NATS and Redis.
// Build first: npx tsc -b tsconfig.build.json
const harness = new ServiceHarness('autoscaler');

jest.setTimeout(30_000);

beforeAll(() => harness.assertBuilt());
afterEach(() => harness.killAll());
afterAll(() => harness.destroyStore());

describe('autoscaler service', () => {
  it('serves health, readiness and metrics, then drains and exits 0 on SIGTERM', async () => {
    const started = await harness.start();
    const { proc, adminUrl } = started;

    await harness.until(proc, `${adminUrl}/healthz`, 200);
    expect(await harness.until(proc, `${adminUrl}/readyz`, 200)).toBe('{"status":"ready"}');
    expect((await httpGet(`${adminUrl}/metrics`)).body).toMatch(
      /^process_cpu_user_seconds_total\{service="autoscaler"\} /m,
    );

    await harness.expectGracefulStop(started);
  });

  it('reports nats and the store watches as not ready while NATS is unreachable, and still stops cleanly', async () => {
    const closed = await findFreePort();
    const { proc, adminUrl } = await harness.start({ NATS_URL: `nats://127.0.0.1:${closed}` });

    // The store lives on NATS, so every watch fails with it.
    await harness.until(proc, `${adminUrl}/readyz`, 503, '{"status":"not ready","failing":["nats","store:revisions","store:pods","store:configmaps"]}');
    expect((await httpGet(`${adminUrl}/healthz`)).status).toBe(200);

    proc.signal('SIGTERM');
    expect(await proc.exited).toEqual({ code: 0, signal: null });
  });
});
