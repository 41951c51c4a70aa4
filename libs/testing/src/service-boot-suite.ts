// The boot contract every knts service keeps, as one reusable suite: /healthz, /readyz (which
// waits for NATS and every store watch), /metrics, a graceful SIGTERM, and readiness naming what
// is missing while NATS is down. Each app's main.int.spec.ts calls it and adds its own cases.
import type { ServiceName } from '@knts/observability';
import { findFreePort } from '@knts/observability';
import { ServiceHarness, httpGet, type StartedService } from './service-harness';

export interface ServiceBootSuiteOptions {
  /** Env keys that get a free port each, by name (e.g. `{ ingress: 'KNTS_INGRESS_PORT' }`). */
  extraPorts?: Record<string, string>;
  /** The `store:<plural>` readiness checks the service registers, in registration order. */
  storeWatches: string[];
  /** More checks while the service is up and ready (e.g. its data-plane listener). */
  whileReady?: (started: StartedService) => Promise<void>;
}

/** Defines the shared boot tests; returns the harness for the app's own extra cases. */
export function describeServiceBoot(service: ServiceName, options: ServiceBootSuiteOptions): ServiceHarness {
  const harness = new ServiceHarness(service, options.extraPorts ?? {});

  beforeAll(() => harness.assertBuilt());
  afterEach(() => harness.killAll());
  afterAll(() => harness.destroyStore());

  describe(`${service} service boot`, () => {
    it('serves health, readiness and metrics, then drains and exits 0 on SIGTERM', async () => {
      const started = await harness.start();
      const { proc, adminUrl } = started;
      await harness.until(proc, `${adminUrl}/healthz`, 200);
      expect(await harness.until(proc, `${adminUrl}/readyz`, 200)).toBe('{"status":"ready"}');
      expect((await httpGet(`${adminUrl}/metrics`)).body).toMatch(
        new RegExp(`^process_cpu_user_seconds_total\\{service="${service}"\\} `, 'm'),
      );
      await options.whileReady?.(started);
      await harness.expectGracefulStop(started);
    });

    it('reports nats and the store watches as not ready while NATS is unreachable, and still stops cleanly', async () => {
      const closed = await findFreePort();
      const { proc, adminUrl } = await harness.start({ NATS_URL: `nats://127.0.0.1:${closed}` });
      // The store lives on NATS, so every watch fails with it.
      const failing = ['nats', ...options.storeWatches.map((plural) => `store:${plural}`)];
      await harness.until(proc, `${adminUrl}/readyz`, 503, JSON.stringify({ status: 'not ready', failing }));
      expect((await httpGet(`${adminUrl}/healthz`)).status).toBe(200);
      proc.signal('SIGTERM');
      expect(await proc.exited).toEqual({ code: 0, signal: null });
    });
  });
  return harness;
}
