import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '@knts/api';
import { readLogLines, type LogLine } from '@knts/events';
import { findFreePort } from '@knts/observability';
import { jetstream } from '@nats-io/jetstream';
import { ProcessRuntime } from './process-runtime.adapter';
import {
  POD_TYPE,
  eventually,
  httpGet,
  isAlive,
  openFixture,
  podsOf,
  workloadSpec,
  type Fixture,
} from './runtime-fixtures.spec-helper';
import type { WorkloadState } from './workload-runtime';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const HELLO = 'gcr.io/knative-samples/helloworld-go';
const PROBE = 'knts.dev/examples/runtime-probe';

describe('ProcessRuntime (real processes, NATS store)', () => {
  let fx: Fixture;
  let runtime: ProcessRuntime;
  let tmp: string;

  beforeAll(async () => {
    fx = await openFixture();
    tmp = mkdtempSync(join(tmpdir(), 'knts-runtime-'));
    runtime = new ProcessRuntime({
      store: fx.store,
      logs: fx.nc,
      catalogue: fx.catalogue,
      repoRoot: join(__dirname, '../../..'),
      drainMs: 50,
      backoff: { initialMs: 200, maxMs: 1000 },
      configRetryMs: 100,
      imageMap: {
        'knts.dev/test/crash': 'sh -c "echo starting; echo boom: cannot open database >&2; exit 3"',
      },
    });
    await runtime.start();
  });

  afterAll(async () => {
    await runtime?.close();
    await fx?.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  });

  let n = 0;
  const ns = (): string => `ns${++n}`;

  async function readyState(namespace: string, name: string, replicas: number): Promise<WorkloadState> {
    return eventually(() => {
      const state = runtime.state(namespace, name);
      expect(state?.readyReplicas).toBe(replicas);
      return state as WorkloadState;
    });
  }

  /** The endpoints the runtime reports are exactly the store's ready Pods. */
  async function consistent(namespace: string, name: string, replicas: number): Promise<void> {
    await eventually(async () => {
      const state = runtime.state(namespace, name);
      const pods = (await podsOf(fx.store, namespace, name)).filter((p) => p.ready && !p.deleting);
      expect(state?.endpoints).toHaveLength(replicas);
      expect(pods.map((p) => `${p.name}@${p.host}:${p.port}`).sort()).toEqual(
        (state?.endpoints ?? []).map((e) => `${e.pod}@${e.host}:${e.port}`).sort(),
      );
    });
  }

  it('runs helloworld-go with TARGET, publishes a Running Ready Pod and answers on its PORT', async () => {
    const namespace = ns();
    const spec = workloadSpec(
      'hello-00001',
      { image: HELLO, ports: [{ containerPort: 8080 }], env: [{ name: 'TARGET', value: 'Knative serving' }] },
      namespace,
    );
    await runtime.apply(spec, 1);
    const state = await readyState(namespace, 'hello-00001', 1);
    const endpoint = state.endpoints[0];
    expect(endpoint.host).toBe('127.0.0.1');
    expect(await httpGet(endpoint.port)).toEqual({ status: 200, body: 'Hello Knative serving!\n' });
    await consistent(namespace, 'hello-00001', 1);
    const [pod] = await podsOf(fx.store, namespace, 'hello-00001');
    expect(pod.name).toMatch(/^hello-00001-deployment-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.object.metadata.labels).toMatchObject({
      app: 'hello-00001',
      'serving.knative.dev/revision': 'hello-00001',
    });
    expect(pod.object.metadata.ownerReferences).toEqual([
      { ...spec.owner, controller: true, blockOwnerDeletion: true },
    ]);
    const podSpec = pod.object.spec as { containers: Array<{ name: string; ports: unknown }>; nodeName: string };
    expect(podSpec.containers[0].ports).toEqual([{ containerPort: endpoint.port, name: 'user-port', protocol: 'TCP' }]);
    expect(podSpec.nodeName).toBeTruthy();
    const status = pod.object.status as {
      phase: string;
      podIP: string;
      startTime: string;
      containerStatuses: Array<{ ready: boolean; state: { running?: unknown } }>;
    };
    expect(status.phase).toBe('Running');
    expect(status.podIP).toBe('127.0.0.1');
    expect(status.startTime).toBeTruthy();
    expect(status.containerStatuses[0].ready).toBe(true);
    expect(status.containerStatuses[0].state.running).toBeDefined();

    // Its output reached KNTS_LOGS under knts.logs.{namespace}.{pod}.{container}.
    const subject = fx.catalogue.entries.logLine.subject({ namespace, pod: pod.name, container: 'user-container' });
    const lines = await eventually(async () => {
      const got: LogLine[] = [];
      const reader = await readLogLines(jetstream(fx.nc), fx.catalogue.streams.logs.name, subject, (l) => got.push(l));
      await reader.closed;
      expect(got.map((l) => l.text).join('\n')).toContain('helloworld: starting server...');
      return got;
    });
    expect(lines.find((l) => l.text.includes('helloworld: starting server...'))?.stream).toBe('stderr');
  });

  it('gives the container PORT, K_*, env and envFrom from ConfigMaps and Secrets, command/args and workingDir', async () => {
    const namespace = ns();
    await fx.store.create<KubeObject>({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'conf', namespace },
      data: { color: 'blue', size: 'L' },
    });
    await fx.store.create<KubeObject>({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace },
      data: { user: b64('admin'), password: b64('s3cr3t') },
    });
    const workingDir = join(tmp, 'work dir');
    const spec = workloadSpec(
      'probe-00001',
      {
        image: PROBE,
        command: ['node', join(__dirname, '../../../examples/apps/runtime-probe/server.js')],
        args: ['--revision=$(K_REVISION)', '$$(K_REVISION)'],
        workingDir,
        env: [
          { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'conf', key: 'color' } } },
          { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
          { name: 'MISSING_OK', valueFrom: { configMapKeyRef: { name: 'nope', key: 'x', optional: true } } },
          { name: 'GREETING', value: 'hi $(COLOR)' },
        ],
        envFrom: [{ configMapRef: { name: 'conf' }, prefix: 'CONF_' }, { secretRef: { name: 'creds' } }],
      },
      namespace,
    );
    const state = await (async () => {
      await runtime.apply(spec, 1);
      return readyState(namespace, 'probe-00001', 1);
    })();
    const port = state.endpoints[0].port;
    const report = JSON.parse((await httpGet(port)).body) as {
      env: Record<string, string>;
      cwd: string;
      args: string[];
      stdinEOF: boolean;
    };
    expect(report.env).toMatchObject({
      PORT: String(port),
      K_SERVICE: 'probe',
      K_CONFIGURATION: 'probe',
      K_REVISION: 'probe-00001',
      COLOR: 'blue',
      PASSWORD: 's3cr3t',
      GREETING: 'hi blue',
      CONF_color: 'blue',
      CONF_size: 'L',
      user: 'admin',
      password: 's3cr3t',
    });
    expect(report.env.MISSING_OK).toBeUndefined();
    expect(report.env.NODE_OPTIONS).toBeUndefined();
    expect(report.cwd).toBe(workingDir);
    expect(report.args).toEqual(['--revision=probe-00001', '$(K_REVISION)']);
  });

  it('waits for a missing ConfigMap (CreateContainerConfigError) and starts once it exists', async () => {
    const namespace = ns();
    const spec = workloadSpec(
      'late-00001',
      { image: HELLO, env: [{ name: 'TARGET', valueFrom: { configMapKeyRef: { name: 'later', key: 'target' } } }] },
      namespace,
    );
    await runtime.apply(spec, 1);
    const failure = await eventually(() => {
      const f = runtime.state(namespace, 'late-00001')?.failure;
      expect(f).toEqual({
        condition: 'ResourcesAvailable',
        reason: 'CreateContainerConfigError',
        message: 'configmap "later" not found',
      });
      return f;
    });
    expect(failure).toBeDefined();
    await fx.store.create<KubeObject>({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'later', namespace },
      data: { target: 'later' },
    });
    const state = await readyState(namespace, 'late-00001', 1);
    expect(state.failure).toBeUndefined();
    expect((await httpGet(state.endpoints[0].port)).body).toBe('Hello later!\n');
  });

  it('uses httpGet and exec readiness probes', async () => {
    const namespace = ns();
    const http = workloadSpec(
      'http-00001',
      {
        image: PROBE,
        ports: [{ containerPort: 8080 }],
        readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
      },
      namespace,
    );
    await runtime.apply(http, 1);
    await readyState(namespace, 'http-00001', 1);

    const flag = join(tmp, `ready-${Date.now()}`);
    const exec = workloadSpec(
      'exec-00001',
      { image: HELLO, readinessProbe: { exec: { command: ['test', '-f', flag] } } },
      namespace,
    );
    await runtime.apply(exec, 1);
    await eventually(() => expect(runtime.state(namespace, 'exec-00001')?.actualReplicas).toBe(1));
    expect(runtime.state(namespace, 'exec-00001')?.readyReplicas).toBe(0);
    writeFileSync(flag, '');
    await readyState(namespace, 'exec-00001', 1);
    await consistent(namespace, 'exec-00001', 1);
  });

  it('scales 1 → 3 → 1 with endpoints matching the ready Pods in the store, then deletes every process and Pod', async () => {
    const namespace = ns();
    const spec = workloadSpec('scale-00001', { image: HELLO }, namespace);
    await runtime.apply(spec, 1);
    await consistent(namespace, 'scale-00001', 1);
    await runtime.apply(spec, 3);
    await consistent(namespace, 'scale-00001', 3);
    const ports = new Set(runtime.state(namespace, 'scale-00001')?.endpoints.map((e) => e.port));
    expect(ports.size).toBe(3);
    await runtime.apply(spec, 1);
    await consistent(namespace, 'scale-00001', 1);
    await eventually(async () => expect(await podsOf(fx.store, namespace, 'scale-00001')).toHaveLength(1));
    await eventually(() => expect(runtime.processes(namespace, 'scale-00001')).toHaveLength(1));

    const pids = runtime.processes(namespace, 'scale-00001').map((p) => p.pid ?? 0);
    expect(pids.every((p) => p > 0 && isAlive(p))).toBe(true);
    await runtime.delete(namespace, 'scale-00001');
    expect(pids.filter(isAlive)).toEqual([]);
    expect(runtime.state(namespace, 'scale-00001')).toBeUndefined();
    // Pod deletions are written behind the processes' exits; the store catches up.
    await eventually(async () => expect(await podsOf(fx.store, namespace, 'scale-00001')).toEqual([]));
  });

  it('changes nothing when the same spec is applied again', async () => {
    const namespace = ns();
    const spec = workloadSpec('same-00001', { image: HELLO }, namespace);
    await runtime.apply(spec, 2);
    await consistent(namespace, 'same-00001', 2);
    const before = runtime.processes(namespace, 'same-00001');
    const podsBefore = (await podsOf(fx.store, namespace, 'same-00001'))
      .map((p) => `${p.name}@${p.object.metadata.resourceVersion}`)
      .sort();
    const state = await runtime.apply(structuredClone(spec), 2);
    expect(state.readyReplicas).toBe(2);
    expect(runtime.processes(namespace, 'same-00001')).toEqual(before);
    expect(
      (await podsOf(fx.store, namespace, 'same-00001'))
        .map((p) => `${p.name}@${p.object.metadata.resourceVersion}`)
        .sort(),
    ).toEqual(podsBefore);
  });

  it('replaces replicas on a spec change only once the new ones are ready', async () => {
    const namespace = ns();
    const spec = workloadSpec('roll-00001', { image: HELLO, env: [{ name: 'TARGET', value: 'A' }] }, namespace);
    await runtime.apply(spec, 1);
    const first = (await readyState(namespace, 'roll-00001', 1)).endpoints[0];
    const seen: number[] = [];
    const off = runtime.onChange(() => seen.push(runtime.state(namespace, 'roll-00001')?.readyReplicas ?? 0));
    await runtime.apply({ ...spec, containers: [{ image: HELLO, env: [{ name: 'TARGET', value: 'B' }] }] }, 1);
    await eventually(() => {
      const endpoints = runtime.state(namespace, 'roll-00001')?.endpoints ?? [];
      expect(endpoints).toHaveLength(1);
      expect(endpoints[0].pod).not.toBe(first.pod);
    });
    off();
    // At no point did the workload have no ready replica.
    expect(seen.filter((r) => r === 0)).toEqual([]);
    expect((await httpGet(runtime.state(namespace, 'roll-00001')?.endpoints[0].port ?? 0)).body).toBe('Hello B!\n');
    await consistent(namespace, 'roll-00001', 1);
  });

  it('reports a crashing container as ExitCode<N> with its stderr, and restarts it with back-off', async () => {
    const namespace = ns();
    await runtime.apply(workloadSpec('crash-00001', { image: 'knts.dev/test/crash' }, namespace), 1);
    const failure = await eventually(() => {
      const f = runtime.state(namespace, 'crash-00001')?.failure;
      expect(f?.reason).toBe('ExitCode3');
      return f;
    });
    expect(failure?.condition).toBe('ContainerHealthy');
    expect(failure?.message).toContain('Container failed with: boom: cannot open database');
    expect(failure?.message).toContain('exit code 3');
    await eventually(async () => {
      const [pod] = await podsOf(fx.store, namespace, 'crash-00001');
      expect(pod.restartCount).toBeGreaterThanOrEqual(2);
      const status = pod.object.status as {
        containerStatuses: Array<{ lastState: { terminated?: { exitCode: number; message: string } } }>;
      };
      expect(status.containerStatuses[0].lastState.terminated).toMatchObject({
        exitCode: 3,
        message: expect.stringContaining('boom'),
      });
    });
  });

  it('fails an unmapped image with ContainerMissing and how to map it', async () => {
    const namespace = ns();
    const state = await runtime.apply(workloadSpec('nomap-00001', { image: 'gcr.io/x/y' }, namespace), 1);
    expect(state.failure).toEqual({
      condition: 'ContainerHealthy',
      reason: 'ContainerMissing',
      message:
        'Unable to fetch image "gcr.io/x/y": image "gcr.io/x/y" is not mapped to a local command; add it to ConfigMap knative-serving/knts-image-map (data: {"images":"gcr.io/x/y: node path/to/server.js"})',
    });
    expect(state.actualReplicas).toBe(0);
    // Mapping it through the ConfigMap makes the next apply run it.
    await fx.store.create<KubeObject>({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'knts-image-map', namespace: 'knative-serving' },
      data: { images: 'gcr.io/x/y: node examples/apps/helloworld-go/server.js' },
    });
    await runtime.apply(workloadSpec('nomap-00001', { image: 'gcr.io/x/y' }, namespace), 1);
    expect((await readyState(namespace, 'nomap-00001', 1)).failure).toBeUndefined();
  });

  it('restarts a replica whose liveness probe fails', async () => {
    const namespace = ns();
    const closed = await findFreePort();
    await runtime.apply(
      workloadSpec(
        'live-00001',
        { image: HELLO, livenessProbe: { tcpSocket: { port: closed }, periodSeconds: 1, failureThreshold: 1 } },
        namespace,
      ),
      1,
    );
    await eventually(async () => {
      const [pod] = await podsOf(fx.store, namespace, 'live-00001');
      expect(pod.restartCount).toBeGreaterThanOrEqual(1);
    });
    expect(runtime.processes(namespace, 'live-00001')[0].restartCount).toBeGreaterThanOrEqual(1);
  });

  it('deletes Pods an earlier runtime left behind', async () => {
    const namespace = ns();
    const earlier = new ProcessRuntime({
      store: fx.store,
      logs: () => undefined,
      catalogue: fx.catalogue,
      repoRoot: join(__dirname, '../../..'),
      drainMs: 0,
    });
    await earlier.apply(workloadSpec('stale-00001', { image: HELLO }, namespace), 1);
    await eventually(async () => expect(await podsOf(fx.store, namespace, 'stale-00001')).toHaveLength(1));
    // Simulate a crash of the earlier runtime: its processes die, its Pods stay.
    for (const p of earlier.processes(namespace, 'stale-00001')) if (p.pid) process.kill(-p.pid, 'SIGKILL');
    const next = new ProcessRuntime({
      store: fx.store,
      logs: () => undefined,
      catalogue: fx.catalogue,
      repoRoot: join(__dirname, '../../..'),
    });
    await next.start();
    expect(await podsOf(fx.store, namespace, 'stale-00001')).toEqual([]);
    expect((await fx.store.list(POD_TYPE, { namespace })).items).toEqual([]);
    await earlier.close();
    await next.close();
  });
});
