import type { WorkloadState } from '@knts/runtime';
import { InMemoryStore } from '../testing/in-memory-store';
import { RecordingRuntime } from '../testing/recording-runtime';
import { IMAGE, NS, revision } from '../testing/fixtures.spec-helper';
import { NOW, tableTest, type TableRow } from '../testing/reconciler-table.spec-helper';
import { desiredReplicas } from './replicas';
import { makeWorkload } from './resources/workload';
import { RevisionReconciler } from './revision.reconciler';

interface RevisionRow extends TableRow {
  runtimeState?: Partial<WorkloadState>;
  wantReplicas?: number;
}

const deploying = { type: 'Ready', status: 'Unknown', reason: 'Deploying' };

const rows: RevisionRow[] = [
  {
    name: 'a new Revision is applied with one replica and is Deploying until one is ready',
    objects: [revision('hello-00001', 'hello', 1)],
    key: 'default/hello-00001',
    wantReplicas: 1,
    wantResult: { requeueAfter: 600_000 },
    wantStatus: [
      {
        status: {
          observedGeneration: 1,
          actualReplicas: 0,
          desiredReplicas: 1,
          containerStatuses: [{ name: 'user-container', imageDigest: '' }],
          conditions: [
            { type: 'Active', status: 'Unknown', reason: 'Deploying' },
            { type: 'ContainerHealthy', status: 'Unknown', reason: 'Deploying' },
            deploying,
            { type: 'ResourcesAvailable', status: 'Unknown', reason: 'Deploying' },
          ],
        },
      },
    ],
  },
  {
    name: 'a ready replica makes the Revision Ready and Active',
    objects: [revision('hello-00001', 'hello', 1)],
    key: 'default/hello-00001',
    runtimeState: { readyReplicas: 1, actualReplicas: 1 },
    wantStatus: [
      {
        status: {
          actualReplicas: 1,
          desiredReplicas: 1,
          conditions: [
            { type: 'Active', status: 'True' },
            { type: 'ContainerHealthy', status: 'True' },
            { type: 'Ready', status: 'True' },
            { type: 'ResourcesAvailable', status: 'True' },
          ],
        },
      },
    ],
  },
  {
    name: 'a crashing container fails ContainerHealthy and Ready with the exit code',
    objects: [revision('hello-00001', 'hello', 1)],
    key: 'default/hello-00001',
    runtimeState: { failure: { reason: 'ExitCode1', message: 'Container failed with: boom', condition: 'ContainerHealthy' } },
    wantStatus: [
      {
        status: {
          conditions: [
            { type: 'Active', status: 'Unknown' },
            { type: 'ContainerHealthy', status: 'False', reason: 'ExitCode1', message: 'Container failed with: boom' },
            { type: 'Ready', status: 'False', reason: 'ExitCode1', message: 'Container failed with: boom' },
            { type: 'ResourcesAvailable', status: 'Unknown', reason: 'Deploying' },
          ],
        },
      },
    ],
  },
  {
    name: 'an image that cannot run fails ResourcesAvailable',
    objects: [revision('hello-00001', 'hello', 1, { image: 'example.invalid/missing' })],
    key: 'default/hello-00001',
    runtimeState: { failure: { reason: 'ImageNotMapped', message: 'Unable to fetch image "example.invalid/missing"', condition: 'ResourcesAvailable' } },
    wantStatus: [
      {
        status: {
          conditions: [
            { type: 'Active', status: 'Unknown' },
            { type: 'ContainerHealthy', status: 'Unknown' },
            { type: 'Ready', status: 'False', reason: 'ImageNotMapped', message: 'Unable to fetch image "example.invalid/missing"' },
            { type: 'ResourcesAvailable', status: 'False', reason: 'ImageNotMapped' },
          ],
        },
      },
    ],
  },
  {
    name: 'no ready replica within the progress deadline is ProgressDeadlineExceeded',
    objects: [revision('hello-00001', 'hello', 1, { meta: { creationTimestamp: '2025-12-31T23:49:00Z' } })],
    key: 'default/hello-00001',
    wantStatus: [
      {
        status: {
          conditions: [
            { type: 'Active', status: 'Unknown' },
            { type: 'ContainerHealthy', status: 'Unknown' },
            { type: 'Ready', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'Initial scale was never achieved' },
            { type: 'ResourcesAvailable', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'Initial scale was never achieved' },
          ],
        },
      },
    ],
  },
  {
    name: 'min-scale asks the runtime for that many replicas',
    objects: [revision('hello-00001', 'hello', 1, { annotations: { 'autoscaling.knative.dev/min-scale': '3' } })],
    key: 'default/hello-00001',
    wantReplicas: 3,
    wantResult: { requeueAfter: 600_000 },
    wantStatus: [{ status: { desiredReplicas: 3 } }],
  },
];

