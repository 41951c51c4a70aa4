import type { WorkloadSpec } from '../workload-runtime';
import { buildPod, labelValue, podStatus, servingContainer, type ReplicaView } from './pod-manifest';

const spec: WorkloadSpec = {
  namespace: 'default',
  name: 'hello-00001',
  labels: { 'serving.knative.dev/revision': 'hello-00001' },
  annotations: { 'autoscaling.knative.dev/target': '10' },
  owner: { apiVersion: 'serving.knative.dev/v1', kind: 'Revision', name: 'hello-00001', uid: 'u-1' },
  containers: [
    { name: 'sidecar', image: 'side' },
    {
      image: 'gcr.io/knative-samples/helloworld-go',
      ports: [{ containerPort: 8080 }],
      env: [{ name: 'TARGET', value: 'x' }],
    },
  ],
  env: { K_SERVICE: 'hello', K_CONFIGURATION: 'hello', K_REVISION: 'hello-00001' },
  terminationGracePeriodSeconds: 30,
};

describe('buildPod', () => {
  it('publishes the serving container first with exactly one user-port', () => {
    const pod = buildPod(spec, {
      podName: 'hello-00001-deployment-abcde',
      port: 40001,
      nodeName: 'box',
      runtimeLabels: { 'knts.dev/runtime': 'process' },
    });
    expect(pod.metadata).toEqual({
      name: 'hello-00001-deployment-abcde',
      namespace: 'default',
      labels: { 'serving.knative.dev/revision': 'hello-00001', app: 'hello-00001', 'knts.dev/runtime': 'process' },
      annotations: { 'autoscaling.knative.dev/target': '10' },
      ownerReferences: [{ ...spec.owner, controller: true, blockOwnerDeletion: true }],
    });
    const podSpec = pod.spec as { containers: Array<{ name: string; ports: unknown; env: unknown }>; nodeName: string };
    expect(podSpec.nodeName).toBe('box');
    expect(podSpec.containers).toHaveLength(1);
    expect(podSpec.containers[0].name).toBe('user-container');
    expect(podSpec.containers[0].ports).toEqual([{ containerPort: 40001, name: 'user-port', protocol: 'TCP' }]);
    expect(podSpec.containers[0].env).toEqual([
      { name: 'TARGET', value: 'x' },
      { name: 'PORT', value: '40001' },
      { name: 'K_SERVICE', value: 'hello' },
      { name: 'K_CONFIGURATION', value: 'hello' },
      { name: 'K_REVISION', value: 'hello-00001' },
    ]);
    expect(servingContainer({ containers: [{ image: 'a' }, { image: 'b' }] }).image).toBe('a');
  });
});

describe('podStatus', () => {
  const base: ReplicaView = {
    pod: 'p',
    port: 1,
    containerName: 'user-container',
    image: 'img',
    ready: false,
    started: false,
    stopping: false,
    restartCount: 0,
    state: { waiting: { reason: 'ContainerCreating' } },
    createdAt: new Date('2024-01-01T00:00:00.500Z'),
    readyChangedAt: new Date('2024-01-01T00:00:00Z'),
  };
  const ctx = { podIP: '127.0.0.1', hostIP: '127.0.0.1' };
  const readyOf = (s: Record<string, unknown>): unknown =>
    (s.conditions as Array<{ type: string; status: string }>).find((c) => c.type === 'Ready')?.status;

  it('is Pending and not Ready before the process starts', () => {
    const s = podStatus(base, ctx);
    expect(s.phase).toBe('Pending');
    expect(readyOf(s)).toBe('False');
    expect(s.startTime).toBeUndefined();
  });

  it('is Running and Ready while the probe passes, and not Ready once stopping', () => {
    const running: ReplicaView = {
      ...base,
      ready: true,
      started: true,
      firstStartedAt: new Date('2024-01-01T00:00:01Z'),
      state: { running: { startedAt: '2024-01-01T00:00:01Z' } },
    };
    const s = podStatus(running, ctx);
    expect(s).toMatchObject({ phase: 'Running', podIP: '127.0.0.1', startTime: '2024-01-01T00:00:01Z' });
    expect(readyOf(s)).toBe('True');
    expect(s.containerStatuses).toEqual([
      {
        name: 'user-container',
        image: 'img',
        imageID: '',
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: '2024-01-01T00:00:01Z' } },
        lastState: {},
      },
    ]);
    expect(readyOf(podStatus({ ...running, stopping: true }, ctx))).toBe('False');
  });

  it('makes label values from host names', () => {
    expect(labelValue('my_host.local')).toBe('my_host.local');
    expect(labelValue('-weird host!-')).toBe('weird-host');
  });
});
