// The KPA engine against the real NATS and a real NATS KV store: stats in as activators send
// them, decisions out (autoscaler-fixture.spec-helper.ts).
import type { KubeObject } from '@knts/api';
import { publishEvent, type AutoscalerStatData } from '@knts/events';
import { NAMESPACE, startAutoscalerFixture, type AutoscalerFixture } from './autoscaler-fixture.spec-helper';

jest.setTimeout(90_000);

let fx: AutoscalerFixture;

function revision(name: string, annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: {
      name,
      namespace: NAMESPACE,
      annotations,
      labels: { 'serving.knative.dev/configuration': name.replace(/-\d+$/, '') },
    },
    spec: { containers: [{ image: 'example.com/hello' }] },
  };
}

/** Two activator replicas, each reporting half the load every second, as DESIGN §2 describes. */
function reportLoad(rev: string, concurrency: number): () => void {
  const stat = fx.catalogue.entries.autoscalerStat;
  const params = { namespace: NAMESPACE, revision: rev };
  const send = (): void => {
    for (const podName of ['activator-a', 'activator-b']) {
      const data: AutoscalerStatData = {
        namespace: NAMESPACE,
        revision: rev,
        podName,
        averageConcurrentRequests: concurrency / 2,
        averageProxiedConcurrentRequests: 0,
        requestCount: concurrency / 2,
        proxiedRequestCount: 0,
        processUptime: 10,
        timestamp: new Date().toISOString(),
      };
      publishEvent(fx.nc, stat.subject(params), stat.event(params, data));
    }
  };
  // One report per second each, mid-second, so no second gets two and none is skipped.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (): void => {
    timer = setTimeout(
      () => {
        send();
        schedule();
      },
      1500 - (Date.now() % 1000),
    );
  };
  send();
  schedule();
  return () => clearTimeout(timer);
}

beforeAll(async () => {
  // Short windows so "no traffic" reaches zero within the test.
  fx = await startAutoscalerFixture({
    prefix: `as${process.pid}${Date.now().toString(36)}`,
    configAutoscaler: { 'stable-window': '6s', 'scale-to-zero-grace-period': '1s', 'allow-zero-initial-scale': 'true' },
  });
});

afterAll(() => fx?.stop());

async function untilKnown(name: string): Promise<void> {
  // The decision stream is the engine's own signal that it tracks the revision.
  await fx.decisionWhere((d) => d.revision === name);
}

describe('autoscaler engine (real NATS, real store)', () => {
  it('sums two activators (50 concurrent) at target 10 into ceil(50 / 7) = 8, then returns to 0 with no traffic', async () => {
    const name = 'load-00001';
    await fx.store.create(revision(name, { 'autoscaling.knative.dev/target': '10' }));
    await fx.readyPod(name);
    await untilKnown(name);

    const stop = reportLoad(name, 50);
    // One reporter alone would give ceil(25 / 7) = 4: 8 means the two were summed per second.
    try {
      await fx.decisionWhere((d) => d.revision === name && d.desiredScale === 8);
    } finally {
      stop();
    }

    // No more stats: the 6 s windows empty, panic ends, the grace period passes, and it is 0.
    const from = fx.seen.length;
    const zero = await fx.decisionWhere((d) => d.revision === name && d.desiredScale === 0, from);
    expect(zero).toMatchObject({ revision: name, desiredScale: 0, panicking: false });
  });

  it('a poke for a revision at zero yields a decision of at least 1 at once', async () => {
    const name = 'poke-00001';
    // Initial scale 0 (the ConfigMap allows it), so the revision sits at zero without pods.
    await fx.store.create(revision(name, { 'autoscaling.knative.dev/initial-scale': '0' }));
    await fx.decisionWhere((d) => d.revision === name && d.desiredScale === 0);

    const from = fx.seen.length;
    const poke = fx.catalogue.entries.autoscalerPoke;
    const params = { namespace: NAMESPACE, revision: name };
    publishEvent(fx.nc, poke.subject(params), poke.event(params, { ...params, timestamp: new Date().toISOString() }));
    const up = await fx.decisionWhere((d) => d.revision === name && d.desiredScale >= 1, from);
    expect(up.desiredScale).toBe(1);
  });
});
