// What the runtime does for a fast cold start, with real processes, real NATS and the store:
// the readiness hint (dev.knts.runtime.endpoints.v1) names a replica once its probe passed and
// its Pod exists, and drops it when it stops; output from a starting process triggers a
// readiness probe; the Pod is created while the process starts, and a name already taken gives
// the replica up without touching the other Pod; a scale from zero starts before the image map
// is read again.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { RESOURCE_TYPES, type KubeObject } from '@knts/api';
import { subscribeEvents, type RuntimeEndpointsData, type Stoppable } from '@knts/events';
import { findFreePort } from '@knts/observability';
import { AlreadyExistsError, type ResourceStore } from '@knts/store';
import { ProcessRuntime } from './process-runtime.adapter';
import { ProcessReplica } from './process/process-replica.adapter';
import { IMAGE_MAP_NAME, IMAGE_MAP_NAMESPACE } from './process/image-map';
import { POD_TYPE, eventually, httpGet, isAlive, openFixture, podsOf, workloadSpec, type Fixture } from './runtime-fixtures.spec-helper';

jest.setTimeout(40_000);

const HELLO = 'gcr.io/knative-samples/helloworld-go';
const REPO_ROOT = join(__dirname, '../../..');

let fx: Fixture;
beforeAll(async () => {
  fx = await openFixture();
});
afterAll(() => fx?.cleanup());

let n = 0;
const ns = (): string => `hints${++n}`;

describe('readiness hints', () => {
  let runtime: ProcessRuntime;
  let subscription: Stoppable;
  const hints: RuntimeEndpointsData[] = [];

  beforeAll(async () => {
    runtime = new ProcessRuntime({ store: fx.store, logs: fx.nc, endpointHints: fx.nc, catalogue: fx.catalogue, repoRoot: REPO_ROOT, drainMs: 200 });
    await runtime.start();
    subscription = await subscribeEvents(fx.nc, fx.catalogue.entries.runtimeEndpoints.filter(), (event) => {
      hints.push(event.data as RuntimeEndpointsData);
    });
  });

  afterAll(async () => {
    await runtime?.close();
    await subscription?.stop();
  });

  it('names the ready replica of a revision once its probe passed and its Pod exists, and drops it when it stops', async () => {
    const namespace = ns();
    const spec = workloadSpec('hello-00001', { image: HELLO, env: [{ name: 'TARGET', value: 'hint' }] }, namespace);
    await runtime.apply(spec, 1);
    const ready = await eventually(() => {
      const found = hints.find((h) => h.namespace === namespace && h.endpoints.length === 1);
      expect(found).toBeDefined();
      return found as RuntimeEndpointsData;
    });
    expect(ready).toMatchObject({ revision: 'hello-00001', runtime: runtime.instanceId });
    const [endpoint] = ready.endpoints;
    expect(endpoint.host).toBe('127.0.0.1');
    // The replica it names answers, and its Pod is in the store with that address.
    expect(await httpGet(endpoint.port)).toEqual({ status: 200, body: 'Hello hint!\n' });
    const pod = await fx.store.get<KubeObject>(POD_TYPE, namespace, endpoint.pod);
    expect((pod?.spec as { containers: Array<{ ports: Array<{ containerPort: number }> }> }).containers[0].ports[0].containerPort).toBe(endpoint.port);
    expect(runtime.state(namespace, 'hello-00001')?.endpoints).toEqual([endpoint]);

    await runtime.apply(spec, 0);
    const stopped = await eventually(() => {
      const found = hints.find((h) => h.namespace === namespace && h.sequence > ready.sequence);
      expect(found).toBeDefined();
      return found as RuntimeEndpointsData;
    });
    expect(stopped.endpoints).toEqual([]);
    // Then the Pod goes not Ready, and is deleted once the process is gone.
    const drained = await eventually(async () => {
      const [p] = await podsOf(fx.store, namespace, 'hello-00001');
      expect(p?.ready).toBe(false);
      return p;
    });
    expect(drained.name).toBe(endpoint.pod);
    await eventually(async () => expect(await podsOf(fx.store, namespace, 'hello-00001')).toEqual([]));
    // One hint per change of the set: ready, then empty.
    expect(hints.filter((h) => h.namespace === namespace).map((h) => h.endpoints.length)).toEqual([1, 0]);
  });
});

it('probes at once when a starting process writes a line, not a probe period later', async () => {
  const port = await findFreePort();
  // Listens after 300 ms, then says so; without the line the next probe would be a minute away.
  const script = `console.log('starting'); setTimeout(() => require('node:http').createServer((q, r) => r.end('ok')).listen(${port}, () => console.log('listening')), 300);`;
  let ready = false;
  const replica = new ProcessReplica({
    pod: 'nudge-00001-deployment-bcdfg',
    port,
    containerName: 'user-container',
    image: 'test',
    prepare: async () => ({ argv: [process.execPath, '-e', script], env: { PATH: process.env.PATH ?? '' }, cwd: REPO_ROOT }),
    readiness: {
      action: { kind: 'tcp', host: '127.0.0.1', port },
      initialDelayMs: 0,
      periodMs: 60_000,
      timeoutMs: 1000,
      successThreshold: 1,
      failureThreshold: 3,
      aggressive: { steadyPeriodMs: 60_000, steadyTimeoutMs: 1000 },
    },
    terminationGraceMs: 2000,
    onOutput: () => undefined,
    onChange: () => (ready = replica.view().ready),
    clock: () => new Date(),
  });
  try {
    replica.start();
    await eventually(() => expect(ready).toBe(true), 20_000);
  } finally {
    await replica.terminate();
  }
});

