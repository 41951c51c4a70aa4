// The CPU sampler against real processes and /proc: a busy loop measures about one core, an idle
// process about nothing, a busy child counts for its parent; and, through a real ProcessRuntime,
// the samples arrive on NATS as dev.knts.runtime.cpu.v1 under a test catalogue prefix.
import { spawn, type ChildProcess } from 'node:child_process';
import { subscribeEvents, type RuntimeCpuData, type Stoppable } from '@knts/events';
import { ProcessRuntime } from '../process-runtime.adapter';
import { REPO_ROOT, eventually, openFixture, workloadSpec, type Fixture } from '../runtime-fixtures.spec-helper';
import { CpuSampler, clockTicksPerSecond, parseProcStat } from './cpu-sampler';
import { startCpuSampling, type CpuSampling } from './cpu-sampling';

jest.setTimeout(120_000);

const BUSY = 'for(;;){}';
/** What a spinning loop gets at least on a loaded 2-core machine; an idle process stays under 50. */
const BUSY_MIN = 300;
const IDLE = 'setInterval(() => {}, 1000)';
/** An idle parent whose child spins: the replica's CPU is its child's. */
const BUSY_CHILD = `require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(BUSY)}], { stdio: 'ignore' }); ${IDLE}`;

const children: ChildProcess[] = [];

/** A process group of its own, so cleanup takes its children too. */
function node(script: string): ChildProcess {
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore', detached: true });
  children.push(child);
  return child;
}

