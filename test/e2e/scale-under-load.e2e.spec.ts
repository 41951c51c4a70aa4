// No request fails while a revision scales 1 → 5 → 1 under 200 requests/s: the bounds come from
// config-autoscaler's min-scale (5, then back to 1), the load from Debian's hey at a fixed rate.
import { spawn } from 'node:child_process';
import { resolveResourceType } from '@knts/api';
import { waitFor } from '@knts/observability';
import { PlatformHarness, conditionStatus, describeWriteBudget } from '@knts/testing';

const platform = new PlatformHarness(['serving-controller', 'autoscaler', 'activator'], {
  countWrites: ['ksvc', 'configuration', 'route', 'revision', 'pods'],
});
const HOST = 'steady.default.example.com';

beforeAll(async () => {
  await platform.start();
  await configAutoscaler('1');
});
afterAll(() => platform.stop());

function configAutoscaler(minScale: string) {
  return platform.store.apply({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'config-autoscaler', namespace: 'knative-serving' },
    data: { 'stable-window': '6s', 'scale-to-zero-grace-period': '2s', 'min-scale': minScale },
  });
}

async function readyPods(): Promise<number> {
  const { items } = await platform.store.list(resolveResourceType('pods')!, {
    namespace: 'default',
    labelSelector: 'serving.knative.dev/revision=steady-00001',
  });
  return items.filter((p) => conditionStatus(p, 'Ready') === 'True' && !p.metadata.deletionTimestamp).length;
}

/** `hey -z 24s -c 10 -q 20`: 10 workers × 20 requests/s = 200 requests/s. */
function hey(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('hey', ['-z', '24s', '-c', '10', '-q', '20', '-host', HOST, `http://127.0.0.1:${port}/`]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (err) => reject(new Error(`cannot run hey (apt-get install hey): ${err.message}`)));
    child.on('exit', () => resolve(out));
  });
}

it('serves every request at 200 requests/s while scaling 1 → 5 → 1', async () => {
  await platform.store.apply({
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 'steady', namespace: 'default' },
    spec: { template: { spec: { containers: [{ image: 'gcr.io/knative-samples/helloworld-go', env: [{ name: 'TARGET', value: 'steady' }] }] } } },
  });
  await platform.waitReady('ksvc', 'steady', 60_000);

  const load = hey(platform.ingressPort);
  await configAutoscaler('5');
  await waitFor(async () => ((await readyPods()) === 5 ? true : undefined), { timeoutMs: 15_000, intervalMs: 200, what: '5 ready replicas' });
  await configAutoscaler('1');
  await waitFor(async () => ((await readyPods()) === 1 ? true : undefined), { timeoutMs: 20_000, intervalMs: 200, what: 'back to 1 replica' });
  const out = await load;

  const codes = [...out.matchAll(/\[(\d{3})\]\s+(\d+) responses/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
  const total = codes.reduce((n, [, c]) => n + c, 0);
  expect(total).toBeGreaterThan(200 * 15);
  expect(codes.filter(([code]) => code !== 200)).toEqual([]);
  expect(out.includes('Error distribution')).toBe(false);
});

// Scaling rewrites the Revision and its Pods a few times per step (12 at most in a clean run).
describeWriteBudget(platform, 40);
