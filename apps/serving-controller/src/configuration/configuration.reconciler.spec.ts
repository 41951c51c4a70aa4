import type { KubeObject } from '@knts/api';
import { createHash } from 'node:crypto';
import { InMemoryStore } from '../testing/in-memory-store';
import { IMAGE, NS, configuration, ready, revision } from '../testing/fixtures.spec-helper';
import { NOW, tableTest, type TableRow } from '../testing/reconciler-table.spec-helper';
import { ConfigurationReconciler } from './configuration.reconciler';
import { childName } from './names';

const rows: TableRow[] = [
  {
    name: 'stamps out the first Revision with the Configuration labels and the creator annotation',
    objects: [
      configuration('hello', {
        owner: 'hello',
        meta: {
          labels: { 'serving.knative.dev/service': 'hello', 'serving.knative.dev/serviceUID': 'hello-uid', team: 'not-propagated' },
          annotations: { 'serving.knative.dev/lastModifier': 'alice', 'serving.knative.dev/routes': 'hello' },
        },
        templateMeta: { labels: { 'knative.dev/type': 'container' }, annotations: { 'autoscaling.knative.dev/target': '10' } },
      }),
    ],
    key: 'default/hello',
    wantCreates: [
      {
        kind: 'Revision',
        metadata: {
          name: 'hello-00001',
          namespace: NS,
          labels: {
            'knative.dev/type': 'container',
            'serving.knative.dev/configuration': 'hello',
            'serving.knative.dev/configurationGeneration': '1',
            'serving.knative.dev/configurationUID': 'hello-uid',
            'serving.knative.dev/service': 'hello',
            'serving.knative.dev/serviceUID': 'hello-uid',
            'serving.knative.dev/routingState': 'pending',
          },
          annotations: {
            'autoscaling.knative.dev/target': '10',
            'serving.knative.dev/creator': 'alice',
            'serving.knative.dev/routes': 'hello',
            'serving.knative.dev/routingStateModified': '2026-01-01T00:00:00Z',
          },
          ownerReferences: [{ kind: 'Configuration', name: 'hello', uid: 'hello-uid', controller: true, blockOwnerDeletion: true }],
        },
        spec: { containers: [{ image: IMAGE }] },
      },
    ],
    wantStatus: [{ status: { observedGeneration: 1, latestCreatedRevisionName: 'hello-00001', conditions: [{ type: 'Ready', status: 'Unknown' }] } }],
  },
  {
    name: 'a template update stamps out -00002 and keeps the last ready one',
    objects: [configuration('hello', { image: 'example.com/hello:v2', meta: { generation: 2 }, status: { latestCreatedRevisionName: 'hello-00001', latestReadyRevisionName: 'hello-00001' } }), revision('hello-00001', 'hello', 1, { conditions: ready() })],
    key: 'default/hello',
    wantCreates: [{ metadata: { name: 'hello-00002', labels: { 'serving.knative.dev/configurationGeneration': '2' } }, spec: { containers: [{ image: 'example.com/hello:v2' }] } }],
    wantStatus: [{ status: { observedGeneration: 2, latestCreatedRevisionName: 'hello-00002', latestReadyRevisionName: 'hello-00001', conditions: [{ type: 'Ready', status: 'Unknown' }] } }],
  },
  {
    name: 'a ready latest Revision makes the Configuration Ready',
    objects: [configuration('hello'), revision('hello-00001', 'hello', 1, { conditions: ready() })],
    key: 'default/hello',
    wantStatus: [{ status: { latestCreatedRevisionName: 'hello-00001', latestReadyRevisionName: 'hello-00001', conditions: [{ type: 'Ready', status: 'True' }] } }],
  },
  {
    name: 'a failed latest Revision fails the Configuration with its message',
    objects: [
      configuration('hello'),
      revision('hello-00001', 'hello', 1, {
        conditions: [
          { type: 'ContainerHealthy', status: 'False', reason: 'ExitCode1', message: 'Container failed with: boom' },
          { type: 'Ready', status: 'False', reason: 'ExitCode1', message: 'Container failed with: boom' },
        ],
      }),
    ],
    key: 'default/hello',
    wantStatus: [
      {
        status: {
          latestCreatedRevisionName: 'hello-00001',
          conditions: [{ type: 'Ready', status: 'False', reason: 'RevisionFailed', message: 'Revision "hello-00001" failed with message: Container failed with: boom.' }],
        },
      },
    ],
  },
  {
    name: 'a BYO name becomes the Revision name',
    objects: [configuration('hello', { templateMeta: { name: 'hello-blue' } })],
    key: 'default/hello',
    wantCreates: [{ metadata: { name: 'hello-blue', labels: { 'serving.knative.dev/configurationGeneration': '1' } } }],
    wantStatus: [{ status: { latestCreatedRevisionName: 'hello-blue' } }],
  },
  {
    name: 'a BYO name reused with a different template fails the Configuration',
    objects: [
      configuration('hello', { image: 'example.com/hello:v2', templateMeta: { name: 'hello-blue' }, meta: { generation: 2 } }),
      revision('hello-blue', 'hello', 1, { conditions: ready() }),
    ],
    key: 'default/hello',
    wantStatus: [
      {
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'RevisionFailed',
              message: 'Revision creation failed with message: spec.template.metadata.name: Saw the following changes without a name change (-old +new).',
            },
          ],
        },
      },
    ],
  },
  {
    name: 'a BYO name held by another Configuration fails with AlreadyExists',
    objects: [configuration('hello', { templateMeta: { name: 'hello-blue' } }), revision('hello-blue', 'other', 1)],
    key: 'default/hello',
    wantStatus: [
      {
        status: {
          conditions: [
            { type: 'Ready', status: 'False', reason: 'RevisionFailed', message: 'Revision creation failed with message: revisions.serving.knative.dev "hello-blue" already exists.' },
          ],
        },
      },
    ],
  },
  {
    name: 'the latest ready Revision never moves backwards',
    objects: [
      configuration('hello', { meta: { generation: 3 }, status: { latestCreatedRevisionName: 'hello-00003', latestReadyRevisionName: 'hello-00002' } }),
      revision('hello-00001', 'hello', 1, { conditions: ready() }),
      revision('hello-00002', 'hello', 2, { conditions: ready() }),
      revision('hello-00003', 'hello', 3, { conditions: [{ type: 'Ready', status: 'Unknown' }] }),
    ],
    key: 'default/hello',
    wantStatus: [{ status: { latestCreatedRevisionName: 'hello-00003', latestReadyRevisionName: 'hello-00002', conditions: [{ type: 'Ready', status: 'Unknown' }] } }],
  },
];

