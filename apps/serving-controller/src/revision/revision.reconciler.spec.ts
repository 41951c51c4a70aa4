import type { Condition, KubeObject } from '@knts/api';
import type { AutoscalerDecisionData } from '@knts/events';
import type { WorkloadState } from '@knts/runtime';
import type { DecisionSource, LatestDecision } from '../autoscaling/decision-source';
import { InMemoryStore } from '../testing/in-memory-store';
import { RecordingRuntime } from '../testing/recording-runtime';
import { IMAGE, NS, revision } from '../testing/fixtures.spec-helper';
import { NOW, tableTest, type TableRow } from '../testing/reconciler-table.spec-helper';
import { desiredReplicas } from './replicas';
import { makeWorkload } from './resources/workload';
import { RevisionReconciler } from './revision.reconciler';

interface RevisionRow extends TableRow {
  runtimeState?: Partial<WorkloadState>;
  /** The latest decision for hello-00001, received `ageMs` before NOW. */
  decision?: { desiredScale: number; ageMs: number };
  wantReplicas?: number;
}

/** The decisions the reconciler sees, as ScaleDecisions would hold them. */
class FixedDecisions implements DecisionSource {
  readonly forgotten: string[] = [];
  constructor(private readonly decisions: Map<string, LatestDecision>) {}
  latest(namespace: string, name: string): LatestDecision | undefined {
    return this.decisions.get(`${namespace}/${name}`);
  }
  forget(namespace: string, name: string): void {
    this.forgotten.push(`${namespace}/${name}`);
  }
}

function decisionOf(desiredScale: number, receivedAtMs: number): LatestDecision {
  const data: AutoscalerDecisionData = {
    namespace: NS,
    revision: 'hello-00001',
    desiredScale,
    excessBurstCapacity: 0,
    observedStableConcurrency: 0,
    observedPanicConcurrency: 0,
    panicking: false,
    timestamp: new Date(receivedAtMs).toISOString(),
  };
  return { desiredScale, receivedAtMs, data };
}

const allTrue: Condition[] = [
  { type: 'Active', status: 'True' },
  { type: 'ContainerHealthy', status: 'True' },
  { type: 'Ready', status: 'True' },
  { type: 'ResourcesAvailable', status: 'True' },
];

/** A Revision that was Ready and Active with `desiredReplicas` asked of the runtime. */
function readyRevision(desiredReplicas: number, opts: { annotations?: Record<string, string>; conditions?: Condition[] } = {}): KubeObject {
  const base = revision('hello-00001', 'hello', 1, { annotations: opts.annotations, conditions: opts.conditions ?? allTrue });
  return { ...base, status: { ...(base.status as Record<string, unknown>), desiredReplicas, actualReplicas: desiredReplicas } };
}

