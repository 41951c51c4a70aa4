import type { ResourceType } from '@knts/api';
import { applyLine, deleteLine, notFoundLine } from './result-lines';

const service: ResourceType = {
  group: 'serving.knative.dev',
  storageVersion: 'v1',
  versions: ['v1'],
  kind: 'Service',
  plural: 'services',
  singular: 'service',
  shortNames: ['ksvc'],
  namespaced: true,
};
const configMap: ResourceType = {
  ...service,
  group: '',
  kind: 'ConfigMap',
  plural: 'configmaps',
  singular: 'configmap',
  shortNames: ['cm'],
};
const cronJobSource: ResourceType = {
  ...service,
  group: 'sources.knative.dev',
  kind: 'CronJobSource',
  plural: 'cronjobsources',
  singular: 'cronjobsource',
};

describe('result lines', () => {
  it.each([
    [service, 'created', 'none', 'service.serving.knative.dev/helloworld created'],
    [service, 'configured', 'none', 'service.serving.knative.dev/helloworld configured'],
    [service, 'unchanged', 'client', 'service.serving.knative.dev/helloworld unchanged (dry run)'],
    [service, 'created', 'server', 'service.serving.knative.dev/helloworld created (server dry run)'],
    [configMap, 'created', 'none', 'configmap/helloworld created'],
    [cronJobSource, 'created', 'none', 'cronjobsource.sources.knative.dev/helloworld created'],
  ] as const)('apply %#: %s', (type, result, dryRun, want) => {
    expect(applyLine(type, 'helloworld', result, dryRun)).toBe(want);
  });

  it('prints deletes and NotFound as kubectl does', () => {
    expect(deleteLine(service, 'helloworld', 'none')).toBe('service.serving.knative.dev "helloworld" deleted');
    expect(notFoundLine(service, 'x')).toBe('Error from server (NotFound): services.serving.knative.dev "x" not found');
    expect(notFoundLine(configMap, 'x')).toBe('Error from server (NotFound): configmaps "x" not found');
  });
});
