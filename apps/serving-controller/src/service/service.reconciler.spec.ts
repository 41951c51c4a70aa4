import type { KubeObject } from '@knts/api';
import { InMemoryStore } from '../testing/in-memory-store';
import { IMAGE, NS, configuration, ownerRef, route, service } from '../testing/fixtures.spec-helper';
import { NOW, tableTest, type TableRow } from '../testing/reconciler-table.spec-helper';
import { SERVICES } from '../serving-types';
import { ServiceReconciler } from './service.reconciler';

const childMeta = (name: string) => ({
  labels: { 'serving.knative.dev/service': name, 'serving.knative.dev/serviceUID': `${name}-uid` },
  ownerReferences: [ownerRef('Service', name)],
});

/** The Configuration the Service owns, as the reconciler would have written it, with a status. */
function ownedConfiguration(name: string, status: Record<string, unknown>, image = IMAGE): KubeObject {
  const c = configuration(name, { image, status });
  c.metadata = { ...c.metadata, ...childMeta(name), annotations: { 'serving.knative.dev/routes': name } };
  return c;
}

function ownedRoute(name: string, status: Record<string, unknown>): KubeObject {
  return route(name, [{ configurationName: name, latestRevision: true, percent: 100 }], { status, meta: childMeta(name) });
}

const readyConfigStatus = {
  observedGeneration: 1,
  latestCreatedRevisionName: 'hello-00001',
  latestReadyRevisionName: 'hello-00001',
  conditions: [{ type: 'Ready', status: 'True' }],
};
const readyRouteStatus = {
  observedGeneration: 1,
  url: 'http://hello.default.example.com',
  address: { url: 'http://hello.default.svc.cluster.local' },
  traffic: [{ revisionName: 'hello-00001', latestRevision: true, percent: 100 }],
  conditions: [{ type: 'Ready', status: 'True' }],
};