it('gives up a replica whose Pod name is taken, leaves that Pod alone, and starts another under a new name', async () => {
  const namespace = ns();
  let taken: string | undefined;
  // A store whose first Pod create finds the name taken (by a Pod it writes itself, standing for
  // another runtime's).
  const store = new Proxy(fx.store, {
    get(target, key, receiver) {
      if (key !== 'create') return Reflect.get(target, key, receiver) as unknown;
      return async (object: KubeObject) => {
        if (object.kind === 'Pod' && taken === undefined) {
          taken = object.metadata.name;
          await target.create({ ...object, metadata: { ...object.metadata, labels: { ...object.metadata.labels, 'knts.dev/runtime-instance': 'someone-else' } } });
          throw new AlreadyExistsError(`pods "${taken}" already exists`);
        }
        return target.create(object);
      };
    },
  }) as ResourceStore;
  const changes: string[] = [];
  const pids = new Set<number>();
  const runtime = new ProcessRuntime({ store, logs: () => undefined, repoRoot: REPO_ROOT, drainMs: 50 });
  runtime.onChange((namespace_, name) => {
    changes.push(namespace_);
    for (const p of runtime.processes(namespace_, name)) if (p.pid !== undefined) pids.add(p.pid);
  });
  const spec = workloadSpec('taken-00001', { image: HELLO }, namespace);
  try {
    await runtime.apply(spec, 1);
    const [replica] = await eventually(() => {
      const running = runtime.processes(namespace, 'taken-00001').filter((p) => p.ready);
      expect(running).toHaveLength(1);
      return running;
    });
    expect(replica.pod).not.toBe(taken);
    expect(replica.pid !== undefined && isAlive(replica.pid)).toBe(true);
    expect(changes).toContain(namespace);
    expect(runtime.processes(namespace, 'taken-00001')).toHaveLength(1);
    // Whatever process the given-up replica had is gone.
    await eventually(() => expect([...pids].filter((pid) => pid !== replica.pid && isAlive(pid))).toEqual([]));
    // The other runtime's Pod is still there, untouched.
    const other = await fx.store.get<KubeObject>(POD_TYPE, namespace, taken ?? '');
    expect(other?.metadata.labels?.['knts.dev/runtime-instance']).toBe('someone-else');
  } finally {
    await runtime.close();
    if (taken) await fx.store.delete(POD_TYPE, namespace, taken).catch(() => undefined);
  }
});

it('starts replicas from zero with the image entry resolved last, and rolls them when the image map changed meanwhile', async () => {
  const namespace = ns();
  const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: IMAGE_MAP_NAME, namespace: IMAGE_MAP_NAMESPACE } };
  const mapTo = (args: string) =>
    fx.store.apply({ ...CONFIG_MAP, data: { images: `knts.dev/test/switch: node examples/apps/helloworld-go/server.js ${args}` } } as KubeObject);
  const argsOf = (pid: number | undefined): string => execFileSync('ps', ['-o', 'args=', '-p', String(pid)]).toString();
  const runtime = new ProcessRuntime({ store: fx.store, logs: () => undefined, repoRoot: REPO_ROOT, drainMs: 50 });
  const spec = workloadSpec('switch-00001', { image: 'knts.dev/test/switch' }, namespace);
  try {
    await mapTo('--first');
    await runtime.apply(spec, 1);
    await eventually(() => expect(runtime.state(namespace, 'switch-00001')?.readyReplicas).toBe(1));
    await runtime.apply(spec, 0);
    await eventually(() => expect(runtime.processes(namespace, 'switch-00001')).toEqual([]));

    // Unchanged map: the replica from zero is the only one, started from the entry known.
    await runtime.apply(spec, 1);
    const [same] = await eventually(() => {
      const ready = runtime.processes(namespace, 'switch-00001').filter((p) => p.ready);
      expect(ready).toHaveLength(1);
      return ready;
    });
    expect(runtime.processes(namespace, 'switch-00001')).toHaveLength(1);
    expect(argsOf(same.pid)).toContain('--first');
    await runtime.apply(spec, 0);
    await eventually(() => expect(runtime.processes(namespace, 'switch-00001')).toEqual([]));

    // Changed map: the one started from the old entry is replaced by one of the new entry.
    await mapTo('--second');
    await runtime.apply(spec, 1);
    const [rolled] = await eventually(() => {
      const all = runtime.processes(namespace, 'switch-00001');
      expect(all).toHaveLength(1);
      expect(all[0].ready).toBe(true);
      return all;
    });
    expect(argsOf(rolled.pid)).toContain('--second');
  } finally {
    await runtime.close();
    const configMaps = RESOURCE_TYPES.find((t) => t.group === '' && t.kind === 'ConfigMap');
    if (configMaps) await fx.store.delete(configMaps, IMAGE_MAP_NAMESPACE, IMAGE_MAP_NAME).catch(() => undefined);
  }
});
