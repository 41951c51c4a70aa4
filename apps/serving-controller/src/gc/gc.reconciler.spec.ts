import type { KubeObject } from '@knts/api';
import { configMap, configuration, revision } from '../testing/fixtures.spec-helper';
import { NOW, tableTest, type TableRow } from '../testing/reconciler-table.spec-helper';
import { parseGcConfig } from './gc-config';
import { GcReconciler } from './gc.reconciler';

const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A Revision of `hello` whose routing state last changed (and which was created) `age` hours ago. */
function rev(name: string, generation: number, state: 'active' | 'reserve' | 'pending', age: number, extra: Record<string, string> = {}): KubeObject {
  return revision(name, 'hello', generation, {
    meta: { creationTimestamp: hoursAgo(age) },
    labels: { 'serving.knative.dev/routingState': state },
    annotations: { 'serving.knative.dev/routingStateModified': hoursAgo(age), ...extra },
  });
}

const hello = configuration('hello', { meta: { generation: 6 }, status: { latestCreatedRevisionName: 'hello-00006', latestReadyRevisionName: 'hello-00005' } });

const rows: TableRow[] = [
  {
    name: 'collects stale reserve Revisions beyond the minimum, keeping routed, pinned, latest and recent ones',
    objects: [
      hello,
      configMap('config-gc', { 'min-non-active-revisions': '1' }),
      rev('hello-00001', 1, 'reserve', 120),
      rev('hello-00002', 2, 'reserve', 100),
      rev('hello-00003', 3, 'active', 90),
      rev('hello-00004', 4, 'reserve', 80, { 'serving.knative.dev/no-gc': 'true' }),
      rev('hello-00005', 5, 'reserve', 70),
      rev('hello-00006', 6, 'pending', 1),
      rev('hello-00007', 7, 'reserve', 1),
    ],
    key: 'default/hello',
    // hello-00007 is the one non-active Revision the minimum keeps; 00001 and 00002 are stale.
    wantDeletes: ['Revision/hello-00002', 'Revision/hello-00001'],
  },
  {
    name: 'keeps everything while there are no more than min-non-active-revisions (default 20)',
    objects: [hello, rev('hello-00001', 1, 'reserve', 500), rev('hello-00002', 2, 'reserve', 500)],
    key: 'default/hello',
  },
  {
    name: 'a recently active Revision is kept and looked at again when it becomes stale',
    objects: [hello, configMap('config-gc', { 'min-non-active-revisions': '0', 'retain-since-create-time': 'disabled' }), rev('hello-00001', 1, 'reserve', 10)],
    key: 'default/hello',
    wantResult: { requeueAfter: 5 * 3600_000 },
  },
  {
    name: 'max-non-active-revisions caps what is kept even when nothing is stale',
    objects: [
      hello,
      configMap('config-gc', {
        'min-non-active-revisions': '0',
        'max-non-active-revisions': '1',
        'retain-since-create-time': 'disabled',
        'retain-since-last-active-time': 'disabled',
      }),
      rev('hello-00001', 1, 'reserve', 3),
      rev('hello-00002', 2, 'reserve', 2),
      rev('hello-00003', 3, 'reserve', 1),
    ],
    key: 'default/hello',
    wantDeletes: ['Revision/hello-00002', 'Revision/hello-00001'],
  },
  {
    name: 'every setting disabled turns collection off',
    objects: [
      hello,
      configMap('config-gc', {
        'min-non-active-revisions': '0',
        'max-non-active-revisions': 'disabled',
        'retain-since-create-time': 'disabled',
        'retain-since-last-active-time': 'disabled',
      }),
      rev('hello-00001', 1, 'reserve', 500),
    ],
    key: 'default/hello',
  },
];

describe('GcReconciler', () => {
  tableTest(rows, (store) => {
    const reconciler = new GcReconciler({ store, lister: store.lister, clock: () => NOW });
    return (key) => reconciler.reconcile(key);
  });
});

describe('parseGcConfig', () => {
  it('has the config-gc defaults', () => {
    expect(parseGcConfig()).toEqual({
      retainSinceCreateTime: 48 * 3600_000,
      retainSinceLastActiveTime: 15 * 3600_000,
      minNonActiveRevisions: 20,
      maxNonActiveRevisions: 1000,
    });
  });

  it.each([
    [{ 'retain-since-create-time': 'soon' }, 'config-gc: retain-since-create-time: time: invalid duration "soon"'],
    [{ 'min-non-active-revisions': '-1' }, 'config-gc: min-non-active-revisions: failed to parse "-1" as a non-negative integer'],
    [{ 'min-non-active-revisions': '5', 'max-non-active-revisions': '2' }, 'config-gc: min-non-active-revisions: min-non-active-revisions(5) must be <= max-non-active-revisions(2)'],
  ])('rejects %j naming the key', (data, message) => {
    expect(() => parseGcConfig({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-gc' }, data })).toThrow(message);
  });
});
