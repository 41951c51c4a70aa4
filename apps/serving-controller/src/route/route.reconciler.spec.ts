import { admit, type KubeObject } from '@knts/api';
import { makeRoute } from '../service/resources/route';
import type { Service } from '../serving-objects';
import { IMAGE, NS, configMap, configuration, ready, revision, route, service } from '../testing/fixtures.spec-helper';
import { NOW, tableTest, type TableRow } from '../testing/reconciler-table.spec-helper';
import { RouteReconciler } from './route.reconciler';

const allReady = [
  { type: 'AllTrafficAssigned', status: 'True' },
  { type: 'CertificateProvisioned', status: 'True', reason: 'TLSNotEnabled', message: 'autoTLS is not enabled' },
  { type: 'IngressReady', status: 'True' },
  { type: 'Ready', status: 'True' },
];

const readyConfig = (name: string, latest: string) =>
  configuration(name, { status: { latestCreatedRevisionName: latest, latestReadyRevisionName: latest, conditions: ready() } });

/** The labeler's write on a Revision the Route now serves. */
const routed = (name: string, routeName: string) => ({
  kind: 'Revision',
  metadata: {
    name,
    labels: { 'serving.knative.dev/route': routeName, 'serving.knative.dev/routingState': 'active' },
    annotations: { 'serving.knative.dev/routes': routeName, 'serving.knative.dev/routingStateModified': '2026-01-01T00:00:00Z' },
  },
});

/** The v1alpha1 `release` Service from the workshop era, converted on admission, and the Route it gets. */
const releaseService = admit(
  {
    apiVersion: 'serving.knative.dev/v1alpha1',
    kind: 'Service',
    metadata: { name: 'rel', namespace: NS, uid: 'rel-uid' },
    spec: { release: { revisions: ['rel-00001', 'rel-00002'], rolloutPercent: 10, configuration: { revisionTemplate: { spec: { container: { image: IMAGE } } } } } },
  },
  { operation: 'CREATE' },
) as Service;
const releaseRoute: KubeObject = { ...makeRoute(releaseService), metadata: { ...makeRoute(releaseService).metadata, uid: 'rel-route-uid', generation: 1 } };