describe('RevisionReconciler', () => {
  tableTest(rows, (store, row) => {
    const runtime = new RecordingRuntime();
    if (row.runtimeState) runtime.setState(NS, 'hello-00001', row.runtimeState);
    const reconciler = new RevisionReconciler({ store, lister: store.lister, clock: () => NOW, runtime });
    return async (key) => {
      const result = await reconciler.reconcile(key);
      if (row.wantReplicas !== undefined) expect(runtime.applied.map((a) => a.replicas)).toEqual([row.wantReplicas]);
      return result;
    };
  });

  it('a deleted Revision has its workload deleted', async () => {
    const store = new InMemoryStore(() => NOW);
    const runtime = new RecordingRuntime();
    runtime.setState(NS, 'gone-00001', { readyReplicas: 1 });
    await new RevisionReconciler({ store, lister: store.lister, clock: () => NOW, runtime }).reconcile('default/gone-00001');
    expect(runtime.deleted).toEqual(['default/gone-00001']);
  });
});

describe('makeWorkload', () => {
  it('labels replicas with the revision and passes K_SERVICE, K_CONFIGURATION and K_REVISION', () => {
    const rev = revision('hello-00001', 'hello', 1, { labels: { 'serving.knative.dev/service': 'hello', 'serving.knative.dev/routingState': 'active' } });
    const spec = makeWorkload({ ...rev, spec: { containers: [{ name: 'user-container', image: IMAGE }], timeoutSeconds: 120 } } as Parameters<typeof makeWorkload>[0]);
    expect(spec).toMatchObject({
      namespace: NS,
      name: 'hello-00001',
      labels: {
        'serving.knative.dev/service': 'hello',
        'serving.knative.dev/configuration': 'hello',
        'serving.knative.dev/revision': 'hello-00001',
        'serving.knative.dev/revisionUID': 'hello-00001-uid',
        app: 'hello-00001',
      },
      owner: { kind: 'Revision', name: 'hello-00001', uid: 'hello-00001-uid', controller: true },
      env: { K_SERVICE: 'hello', K_CONFIGURATION: 'hello', K_REVISION: 'hello-00001' },
      terminationGracePeriodSeconds: 120,
    });
    expect(spec.labels).not.toHaveProperty(['serving.knative.dev/routingState']);
  });

  it('leaves K_SERVICE out for a Revision no Service owns', () => {
    const spec = makeWorkload(revision('blue-green-demo-00001', 'blue-green-demo', 1) as Parameters<typeof makeWorkload>[0]);
    expect(spec.env).toEqual({ K_CONFIGURATION: 'blue-green-demo', K_REVISION: 'blue-green-demo-00001' });
  });

  it.each([
    [{}, 1],
    [{ 'autoscaling.knative.dev/initial-scale': '0' }, 1],
    [{ 'autoscaling.knative.dev/initialScale': '2' }, 2],
    [{ 'autoscaling.knative.dev/min-scale': '2', 'autoscaling.knative.dev/initial-scale': '4' }, 4],
  ])('desiredReplicas(%j) = %d', (annotations, want) => {
    expect(desiredReplicas(revision('r', 'c', 1, { annotations }) as Parameters<typeof desiredReplicas>[0])).toBe(want);
  });
});
