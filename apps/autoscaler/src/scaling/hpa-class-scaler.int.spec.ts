// The HPA class (metric cpu) against the real NATS and a real NATS KV store: CPU samples in as the
// process runtime sends them, decisions out as the serving-controller reads them. Short sync
// period and stabilization window (autoscaler-fixture.spec-helper.ts).
import type { KubeObject } from '@knts/api';
import { publishEvent, type AutoscalerDecisionData, type RuntimeCpuData } from '@knts/events';
import { NAMESPACE, startAutoscalerFixture, type AutoscalerFixture } from '../autoscaler-fixture.spec-helper';

jest.setTimeout(90_000);

let fx: AutoscalerFixture;

const HPA = { 'autoscaling.knative.dev/class': 'hpa.autoscaling.knative.dev' };

function revision(name: string, annotations: Record<string, string>, cpuRequest?: string): KubeObject {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: {
      name,
      namespace: NAMESPACE,
      annotations: { ...HPA, ...annotations },
      labels: { 'serving.knative.dev/configuration': name.replace(/-\d+$/, '') },
    },
    spec: {
      containers: [
        { image: 'example.com/hello', ...(cpuRequest ? { resources: { requests: { cpu: cpuRequest } } } : {}) },
      ],
    },
  };
}

/** The process runtime's second-by-second samples, until stopped. */
function reportCpu(rev: string, millicores: Record<string, number>): () => void {
  const entry = fx.catalogue.entries.runtimeCpu;
  const params = { namespace: NAMESPACE, revision: rev };
  const send = (): void => {
    const data: RuntimeCpuData = {
      namespace: NAMESPACE,
      revision: rev,
      windowSeconds: 1,
      pods: Object.entries(millicores).map(([pod, m]) => ({ pod, ready: true, millicores: m, processes: 1 })),
      timestamp: new Date().toISOString(),
    };
    publishEvent(fx.nc, entry.subject(params), entry.event(params, data));
  };
  send();
  const timer = setInterval(send, 250);
  return () => clearInterval(timer);
}

beforeAll(async () => {
  fx = await startAutoscalerFixture({
    prefix: `hpa${process.pid}${Date.now().toString(36)}`,
    hpa: { syncPeriodMs: 500, downscaleStabilizationMs: 3_000, tickIntervalMs: 500 },
  });
});

afterAll(() => fx?.stop());

describe('HPA class, metric cpu (real NATS, real store)', () => {
  it('scales a revision using 400m of a 200m request at target 50 to 4, then back to 1 once idle', async () => {
    const name = 'busy-00001';
    await fx.store.create(
      revision(
        name,
        {
          'autoscaling.knative.dev/metric': 'cpu',
          'autoscaling.knative.dev/target': '50',
          'autoscaling.knative.dev/max-scale': '4',
        },
        '200m',
      ),
    );
    await fx.readyPod(name, `${name}-a`);

    // Utilization 200% of a 50% target: ratio 4 → ceil(4 × 1) = 4, within max(2 × 1, 4) and max-scale.
    const stop = reportCpu(name, { [`${name}-a`]: 400 });
    let up: AutoscalerDecisionData;
    try {
      up = await fx.decisionWhere((d) => d.revision === name && d.desiredScale === 4);
    } finally {
      stop();
    }
    expect(up).toMatchObject({ namespace: NAMESPACE, desiredScale: 4, panicking: false });
    // Re-sent every tick while nothing changes, so the serving-controller never finds it stale.
    const from = fx.seen.length;
    await fx.decisionWhere((d) => d.revision === name && d.desiredScale === 4, from);

    // Idle: the recommendation drops to 1 but 4 stays until the 3 s stabilization window passes.
    const idle = reportCpu(name, { [`${name}-a`]: 2 });
    try {
      const down = await fx.decisionWhere((d) => d.revision === name && d.desiredScale < 4, from);
      expect(down.desiredScale).toBe(1);
    } finally {
      idle();
    }
    const exported = await fx.registry.getSingleMetricAsString('autoscaler_target_cpu_utilization_percentage');
    expect(exported).toContain(`revision_name="${name}",service_name=""} 50`);
  });

  it('measures against one core when the container has no cpu request, and targets 80% without a target', async () => {
    const name = 'norequest-00001';
    await fx.store.create(revision(name, {}));
    await fx.readyPod(name, `${name}-a`);
    // 1000m of an assumed 1000m request is 100%, against the default 80%: ratio 1.25 → 2.
    const stop = reportCpu(name, { [`${name}-a`]: 1000 });
    try {
      await fx.decisionWhere((d) => d.revision === name && d.desiredScale === 2);
    } finally {
      stop();
    }
  });

  it('leaves a revision with metric memory alone: no decision, one warning', async () => {
    const name = 'memory-00001';
    await fx.store.create(revision(name, { 'autoscaling.knative.dev/metric': 'memory' }));
    await fx.readyPod(name, `${name}-a`);
    const stop = reportCpu(name, { [`${name}-a`]: 1000 });
    try {
      // Another revision's decisions keep coming meanwhile; this one gets none.
      const control = 'control-00001';
      await fx.store.create(revision(control, { 'autoscaling.knative.dev/metric': 'cpu' }));
      await fx.readyPod(control, `${control}-a`);
      const from = fx.seen.length;
      await fx.decisionWhere((d) => d.revision === control, from);
      await fx.decisionWhere((d) => d.revision === control, fx.seen.length);
      expect(fx.seen.filter((d) => d.revision === name)).toEqual([]);
      expect(fx.warnings.filter((w) => w['revision'] === `${NAMESPACE}/${name}`)).toEqual([
        expect.objectContaining({ autoscalerClass: 'hpa.autoscaling.knative.dev', metric: 'memory' }),
      ]);
    } finally {
      stop();
    }
  });
});