const rows: TableRow[] = [
  {
    name: 'a revisionName target resolves and the Route is Ready with its URLs',
    objects: [route('pinned', [{ revisionName: 'hello-00001', percent: 100 }]), revision('hello-00001', 'hello', 1, { conditions: ready() })],
    key: 'default/pinned',
    wantStatus: [
      {
        status: {
          observedGeneration: 1,
          url: 'http://pinned.default.example.com',
          address: { url: 'http://pinned.default.svc.cluster.local' },
          traffic: [{ revisionName: 'hello-00001', latestRevision: false, percent: 100 }],
          conditions: allReady,
        },
      },
    ],
    wantUpdates: [routed('hello-00001', 'pinned')],
  },
  {
    name: 'a configurationName target follows the latest ready Revision',
    objects: [route('follow', [{ configurationName: 'hello', percent: 100 }]), readyConfig('hello', 'hello-00002'), revision('hello-00002', 'hello', 2, { conditions: ready() })],
    key: 'default/follow',
    wantStatus: [{ status: { traffic: [{ revisionName: 'hello-00002', latestRevision: true, percent: 100 }], conditions: allReady } }],
    wantUpdates: [routed('hello-00002', 'follow'), { kind: 'Configuration', metadata: { name: 'hello', annotations: { 'serving.knative.dev/routes': 'follow' } } }],
  },
  {
    name: 'latestRevision without a configuration name follows the owning Service',
    objects: [
      route('svc', [{ latestRevision: true, configurationName: 'svc', percent: 100 }], { owner: 'svc' }),
      readyConfig('svc', 'svc-00001'),
      revision('svc-00001', 'svc', 1, { conditions: ready() }),
    ],
    key: 'default/svc',
    wantStatus: [{ status: { url: 'http://svc.default.example.com', traffic: [{ revisionName: 'svc-00001', latestRevision: true, percent: 100 }] } }],
    wantUpdates: [routed('svc-00001', 'svc'), { kind: 'Configuration' }],
  },
  {
    name: 'tagged targets get their own URLs (blue-green)',
    objects: [
      route('blue-green-demo', [
        { tag: 'v1', revisionName: 'blue-green-demo-00001', percent: 50 },
        { tag: 'v2', revisionName: 'blue-green-demo-00002', percent: 50 },
      ]),
      revision('blue-green-demo-00001', 'blue-green-demo', 1, { conditions: ready() }),
      revision('blue-green-demo-00002', 'blue-green-demo', 2, { conditions: ready() }),
    ],
    key: 'default/blue-green-demo',
    wantStatus: [
      {
        status: {
          url: 'http://blue-green-demo.default.example.com',
          traffic: [
            { tag: 'v1', revisionName: 'blue-green-demo-00001', percent: 50, latestRevision: false, url: 'http://v1-blue-green-demo.default.example.com' },
            { tag: 'v2', revisionName: 'blue-green-demo-00002', percent: 50, latestRevision: false, url: 'http://v2-blue-green-demo.default.example.com' },
          ],
          conditions: allReady,
        },
      },
    ],
    wantUpdates: [routed('blue-green-demo-00001', 'blue-green-demo'), routed('blue-green-demo-00002', 'blue-green-demo')],
  },
  {
    name: 'a missing Revision leaves traffic unassigned',
    objects: [route('pinned', [{ revisionName: 'nope-00001', percent: 100 }])],
    key: 'default/pinned',
    wantStatus: [
      {
        status: {
          conditions: [
            { type: 'AllTrafficAssigned', status: 'False', reason: 'RevisionMissing', message: 'Revision "nope-00001" referenced in traffic not found.' },
            { type: 'CertificateProvisioned', status: 'Unknown' },
            { type: 'IngressReady', status: 'Unknown' },
            { type: 'Ready', status: 'False', reason: 'RevisionMissing' },
          ],
        },
      },
    ],
  },
  {
    name: 'a missing Configuration is ConfigurationMissing',
    objects: [route('follow', [{ configurationName: 'nope', percent: 100 }])],
    key: 'default/follow',
    wantStatus: [
      {
        status: {
          conditions: [
            { type: 'AllTrafficAssigned', status: 'False', reason: 'ConfigurationMissing', message: 'Configuration "nope" referenced in traffic not found.' },
            { type: 'CertificateProvisioned', status: 'Unknown' },
            { type: 'IngressReady', status: 'Unknown' },
            { type: 'Ready', status: 'False', reason: 'ConfigurationMissing' },
          ],
        },
      },
    ],
  },
  {
    name: 'a Configuration without a ready Revision is waited for',
    objects: [route('follow', [{ configurationName: 'hello', percent: 100 }]), configuration('hello', { status: { latestCreatedRevisionName: 'hello-00001' } }), revision('hello-00001', 'hello', 1)],
    key: 'default/follow',
    wantStatus: [
      {
        status: {
          conditions: [
            { type: 'AllTrafficAssigned', status: 'Unknown', reason: 'RevisionMissing', message: 'Configuration "hello" is waiting for a Revision to become ready.' },
            { type: 'CertificateProvisioned', status: 'Unknown' },
            { type: 'IngressReady', status: 'Unknown' },
            { type: 'Ready', status: 'Unknown', reason: 'RevisionMissing' },
          ],
        },
      },
    ],
    // The latest created Revision is marked routed before it is ready, so GC never takes it mid-rollout.
    wantUpdates: [routed('hello-00001', 'follow'), { kind: 'Configuration', metadata: { annotations: { 'serving.knative.dev/routes': 'follow' } } }],
  },
  {
    name: 'the v1alpha1 release traffic (current, candidate, latest) resolves with tag URLs',
    objects: [
      releaseRoute,
      readyConfig('rel', 'rel-00002'),
      revision('rel-00001', 'rel', 1, { conditions: ready() }),
      revision('rel-00002', 'rel', 2, { conditions: ready() }),
    ],
    key: 'default/rel',
    wantStatus: [
      {
        status: {
          traffic: [
            { tag: 'current', revisionName: 'rel-00001', percent: 90, latestRevision: false, url: 'http://current-rel.default.example.com' },
            { tag: 'candidate', revisionName: 'rel-00002', percent: 10, latestRevision: false, url: 'http://candidate-rel.default.example.com' },
            { tag: 'latest', revisionName: 'rel-00002', latestRevision: true, url: 'http://latest-rel.default.example.com' },
          ],
          conditions: allReady,
        },
      },
    ],
    wantUpdates: [routed('rel-00001', 'rel'), routed('rel-00002', 'rel'), { kind: 'Configuration' }],
  },
  {
    name: 'config-domain and config-network (domain-template, tag-template) shape the hosts',
    objects: [
      route('pinned', [{ tag: 'v1', revisionName: 'hello-00001', percent: 100 }]),
      revision('hello-00001', 'hello', 1, { conditions: ready() }),
      configMap('config-domain', { 'knts.dev': '', 'prod.knts.dev': 'selector:\n  env: prod\n' }),
      configMap('config-network', { 'domain-template': '{{.Name}}-{{.Namespace}}.{{.Domain}}', 'tag-template': '{{.Name}}-{{.Tag}}' }),
    ],
    key: 'default/pinned',
    wantStatus: [{ status: { url: 'http://pinned-default.knts.dev', traffic: [{ url: 'http://pinned-v1-default.knts.dev' }] } }],
    wantUpdates: [routed('hello-00001', 'pinned')],
  },
  {
    name: 'a Revision the Route no longer sends traffic to goes to reserve',
    objects: [
      route('pinned', [{ revisionName: 'hello-00002', percent: 100 }]),
      revision('hello-00001', 'hello', 1, {
        conditions: ready(),
        labels: { 'serving.knative.dev/route': 'pinned', 'serving.knative.dev/routingState': 'active' },
        annotations: { 'serving.knative.dev/routes': 'pinned' },
      }),
      revision('hello-00002', 'hello', 2, { conditions: ready() }),
    ],
    key: 'default/pinned',
    wantStatus: [{ status: { traffic: [{ revisionName: 'hello-00002' }] } }],
    wantUpdates: [
      { metadata: { name: 'hello-00001', labels: { 'serving.knative.dev/routingState': 'reserve' }, annotations: { 'serving.knative.dev/routingStateModified': '2026-01-01T00:00:00Z' } } },
      routed('hello-00002', 'pinned'),
    ],
  },
  {
    name: 'a deleted Route takes itself off the Configuration and Revision it routed to',
    objects: [
      configuration('hello', { meta: { annotations: { 'serving.knative.dev/routes': 'gone' } } }),
      revision('hello-00001', 'hello', 1, {
        conditions: ready(),
        labels: { 'serving.knative.dev/route': 'gone', 'serving.knative.dev/routingState': 'active' },
        annotations: { 'serving.knative.dev/routes': 'gone' },
      }),
    ],
    key: 'default/gone',
    wantUpdates: [
      {
        kind: 'Revision',
        metadata: {
          name: 'hello-00001',
          labels: expect.not.objectContaining({ 'serving.knative.dev/route': expect.anything() }),
          annotations: expect.not.objectContaining({ 'serving.knative.dev/routes': expect.anything() }),
        },
      },
      { kind: 'Configuration', metadata: { name: 'hello', annotations: expect.not.objectContaining({ 'serving.knative.dev/routes': expect.anything() }) } },
    ],
  },
  {
    // A BYO revision name holds the Route back until the Configuration has stamped out the Revision.
    name: 'a Route its Service has not created yet leaves the routes annotation the Service wrote',
    objects: [service('byo'), configuration('byo', { owner: 'byo', meta: { annotations: { 'serving.knative.dev/routes': 'byo' } } })],
    key: 'default/byo',
  },
];

describe('RouteReconciler', () => {
  tableTest(rows, (store) => {
    const reconciler = new RouteReconciler({ store, lister: store.lister, clock: () => NOW });
    return (key) => reconciler.reconcile(key);
  });
});
