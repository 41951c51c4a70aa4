import type { KubeObject } from '@knts/api';
import { describeObject, fieldLabel } from './describe-printer';

describe('describe', () => {
  it.each([
    ['creationTimestamp', 'Creation Timestamp'],
    ['apiVersion', 'API Version'],
    ['uid', 'UID'],
    ['url', 'URL'],
    ['latestReadyRevisionName', 'Latest Ready Revision Name'],
    ['containerConcurrency', 'Container Concurrency'],
  ])('labels %s as %s', (key, want) => {
    expect(fieldLabel(key)).toBe(want);
  });

  it("prints kubectl's layout with a conditions table", () => {
    const service: KubeObject = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: {
        name: 'helloworld',
        namespace: 'default',
        generation: 1,
        labels: { app: 'hello', tier: 'web' },
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      },
      spec: { template: { spec: { containers: [{ image: 'helloworld-go' }] } } },
      status: {
        url: 'http://helloworld.default.example.com',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }],
      },
    };
    expect(describeObject(service, new Date('2024-01-01T00:00:05Z'))).toBe(
      [
        'Name:         helloworld',
        'Namespace:    default',
        'Labels:       app=hello',
        '              tier=web',
        'Annotations:  <none>',
        'API Version:  serving.knative.dev/v1',
        'Kind:         Service',
        'Metadata:',
        '  Generation:  1',
        'Spec:',
        '  Template:',
        '    Spec:',
        '      Containers:',
        '        Image:  helloworld-go',
        'Status:',
        '  Conditions:',
        '    Type    Status   Age   Reason   Message',
        '    Ready   True     5s',
        '  URL:  http://helloworld.default.example.com',
        'Events:  <none>',
        '',
      ].join('\n'),
    );
  });
});
