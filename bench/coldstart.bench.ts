// `npm run bench -- coldstart`: scale from zero on the standalone platform.
// 1. Over 20 trials: time from a request to a revision at zero until its first response byte,
//    minus the time the program alone needs to start listening (measured in the same run).
//    Goal: overhead p95 < 50 ms.
// 2. 25 Services at zero, one request each at the same moment: time to each first byte.
//    Goal: p95 < 1.5 s (upstream's budget: 2 s on a ten-node cluster).
// Revisions start at zero through `autoscaling.knative.dev/initial-scale: "0"` with
// `allow-zero-initial-scale: "true"` in config-autoscaler, as upstream allows.
import { request } from 'node:http';
import { PlatformHarness, conditionStatus } from '@knts/testing';
import { helloService, programStartMs } from './program-start';
import { type BenchOptions, percentile, saveResult } from './report';


/** Time to the first response byte through the ingress. */
function firstByteMs(port: number, host: string): Promise<{ ms: number; status: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
      res.once('data', () => resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0 }));
      res.resume();
    });
    req.on('error', reject);
    req.end();
  });
}

async function atZero(platform: PlatformHarness, name: string): Promise<void> {
  await platform.waitFor('ksvc', name, (o) => conditionStatus(o, 'Ready') === 'True', { timeoutMs: 60_000 });
  await platform.waitFor('revision', `${name}-00001`, (o) => conditionStatus(o, 'Active') === 'False', { timeoutMs: 60_000 });
}

export async function run({ smoke }: BenchOptions): Promise<void> {
  const trials = smoke ? 3 : 20;
  const parallel = smoke ? 5 : 25;
  const platform = new PlatformHarness(['serving-controller', 'autoscaler', 'activator']);
  await platform.start({ LOG_LEVEL: 'warn' });
  const overhead: number[] = [];
  const ttfb: number[] = [];
  const start: number[] = [];
  const burst: number[] = [];
  let errors = 0;
  try {
    await platform.store.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'config-autoscaler', namespace: 'knative-serving' },
      data: { 'allow-zero-initial-scale': 'true' },
    });
    for (let i = 0; i < trials; i++) {
      const name = `cold-${i}`;
      await platform.store.apply(helloService(name, { 'autoscaling.knative.dev/initial-scale': '0' }));
      await atZero(platform, name);
      const program = await programStartMs();
      const first = await firstByteMs(platform.ingressPort, `${name}.default.example.com`);
      if (first.status !== 200) errors++;
      start.push(program);
      ttfb.push(first.ms);
      overhead.push(first.ms - program);
    }
    const names = Array.from({ length: parallel }, (_, i) => `burst-${i}`);
    for (const name of names) await platform.store.apply(helloService(name, { 'autoscaling.knative.dev/initial-scale': '0' }));
    for (const name of names) await atZero(platform, name);
    const results = await Promise.all(names.map((name) => firstByteMs(platform.ingressPort, `${name}.default.example.com`)));
    for (const r of results) {
      burst.push(r.ms);
      if (r.status !== 200) errors++;
    }
  } finally {
    await platform.stop();
  }
  for (const a of [overhead, ttfb, start, burst]) a.sort((x, y) => x - y);
  const figures = {
    trials,
    coldstart_ttfb_p50_ms: percentile(ttfb, 50),
    coldstart_ttfb_p95_ms: percentile(ttfb, 95),
    overhead_p50_ms: percentile(overhead, 50),
    overhead_p95_ms: percentile(overhead, 95),
    parallel_services: parallel,
    parallel_ttfb_p95_ms: percentile(burst, 95),
    parallel_ttfb_max_ms: burst[burst.length - 1]!,
    non_200_responses: errors,
  };
  const baseline = { program_start_p50_ms: percentile(start, 50), program_start_p95_ms: percentile(start, 95) };
  saveResult(
    {
      name: 'coldstart',
      figures,
      baseline,
      ratios: { coldstart_ttfb_p95_over_program_start_p95: figures.coldstart_ttfb_p95_ms / baseline.program_start_p95_ms },
      goals: { overhead_p95_ms: '< 50', parallel_ttfb_p95_ms: '< 1500 (upstream: 2000 on ten nodes)' },
    },
    { smoke },
  );
}