const rows: TableRow[] = [
  {
    name: 'a new Service creates its Configuration and Route, propagating labels and annotations but not last-applied',
    objects: [
      service('hello', {
        meta: { labels: { team: 'blue' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'example.com/note': 'kept' } },
      }),
    ],
    key: 'default/hello',
    wantCreates: [
      {
        kind: 'Configuration',
        metadata: {
          name: 'hello',
          namespace: NS,
          labels: { team: 'blue', 'serving.knative.dev/service': 'hello', 'serving.knative.dev/serviceUID': 'hello-uid' },
          annotations: { 'example.com/note': 'kept', 'serving.knative.dev/routes': 'hello' },
          ownerReferences: [{ kind: 'Service', name: 'hello', uid: 'hello-uid', controller: true }],
        },
        spec: { template: { spec: { containers: [{ image: IMAGE }] } } },
      },
      {
        kind: 'Route',
        metadata: { name: 'hello', labels: { team: 'blue', 'serving.knative.dev/service': 'hello' }, annotations: { 'example.com/note': 'kept' } },
        spec: { traffic: [{ configurationName: 'hello', latestRevision: true, percent: 100 }] },
      },
    ],
    wantStatus: [
      {
        status: {
          observedGeneration: 1,
          conditions: [
            { type: 'ConfigurationsReady', status: 'Unknown', reason: 'OutOfDate', message: 'The Configuration is still working to reflect the latest desired specification.' },
            { type: 'Ready', status: 'Unknown', reason: 'OutOfDate', message: 'The Route is still working to reflect the latest desired specification.' },
            { type: 'RoutesReady', status: 'Unknown', reason: 'OutOfDate', message: 'The Route is still working to reflect the latest desired specification.' },
          ],
        },
      },
    ],
  },
  {
    name: 'ready children make the Service Ready and mirror their status fields',
    objects: [service('hello'), ownedConfiguration('hello', readyConfigStatus), ownedRoute('hello', readyRouteStatus)],
    key: 'default/hello',
    wantStatus: [
      {
        status: {
          observedGeneration: 1,
          latestCreatedRevisionName: 'hello-00001',
          latestReadyRevisionName: 'hello-00001',
          url: 'http://hello.default.example.com',
          address: { url: 'http://hello.default.svc.cluster.local' },
          traffic: [{ revisionName: 'hello-00001', latestRevision: true, percent: 100 }],
          conditions: [
            { type: 'ConfigurationsReady', status: 'True' },
            { type: 'Ready', status: 'True' },
            { type: 'RoutesReady', status: 'True' },
          ],
        },
      },
    ],
  },
  {
    name: 'a failed Revision reaches the Service through its Configuration',
    objects: [
      service('hello'),
      ownedConfiguration('hello', {
        observedGeneration: 1,
        latestCreatedRevisionName: 'hello-00001',
        conditions: [{ type: 'Ready', status: 'False', reason: 'RevisionFailed', message: 'Revision "hello-00001" failed with message: Container failed with: boom.' }],
      }),
      ownedRoute('hello', { observedGeneration: 1 }),
    ],
    key: 'default/hello',
    wantStatus: [
      {
        status: {
          latestCreatedRevisionName: 'hello-00001',
          conditions: [
            { type: 'ConfigurationsReady', status: 'False', reason: 'RevisionFailed', message: 'Revision "hello-00001" failed with message: Container failed with: boom.' },
            { type: 'Ready', status: 'False', reason: 'RevisionFailed' },
            { type: 'RoutesReady', status: 'Unknown' },
          ],
        },
      },
    ],
  },
  {
    name: 'a Configuration of the same name that the Service does not own fails the Service',
    objects: [service('hello'), configuration('hello')],
    key: 'default/hello',
    wantErr: 'service: "hello" does not own configuration: "hello"',
    wantStatus: [
      {
        status: {
          conditions: [
            { type: 'ConfigurationsReady', status: 'False', reason: 'NotOwned', message: 'There is an existing Configuration "hello" that we do not own.' },
            { type: 'Ready', status: 'False', reason: 'NotOwned' },
            { type: 'RoutesReady', status: 'Unknown' },
          ],
        },
      },
    ],
  },
  {
    name: 'a changed template updates the Configuration',
    objects: [
      service('hello', { image: 'example.com/hello:v2', meta: { generation: 2 } }),
      ownedConfiguration('hello', readyConfigStatus),
      ownedRoute('hello', readyRouteStatus),
    ],
    key: 'default/hello',
    wantUpdates: [{ kind: 'Configuration', metadata: { name: 'hello', generation: 2 }, spec: { template: { spec: { containers: [{ image: 'example.com/hello:v2' }] } } } }],
    wantStatus: [
      {
        status: {
          observedGeneration: 2,
          conditions: [
            { type: 'ConfigurationsReady', status: 'Unknown', reason: 'OutOfDate' },
            { type: 'Ready', status: 'Unknown' },
            { type: 'RoutesReady', status: 'True' },
          ],
        },
      },
    ],
  },
  {
    name: 'a Ready Route that still serves the previous Revision is TrafficNotMigrated',
    objects: [
      service('hello'),
      ownedConfiguration('hello', { ...readyConfigStatus, latestCreatedRevisionName: 'hello-00002', latestReadyRevisionName: 'hello-00002' }),
      ownedRoute('hello', readyRouteStatus),
    ],
    key: 'default/hello',
    wantStatus: [
      {
        status: {
          conditions: [
            { type: 'ConfigurationsReady', status: 'True' },
            { type: 'Ready', status: 'Unknown', reason: 'TrafficNotMigrated' },
            { type: 'RoutesReady', status: 'Unknown', reason: 'TrafficNotMigrated', message: 'Traffic is not yet migrated to the latest revision.' },
          ],
        },
      },
    ],
  },
  {
    name: 'a v1alpha1 release Service gets current, candidate and latest tags on its Route',
    objects: [
      {
        apiVersion: 'serving.knative.dev/v1alpha1',
        kind: 'Service',
        metadata: { name: 'rel', namespace: NS, uid: 'rel-uid', generation: 1 },
        spec: {
          release: { revisions: ['rel-00001', 'rel-00002'], rolloutPercent: 30, configuration: { revisionTemplate: { spec: { container: { image: IMAGE } } } } },
        },
      },
    ],
    key: 'default/rel',
    wantCreates: [
      { kind: 'Configuration', spec: { template: { spec: { containers: [{ image: IMAGE }] } } } },
      {
        kind: 'Route',
        spec: {
          traffic: [
            { tag: 'current', revisionName: 'rel-00001', percent: 70, latestRevision: false },
            { tag: 'candidate', revisionName: 'rel-00002', percent: 30, latestRevision: false },
            { tag: 'latest', latestRevision: true, configurationName: 'rel' },
          ],
        },
      },
    ],
    wantStatus: [{ metadata: { name: 'rel' } }],
  },
];

describe('ServiceReconciler', () => {
  tableTest(rows, (store) => {
    const reconciler = new ServiceReconciler({ store, lister: store.lister, clock: () => NOW });
    return (key) => reconciler.reconcile(key);
  });

  it('never copies kubectl last-applied onto the children', async () => {
    const store = new InMemoryStore(() => NOW);
    store.seed(service('hello', { meta: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } } }));
    await new ServiceReconciler({ store, lister: store.lister, clock: () => NOW }).reconcile('default/hello');
    for (const child of store.writes('create')) expect(child.metadata.annotations ?? {}).not.toHaveProperty(['kubectl.kubernetes.io/last-applied-configuration']);
  });

  it('a Service created with generateName names its children after the name it got', async () => {
    const store = new InMemoryStore(() => NOW);
    const created: KubeObject = await store.create({ ...service(''), metadata: { generateName: 'hello-', namespace: NS } });
    expect(created.metadata.name).toMatch(/^hello-.{5}$/);
    store.clearActions();
    await new ServiceReconciler({ store, lister: store.lister, clock: () => NOW }).reconcile(`default/${created.metadata.name}`);
    expect(store.writes('create').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([`Configuration/${created.metadata.name}`, `Route/${created.metadata.name}`]);
    expect(await store.get(SERVICES, NS, created.metadata.name ?? '')).toBeDefined();
  });
});
