// The workshop's other autoscaling class on the standalone platform: autoscale-go with
// `autoscaling.knative.dev/class: hpa.autoscaling.knative.dev`, metric cpu, target 50% of a 100m
// request. Requests that compute primes make the replica busy; the serving-controller measures
// it from /proc, the autoscaler's HPA scales the revision above one replica, and back to one
// when the load stops. Sync period 2 s and stabilization 6 s instead of 15 s and 5 min.
import { resolveResourceType } from '@knts/api';
import { waitFor } from '@knts/observability';
import { PlatformHarness, conditionStatus, describeWriteBudget } from '@knts/testing';

const platform = new PlatformHarness(['serving-controller', 'autoscaler', 'activator'], {
  countWrites: ['ksvc', 'configuration', 'route', 'revision', 'pods'],
});
const NAME = 'cpu-hpa';
const REVISION = `${NAME}-00001`;
const HOST = `${NAME}.default.example.com`;

beforeAll(async () => {
  await platform.start({ KNTS_HPA_SYNC_PERIOD: '2', KNTS_HPA_DOWNSCALE_STABILIZATION: '6' });
});
afterAll(() => platform.stop());

async function readyPods(): Promise<number> {
  const { items } = await platform.store.list(resolveResourceType('pods')!, {
    namespace: 'default',
    labelSelector: `serving.knative.dev/revision=${REVISION}`,
  });
  return items.filter((p) => conditionStatus(p, 'Ready') === 'True' && !p.metadata.deletionTimestamp).length;
}

/** One client computing primes back to back with short pauses: a fraction of a core, not the machine. */
function load(): { stop(): Promise<{ ok: number; failed: string[] }> } {
  let running = true;
  let ok = 0;
  const failed: string[] = [];
  const loop = (async () => {
    while (running) {
      try {
        const res = await platform.request(HOST, '/?prime=1000000');
        if (res.status === 200) ok++;
        else failed.push(`${res.status} ${res.body.slice(0, 80)}`);
      } catch (err) {
        failed.push((err as Error).message);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { ok, failed };
    },
  };
}

async function autoscalerMetric(name: string): Promise<string | undefined> {
  const res = await fetch(`${platform.services.get('autoscaler')!.adminUrl}/metrics`);
  const text = await res.text();
  return text.split('\n').find((line) => line.startsWith(`${name}{`) && line.includes(`revision_name="${REVISION}"`));
}

it('scales on CPU above one replica under load and back to one when the load stops', async () => {
  await platform.store.apply({
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: NAME, namespace: 'default' },
    spec: {
      template: {
        metadata: {
          annotations: {
            'autoscaling.knative.dev/class': 'hpa.autoscaling.knative.dev',
            'autoscaling.knative.dev/metric': 'cpu',
            'autoscaling.knative.dev/target': '50',
            'autoscaling.knative.dev/max-scale': '3',
          },
        },
        spec: { containers: [{ image: 'gcr.io/knative-samples/autoscale-go:0.1', resources: { requests: { cpu: '100m' } } }] },
      },
    },
  });
  await platform.waitReady('ksvc', NAME, 60_000);
  expect(await readyPods()).toBe(1);

  const traffic = load();
  let peak = 0;
  try {
    peak = await waitFor(
      async () => {
        const n = await readyPods();
        return n > 1 ? n : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250, what: `${REVISION} to scale above one replica on CPU` },
    );
  } finally {
    const result = await traffic.stop();
    expect(result.ok).toBeGreaterThan(0);
    expect(result.failed).toEqual([]);
  }
  expect(peak).toBeGreaterThan(1);
  expect(peak).toBeLessThanOrEqual(3);
  // The HPA's view, as Prometheus sees it.
  expect(await autoscalerMetric('autoscaler_target_cpu_utilization_percentage')).toMatch(/ 50$/);
  expect(await autoscalerMetric('autoscaler_cpu_utilization_percentage')).toBeDefined();

  // No load: the recommendation drops to one; after the stabilization window the revision follows.
  await waitFor(async () => ((await readyPods()) === 1 ? true : undefined), {
    timeoutMs: 90_000,
    intervalMs: 250,
    what: `${REVISION} back to one replica`,
  });
  const revision = await platform.waitFor('revision', REVISION, (r) => (r.status as { desiredReplicas?: number } | undefined)?.desiredReplicas === 1);
  expect(conditionStatus(revision, 'Ready')).toBe('True');
});

// Scaling rewrites the Revision and its Pods a few times per step (12 at most in a clean run).
describeWriteBudget(platform, 40);
