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

describe('RoutingTable readiness hints', () => {
  const hint = (sequence: number, pods: string[], runtime = 'rt1') => ({
    namespace: 'default',
    revision: 'hello-00001',
    runtime,
    sequence,
    endpoints: pods.map((p) => ({ pod: p, host: '10.0.0.1', port: 9000 })),
  });
  const terminating = { deletionTimestamp: '2024-01-01T00:00:00Z' };

  function table(hintTtlMs?: number): { table: RoutingTable; ready: () => string[]; removed: string[] } {
    const removed: string[] = [];
    const t = new RoutingTable({ onEndpointRemoved: (e) => removed.push(e.podKey), ...(hintTtlMs ? { hintTtlMs } : {}) });
    t.setRoute(route([{ revisionName: 'hello-00001', percent: 100 }]));
    const ready = () => (t.backend('default', 'hello-00001')?.ready ?? []).map((e) => e.podKey).sort();
    return { table: t, ready, removed };
  }

  it('puts a hinted Pod into rotation at once and grants the request held at zero', async () => {
    const { table: t, ready } = table();
    const backend = t.backend('default', 'hello-00001')!;
    const held = backend.throttler.acquire();
    t.applyHint(hint(1, ['a']));
    const lease = await held;
    expect(lease.endpoint.origin).toBe('http://10.0.0.1:9000');
    expect(ready()).toEqual(['default/a']);
    expect(t.isHinted('default', 'a')).toBe(true);
    backend.throttler.release(lease);
    t.close();
  });

  it('keeps a hinted Pod while the store still shows it starting; the store\'s Ready takes over', () => {
    const { table: t, ready } = table();
    t.applyHint(hint(1, ['a']));
    t.setPod(pod('a', 'hello-00001', false));
    expect(ready()).toEqual(['default/a']);
    t.setPod(pod('a', 'hello-00001', true));
    expect(t.isHinted('default', 'a')).toBe(false);
    // From now on the store decides: not Ready removes it.
    t.setPod(pod('a', 'hello-00001', false));
    expect(ready()).toEqual([]);
    t.close();
  });

  it('takes a Pod out as soon as it leaves the runtime\'s set, even while the store still says Ready', () => {
    const { table: t, ready, removed } = table();
    t.setPod(pod('a', 'hello-00001', true));
    t.setPod(pod('b', 'hello-00001', true));
    t.applyHint(hint(1, ['a', 'b']));
    expect(t.isHinted('default', 'a')).toBe(false);
    t.applyHint(hint(2, ['b']));
    expect(ready()).toEqual(['default/b']);
    expect(removed).toEqual(['default/a']);
    // A later hint naming it again does not bring it back; the store does when it reports Ready.
    t.applyHint(hint(3, ['a', 'b']));
    expect(ready()).toEqual(['default/b']);
    t.setPod(pod('a', 'hello-00001', true));
    expect(ready()).toEqual(['default/a', 'default/b']);
    t.close();
  });

  it('never lets a hint bring back a Pod the store shows terminating, fallen from Ready or deleted', () => {
    const { table: t, ready } = table();
    t.setPod(pod('gone', 'hello-00001', true));
    t.deletePod(pod('gone', 'hello-00001', true));
    t.setPod(pod('fallen', 'hello-00001', true));
    t.setPod(pod('fallen', 'hello-00001', false));
    t.setPod(pod('dying', 'hello-00001', false, terminating));
    t.applyHint(hint(1, ['gone', 'fallen', 'dying']));
    expect(ready()).toEqual([]);
    // A hinted Pod whose deletion starts leaves at once.
    t.applyHint(hint(2, ['gone', 'fallen', 'dying', 'fresh']));
    expect(ready()).toEqual(['default/fresh']);
    t.setPod(pod('fresh', 'hello-00001', false, terminating));
    expect(ready()).toEqual([]);
    t.close();
  });

  it('ignores a hint older than the last one from the same runtime, not one from another runtime', () => {
    const { table: t, ready } = table();
    t.applyHint(hint(5, ['a']));
    t.applyHint(hint(6, []));
    t.applyHint(hint(4, ['b']));
    expect(ready()).toEqual([]);
    t.applyHint(hint(1, ['c'], 'rt2'));
    expect(ready()).toEqual(['default/c']);
    t.close();
  });

  it('drops a hinted Pod the store does not report Ready within the hint TTL', () => {
    jest.useFakeTimers();
    try {
      const { table: t, ready, removed } = table(500);
      t.applyHint(hint(1, ['a']));
      jest.advanceTimersByTime(499);
      expect(ready()).toEqual(['default/a']);
      jest.advanceTimersByTime(1);
      expect(ready()).toEqual([]);
      expect(removed).toEqual(['default/a']);
      // Confirmed by the store in time: no expiry.
      t.applyHint(hint(2, ['a', 'b']));
      t.setPod(pod('b', 'hello-00001', true));
      jest.advanceTimersByTime(1000);
      expect(ready()).toEqual(['default/b']);
      t.close();
    } finally {
      jest.useRealTimers();
    }
  });
});
