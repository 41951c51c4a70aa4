// `npm run bench -- serving-ready`: time from `apply` of a Service to Ready=True, over 20
// Services, on the standalone platform (serving-controller + activator as real processes).
// Baseline in the same run: the time the program alone needs to start listening (spawn the
// helloworld stand-in and poll its port), i.e. the part of Ready no platform can remove.
import { PlatformHarness, conditionStatus } from '@knts/testing';
import { helloService, programStartMs } from './program-start';
import { type BenchOptions, percentile, saveResult } from './report';


export async function run({ smoke }: BenchOptions): Promise<void> {
  const n = smoke ? 3 : 20;
  const platform = new PlatformHarness(['serving-controller', 'activator']);
  await platform.start({ LOG_LEVEL: 'warn' });
  const readyMs: number[] = [];
  const startMs: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      startMs.push(await programStartMs());
      const name = `ready-${i}`;
      const t0 = performance.now();
      await platform.store.apply(helloService(name));
      // Poll the store as `knts wait --for=condition=Ready` would (watch latency is similar).
      await platform.waitFor('ksvc', name, (o) => conditionStatus(o, 'Ready') === 'True', { timeoutMs: 60_000 });
      readyMs.push(performance.now() - t0);
    }
  } finally {
    await platform.stop();
  }
  readyMs.sort((a, b) => a - b);
  startMs.sort((a, b) => a - b);
  const figures = { services: n, ready_p50_ms: percentile(readyMs, 50), ready_p95_ms: percentile(readyMs, 95), ready_max_ms: readyMs[readyMs.length - 1]! };
  const baseline = { program_start_p50_ms: percentile(startMs, 50), program_start_p95_ms: percentile(startMs, 95) };
  saveResult(
    {
      name: 'serving-ready',
      figures,
      baseline,
      ratios: {
        ready_p95_over_program_start_p95: figures.ready_p95_ms / baseline.program_start_p95_ms,
        platform_overhead_p95_ms: figures.ready_p95_ms - baseline.program_start_p95_ms,
      },
      goals: { ready_p95_ms: '< 500 (Knative budget: 25 s)' },
    },
    { smoke },
  );
}