describe('ConfigurationReconciler', () => {
  tableTest(rows, (store) => {
    const reconciler = new ConfigurationReconciler({ store, lister: store.lister, clock: () => NOW });
    return (key) => reconciler.reconcile(key);
  });

  it('a Configuration created with generateName gets Revisions named after the name it got', async () => {
    const store = new InMemoryStore(() => NOW);
    const created: KubeObject = await store.create({ ...configuration(''), metadata: { generateName: 'blue-green-', namespace: NS } });
    await new ConfigurationReconciler({ store, lister: store.lister, clock: () => NOW }).reconcile(`default/${created.metadata.name}`);
    expect(store.writes('create').map((o) => o.metadata.name)).toEqual([created.metadata.name, `${created.metadata.name}-00001`]);
  });
});

describe('childName (kmeta.ChildName)', () => {
  const md5 = (text: string) => createHash('md5').update(text).digest('hex');
  it.each([
    ['short parents are joined to the suffix', 'hello', '-00001', 'hello-00001'],
    ['a name of exactly 63 characters is kept', 'a'.repeat(57), '-00001', `${'a'.repeat(57)}-00001`],
    ['longer names keep 25 characters, then the md5 of the parent, then the suffix', 'a'.repeat(58), '-00001', `${'a'.repeat(25)}${md5('a'.repeat(58))}-00001`],
  ])('%s', (_name, parent, suffix, want) => {
    expect(childName(parent, suffix)).toBe(want);
    expect(childName(parent, suffix).length).toBeLessThanOrEqual(63);
  });
});