const stillReady = [
  { type: 'ContainerHealthy', status: 'True' },
  { type: 'Ready', status: 'True' },
  { type: 'ResourcesAvailable', status: 'True' },
];
const noTraffic = { type: 'Active', status: 'False', reason: 'NoTraffic', message: 'The target is not receiving traffic.' };

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
  {
    name: 'a fresh decision scales a Ready Revision up',
    objects: [readyRevision(1)],
    key: 'default/hello-00001',
    runtimeState: { desiredReplicas: 1, readyReplicas: 1, actualReplicas: 1 },
    decision: { desiredScale: 3, ageMs: 1_000 },
    wantReplicas: 3,
    wantStatus: [{ status: { desiredReplicas: 3, actualReplicas: 1, conditions: [{ type: 'Active', status: 'True' }, ...stillReady] } }],
  },
  {
    name: 'a fresh decision of zero stops every replica; the Revision stays Ready, Active False NoTraffic',
    objects: [readyRevision(1)],
    key: 'default/hello-00001',
    runtimeState: { desiredReplicas: 1, readyReplicas: 0, actualReplicas: 0 },
    decision: { desiredScale: 0, ageMs: 0 },
    wantReplicas: 0,
    wantStatus: [{ status: { desiredReplicas: 0, actualReplicas: 0, conditions: [noTraffic, ...stillReady] } }],
  },
  {
    name: 'a stale decision keeps the count that runs',
    objects: [readyRevision(2)],
    key: 'default/hello-00001',
    runtimeState: { desiredReplicas: 2, readyReplicas: 2, actualReplicas: 2 },
    decision: { desiredScale: 0, ageMs: 6_000 },
    wantReplicas: 2,
    wantStatus: [{ status: { desiredReplicas: 2 } }],
  },
  {
    name: 'no decision after a restart keeps the count in the status, zero included',
    objects: [readyRevision(0, { conditions: [noTraffic, ...allTrue.slice(1)] as Condition[] })],
    key: 'default/hello-00001',
    wantReplicas: 0,
    wantStatus: [{ status: { desiredReplicas: 0, conditions: [noTraffic, ...stillReady] } }],
  },
  {
    name: 'a decision of one brings a Revision back from zero: Active Unknown Queued while no replica is ready',
    objects: [readyRevision(0, { conditions: [noTraffic, ...allTrue.slice(1)] as Condition[] })],
    key: 'default/hello-00001',
    runtimeState: { desiredReplicas: 0, readyReplicas: 0, actualReplicas: 0 },
    decision: { desiredScale: 1, ageMs: 0 },
    wantReplicas: 1,
    wantStatus: [
      {
        status: {
          desiredReplicas: 1,
          actualReplicas: 0,
          conditions: [{ type: 'Active', status: 'Unknown', reason: 'Queued', message: 'Requests to the target are being buffered as resources are provisioned.' }, ...stillReady],
        },
      },
    ],
  },
  {
    name: 'a brand-new Revision with min-scale and no decision starts at min-scale',
    objects: [revision('hello-00001', 'hello', 1, { annotations: { 'autoscaling.knative.dev/min-scale': '2' } })],
    key: 'default/hello-00001',
    wantReplicas: 2,
    wantStatus: [{ status: { desiredReplicas: 2 } }],
    wantResult: { requeueAfter: 600_000 },
  },
  {
    name: 'an HPA-class Revision (metric cpu by default) follows a fresh decision',
    objects: [readyRevision(1, { annotations: { 'autoscaling.knative.dev/class': 'hpa.autoscaling.knative.dev' } })],
    key: 'default/hello-00001',
    runtimeState: { desiredReplicas: 1, readyReplicas: 1, actualReplicas: 1 },
    decision: { desiredScale: 3, ageMs: 0 },
    wantReplicas: 3,
    wantStatus: [{ status: { desiredReplicas: 3 } }],
  },
  {
    name: 'an HPA-class Revision never goes below one replica',
    objects: [readyRevision(1, { annotations: { 'autoscaling.knative.dev/class': 'hpa.autoscaling.knative.dev', 'autoscaling.knative.dev/metric': 'cpu' } })],
    key: 'default/hello-00001',
    runtimeState: { desiredReplicas: 1, readyReplicas: 1, actualReplicas: 1 },
    decision: { desiredScale: 0, ageMs: 0 },
    wantReplicas: 1,
    wantStatus: [{ status: { desiredReplicas: 1 } }],
  },
  {
    name: 'an HPA-class Revision without a fresh decision keeps what runs',
    objects: [readyRevision(3, { annotations: { 'autoscaling.knative.dev/class': 'hpa.autoscaling.knative.dev' } })],
    key: 'default/hello-00001',
    runtimeState: { desiredReplicas: 3, readyReplicas: 3, actualReplicas: 3 },
    decision: { desiredScale: 1, ageMs: 6_000 },
    wantReplicas: 3,
    wantStatus: [{ status: { desiredReplicas: 3 } }],
  },
  {
    name: 'an HPA-class Revision with metric memory (no standalone scaler) ignores decisions',
    objects: [readyRevision(1, { annotations: { 'autoscaling.knative.dev/class': 'hpa.autoscaling.knative.dev', 'autoscaling.knative.dev/metric': 'memory' } })],
    key: 'default/hello-00001',
    runtimeState: { desiredReplicas: 1, readyReplicas: 1, actualReplicas: 1 },
    decision: { desiredScale: 3, ageMs: 0 },
    wantReplicas: 1,
    wantStatus: [{ status: { desiredReplicas: 1 } }],
  },
  {
    name: 'initial-scale 0 (allowed by config-autoscaler) starts no replica and is Ready without traffic',
    objects: [
      revision('hello-00001', 'hello', 1, { annotations: { 'autoscaling.knative.dev/initial-scale': '0' } }),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-autoscaler', namespace: 'knative-serving' }, data: { 'allow-zero-initial-scale': 'true' } } as KubeObject,
    ],
    key: 'default/hello-00001',
    wantReplicas: 0,
    wantStatus: [{ status: { desiredReplicas: 0, conditions: [noTraffic, ...stillReady] } }],
  },
];

describe('RevisionReconciler', () => {
  tableTest(rows, (store, row) => {
    const runtime = new RecordingRuntime();
    if (row.runtimeState) runtime.setState(NS, 'hello-00001', row.runtimeState);
    const decisions = new FixedDecisions(
      new Map(row.decision ? [[`${NS}/hello-00001`, decisionOf(row.decision.desiredScale, NOW.getTime() - row.decision.ageMs)]] : []),
    );
    const reconciler = new RevisionReconciler({ store, lister: store.lister, clock: () => NOW, runtime, decisions });
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