afterAll(() => {
  for (const child of children) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

describe('parseProcStat', () => {
  it('counts fields from the last parenthesis, so a command name with spaces and parentheses parses', () => {
    const fields = ['S', '1', '2', '3', '0', '-1', '4194560', '100', '0', '0', '0', '250', '50', '0', '0', '20', '0', '1', '0', '123456'];
    expect(parseProcStat(`42 (my (odd) name) ${fields.join(' ')} 0 0`)).toEqual({ utime: 250, stime: 50, starttime: '123456' });
    expect(parseProcStat('garbage')).toBeUndefined();
  });

  it('reads the clock tick from getconf', () => {
    expect(clockTicksPerSecond()).toBeGreaterThan(0);
  });
});

describe('CpuSampler on real processes', () => {
  it('measures a busy loop at up to 1000m, an idle process near 0 and a busy child as its parent’s', async () => {
    const busy = node(BUSY);
    const idle = node(IDLE);
    const parent = node(BUSY_CHILD);
    const samples: RuntimeCpuData[] = [];
    const sampler = new CpuSampler({
      processes: () => [
        { pod: 'busy', pid: busy.pid, ready: true },
        { pod: 'idle', pid: idle.pid, ready: true },
        { pod: 'parent', pid: parent.pid, ready: false },
      ],
      workloads: () => [{ namespace: 'default', name: 'cpu-00001' }],
      publish: (s) => samples.push(s),
      intervalMs: 500,
    });
    sampler.start();
    try {
      // The machine is shared (CI runs two test workers beside these two loops on two cores): a
      // loop gets a third of a core or more, an idle process next to nothing.
      const hit = await eventually(() => {
        const found = samples.find((s) => {
          const by = Object.fromEntries(s.pods.map((p) => [p.pod, p]));
          return (by['busy']?.millicores ?? 0) >= BUSY_MIN && (by['parent']?.millicores ?? 0) >= BUSY_MIN && (by['idle']?.millicores ?? 1e9) <= 50;
        });
        if (!found) throw new Error(`no matching sample yet: ${JSON.stringify(samples.slice(-3))}`);
        return found;
      }, 60_000);
      const by = Object.fromEntries(hit.pods.map((p) => [p.pod, p]));
      expect(by['busy']).toMatchObject({ ready: true, processes: 1 });
      expect(by['busy']?.millicores).toBeLessThanOrEqual(1200);
      // The parent and its spinning child.
      expect(by['parent']).toMatchObject({ ready: false, processes: 2 });
      expect(hit).toMatchObject({ namespace: 'default', revision: 'cpu-00001' });
      expect(hit.windowSeconds).toBeGreaterThan(0);
    } finally {
      await sampler.stop();
    }
  });

  it('leaves out a replica’s first second and a replica without a process', async () => {
    const idle = node(IDLE);
    const samples: RuntimeCpuData[] = [];
    const sampler = new CpuSampler({
      processes: () => [
        { pod: 'idle', pid: idle.pid, ready: true },
        { pod: 'starting', ready: false },
      ],
      workloads: () => [{ namespace: 'default', name: 'first-00001' }],
      publish: (s) => samples.push(s),
    });
    await sampler.sampleOnce();
    expect(samples).toEqual([]);
    await new Promise((r) => setTimeout(r, 200));
    await sampler.sampleOnce();
    expect(samples.map((s) => s.pods.map((p) => p.pod))).toEqual([['idle']]);
  });
});

describe('startCpuSampling with a ProcessRuntime (real NATS)', () => {
  let fx: Fixture;
  let runtime: ProcessRuntime;
  let sampling: CpuSampling;
  let subscription: Stoppable;
  const received: RuntimeCpuData[] = [];

  beforeAll(async () => {
    fx = await openFixture();
    runtime = new ProcessRuntime({
      store: fx.store,
      logs: fx.nc,
      catalogue: fx.catalogue,
      repoRoot: REPO_ROOT,
      drainMs: 50,
      imageMap: {
        // The server answers the readiness probe; the child it started spins.
        'knts.dev/test/busy-child': `sh -c "node -e '${BUSY}' & exec node examples/apps/helloworld-go/server.js"`,
      },
    });
    await runtime.start();
    subscription = await subscribeEvents(fx.nc, fx.catalogue.entries.runtimeCpu.filter(), (event) => {
      received.push(event.data as RuntimeCpuData);
    });
    sampling = startCpuSampling({
      runtime,
      connection: fx.nc,
      catalogue: fx.catalogue,
      // As the serving-controller does for HPA class, metric cpu: only some workloads.
      filter: (_namespace, name) => name !== 'other-00001',
    });
  });

  afterAll(async () => {
    await sampling?.stop();
    await subscription?.drain();
    await runtime?.close();
    await fx?.cleanup();
  });

  it('publishes each sampled revision’s replicas every second, with the busy child counted', async () => {
    await runtime.apply(workloadSpec('busy-00001', { image: 'knts.dev/test/busy-child' }), 1);
    await runtime.apply(workloadSpec('idle-00001', { image: 'gcr.io/knative-samples/helloworld-go' }), 1);
    await runtime.apply(workloadSpec('other-00001', { image: 'gcr.io/knative-samples/helloworld-go' }), 1);

    const busy = await eventually(() => {
      const hit = received.find((s) => s.revision === 'busy-00001' && s.pods.some((p) => p.ready && p.millicores >= BUSY_MIN));
      if (!hit) throw new Error(`no busy sample yet: ${JSON.stringify(received.filter((s) => s.revision === 'busy-00001').slice(-3))}`);
      return hit;
    }, 60_000);
    expect(busy.pods).toHaveLength(1);
    expect(busy.pods[0]?.pod).toMatch(/^busy-00001-deployment-/);
    expect(busy.pods[0]?.processes).toBeGreaterThanOrEqual(2);

    await eventually(() => {
      const hit = received.find((s) => s.revision === 'idle-00001' && s.pods.some((p) => p.ready && p.millicores <= 50));
      if (!hit) throw new Error(`no idle sample yet: ${JSON.stringify(received.filter((s) => s.revision === 'idle-00001').slice(-3))}`);
    }, 60_000);
    expect(received.filter((s) => s.revision === 'other-00001')).toEqual([]);

    // A deleted workload is no longer sampled: after the next full second, only idle-00001 comes.
    await runtime.delete('default', 'busy-00001');
    const from = received.length;
    const idleIndexes = (): number[] => received.flatMap((s, i) => (i >= from && s.revision === 'idle-00001' ? [i] : []));
    await eventually(() => expect(idleIndexes().length).toBeGreaterThanOrEqual(3), 30_000);
    expect(received.slice(idleIndexes()[1]).filter((s) => s.revision === 'busy-00001')).toEqual([]);
  });
});
