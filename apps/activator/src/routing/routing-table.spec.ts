import type { KubeObject, Route } from '@knts/api';
import { RoutingTable, normalizeHost } from './routing-table';

const route = (traffic: Array<{ revisionName: string; percent: number }>): Route =>
  ({
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Route',
    metadata: { name: 'hello', namespace: 'default' },
    spec: {},
    status: { url: 'http://hello.default.example.com', traffic },
  }) as Route;

const pod = (name: string, revision: string, ready: boolean, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { 'serving.knative.dev/revision': revision }, ...extra },
  spec: { containers: [{ name: 'user-container', image: 'x', ports: [{ containerPort: 9000 }] }] },
  status: { podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

describe('normalizeHost', () => {
  it.each([
    ['Hello.Default.Example.com:8080', 'hello.default.example.com'],
    ['hello.default.example.com.', 'hello.default.example.com'],
    ['[::1]:8080', '[::1]'],
    ['', ''],
  ])('%s → %s', (raw, want) => expect(normalizeHost(raw)).toBe(want));
});

describe('RoutingTable', () => {
  it('follows Pods: Ready and not deleting is an endpoint, anything else is not', () => {
    const table = new RoutingTable();
    table.setRoute(route([{ revisionName: 'hello-00001', percent: 100 }]));
    const backend = table.lookup('hello.default.example.com')!.backends[0];
    table.setPod(pod('a', 'hello-00001', false));
    expect(backend.ready).toHaveLength(0);
    table.setPod(pod('a', 'hello-00001', true));
    expect(backend.ready.map((e) => e.origin)).toEqual(['http://10.0.0.1:9000']);
    table.setPod(pod('a', 'hello-00001', true, { deletionTimestamp: '2024-01-01T00:00:00Z' }));
    expect(backend.ready).toHaveLength(0);
  });

  it('grants held requests when an endpoint appears', async () => {
    const table = new RoutingTable();
    table.setRoute(route([{ revisionName: 'hello-00001', percent: 100 }]));
    const backend = table.lookup('hello.default.example.com')!.backends[0];
    const held = backend.throttler.acquire();
    expect(backend.throttler.waitingCount).toBe(1);
    table.setPod(pod('a', 'hello-00001', true));
    const lease = await held;
    expect(lease.endpoint.origin).toBe('http://10.0.0.1:9000');
    expect(backend.throttler.waitingCount).toBe(0);
    backend.throttler.release(lease);
  });

  it('keeps a refused endpoint out until its Pod reports Ready again', () => {
    const removed: string[] = [];
    const table = new RoutingTable({ onEndpointRemoved: (e) => removed.push(e.podKey) });
    table.setRoute(route([{ revisionName: 'hello-00001', percent: 100 }]));
    table.setPod(pod('a', 'hello-00001', true));
    const backend = table.backend('default', 'hello-00001')!;
    backend.markRefused(backend.ready[0]);
    expect(backend.ready).toHaveLength(0);
    table.setPod(pod('a', 'hello-00001', true));
    expect(backend.ready).toHaveLength(1);
    table.deletePod(pod('a', 'hello-00001', true));
    expect(removed).toEqual(['default/a']);
  });

  it('replaces a Route\'s hosts on update and forgets them on delete', () => {
    const table = new RoutingTable();
    table.setRoute(route([{ revisionName: 'hello-00001', percent: 100 }]));
    table.setRoute(route([{ revisionName: 'hello-00002', percent: 100 }]));
    expect(table.lookup('HELLO.default.example.com:80')!.backends.map((b) => b.name)).toEqual(['hello-00002']);
    expect(table.backend('default', 'hello-00001')).toBeUndefined();
    table.deleteRoute(route([]));
    expect(table.lookup('hello.default.example.com')).toBeUndefined();
    expect(table.hostNames()).toEqual([]);
  });
});
