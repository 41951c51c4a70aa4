import type { Route } from '@knts/api';
import { routeHostTargets } from './route-hosts';

const route = (status: Record<string, unknown>): Route =>
  ({ apiVersion: 'serving.knative.dev/v1', kind: 'Route', metadata: { name: 'hello', namespace: 'default' }, spec: {}, status }) as Route;

describe('routeHostTargets', () => {
  const cases: Array<{ name: string; status: Record<string, unknown>; want: Record<string, string[]> }> = [
    { name: 'no status.traffic serves nothing yet', status: { url: 'http://hello.default.example.com' }, want: {} },
    {
      name: 'one revision on the URL and the cluster-local names',
      status: { url: 'http://hello.default.example.com', traffic: [{ revisionName: 'hello-00001', percent: 100 }] },
      want: {
        'hello.default.example.com': ['hello-00001:100'],
        'hello.default.svc.cluster.local': ['hello-00001:100'],
        'hello.default.svc': ['hello-00001:100'],
        'hello.default': ['hello-00001:100'],
      },
    },
    {
      name: 'tags get their own hosts; 0% tag-only targets stay off the main host; duplicates merge',
      status: {
        url: 'http://hello.default.example.com',
        traffic: [
          { revisionName: 'hello-00002', percent: 100 },
          { revisionName: 'hello-00002', percent: 0, tag: 'current', url: 'http://current-hello.default.example.com' },
          { revisionName: 'hello-00001', percent: 0, tag: 'old' },
        ],
      },
      want: {
        'hello.default.example.com': ['hello-00002:100'],
        'hello.default.svc.cluster.local': ['hello-00002:100'],
        'hello.default.svc': ['hello-00002:100'],
        'hello.default': ['hello-00002:100'],
        'current-hello.default.example.com': ['hello-00002:100'],
        'current-hello.default.svc.cluster.local': ['hello-00002:100'],
        'current-hello.default.svc': ['hello-00002:100'],
        'current-hello.default': ['hello-00002:100'],
        'old-hello.default.example.com': ['hello-00001:100'],
        'old-hello.default.svc.cluster.local': ['hello-00001:100'],
        'old-hello.default.svc': ['hello-00001:100'],
        'old-hello.default': ['hello-00001:100'],
      },
    },
  ];
  it.each(cases)('$name', ({ status, want }) => {
    const got = Object.fromEntries(routeHostTargets(route(status)).map((h) => [h.host, h.targets.map((t) => `${t.revision}:${t.percent}`)]));
    expect(got).toEqual(want);
  });
});
