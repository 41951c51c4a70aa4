// The workshop's autoscale step, unchanged: autoscale-go.yaml (target 10 in-flight requests per
// pod) under `hey -z 30s -c 50 "...?sleep=100&prime=10000&bloat=5"`, on the standalone platform
// with the autoscaler, and the way back to zero afterwards.
import { spawn } from 'node:child_process';
import { resolveResourceType, type KubeObject } from '@knts/api';
import { waitFor } from '@knts/observability';
import { PlatformHarness, conditionStatus } from '@knts/testing';

const HOST = 'autoscale-go.default.example.com';
const REVISION = 'autoscale-go-00001';

interface HeyResult {
  codes: Map<number, number>;
  errors: string[];
  output: string;
}

/** Debian's hey, exactly as the workshop runs it (plus the port of the standalone ingress). */
function hey(port: number, seconds: number): Promise<HeyResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('hey', ['-z', `${seconds}s`, '-c', '50', '-host', HOST, `http://127.0.0.1:${port}?sleep=100&prime=10000&bloat=5`]);
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) => reject(new Error(`cannot run hey (apt-get install hey): ${err.message}`)));
    child.on('exit', () => {
      const codes = new Map<number, number>();
      for (const m of output.matchAll(/\[(\d{3})\]\s+(\d+) responses/g)) codes.set(Number(m[1]), Number(m[2]));
      const errorBlock = output.split('Error distribution:')[1] ?? '';
      const errors = errorBlock.split('\n').map((l) => l.trim()).filter(Boolean);
      resolve({ codes, errors, output });
    });
  });
}

async function readyPods(platform: PlatformHarness): Promise<number> {
  const { items } = await platform.store.list(resolveResourceType('pods')!, {
    namespace: 'default',
    labelSelector: `serving.knative.dev/revision=${REVISION}`,
  });
  return items.filter((p) => conditionStatus(p, 'Ready') === 'True' && !p.metadata.deletionTimestamp).length;
}

async function scenario(platform: PlatformHarness, scaleDownWithinMs: number): Promise<void> {
  await platform.applyFile('examples/workshop/autoscale-go.yaml');
  await platform.waitReady('ksvc', 'autoscale-go', 60_000);

  // Knative's formula for this load: 50 in flight / (target 10 × utilization 0.7) → ceil(7.14) = 8.
  const expected = Math.ceil(50 / (10 * 0.7));
  const load = hey(platform.ingressPort, 30);
  const started = Date.now();
  let reachedAt: number | undefined;
  let peak = 0;
  /** Ready replicas over time (`seconds:count` at each change): shown when the check fails. */
  const timeline: string[] = [];
  let last = -1;
  while (Date.now() - started < 30_000) {
    const n = await readyPods(platform);
    if (n !== last) timeline.push(`${((Date.now() - started) / 1000).toFixed(1)}s:${n}`);
    last = n;
    peak = Math.max(peak, n);
    if (reachedAt === undefined && Math.abs(n - expected) <= 1) reachedAt = Date.now() - started;
    await new Promise((r) => setTimeout(r, 250));
  }
  const result = await load;

  const served = [...result.codes.values()].reduce((a, b) => a + b, 0);
  expect(served).toBeGreaterThan(0);
  // Every request answered, none with a 5xx, no transport errors.
  expect([...result.codes.keys()].filter((c) => c >= 500)).toEqual([]);
  expect(result.errors).toEqual([]);
  // The timeline in the message: jest's diff does not print values matched by expect.any.
  expect(`reached within 10 s: ${reachedAt !== undefined && reachedAt <= 10_000} (ready replicas ${timeline.join(' ')})`).toMatch(/^reached within 10 s: true /);
  expect(Math.abs(peak - expected)).toBeLessThanOrEqual(1);

  // After the load: back to zero, the Revision still Ready with Active=False.
  await waitFor(async () => ((await readyPods(platform)) === 0 ? true : undefined), {
    timeoutMs: scaleDownWithinMs,
    intervalMs: 500,
    what: `${REVISION} to scale to zero`,
  });
  const revision = await platform.waitFor<KubeObject>('revision', REVISION, (r) => conditionStatus(r, 'Active') === 'False');
  expect(conditionStatus(revision, 'Ready')).toBe('True');

  // And a request at zero is answered, not dropped.
  const res = await platform.request(HOST, '/?sleep=10');
  expect(res.status).toBe(200);
  await platform.store.delete(resolveResourceType('ksvc')!, 'default', 'autoscale-go');
}

describe('autoscale-go.yaml under hey -z 30s -c 50 (shortened windows via config-autoscaler)', () => {
  const platform = new PlatformHarness(['serving-controller', 'autoscaler', 'activator']);
  beforeAll(async () => {
    await platform.start();
    await platform.store.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'config-autoscaler', namespace: 'knative-serving' },
      data: { 'stable-window': '6s', 'scale-to-zero-grace-period': '2s' },
    });
  });
  afterAll(() => platform.stop());

  it('reaches Knative\'s replica count within 10 s, serves every request, and returns to zero', () =>
    scenario(platform, 60_000), 180_000);
});

describe('autoscale-go.yaml under hey -z 30s -c 50 (config-autoscaler defaults)', () => {
  const platform = new PlatformHarness(['serving-controller', 'autoscaler', 'activator']);
  beforeAll(() => platform.start());
  afterAll(() => platform.stop());

  // Defaults: 60 s stable window + 30 s grace period before zero.
  it('reaches Knative\'s replica count within 10 s, serves every request, and returns to zero', () =>
    scenario(platform, 150_000), 300_000);
});
