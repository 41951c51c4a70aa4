import { executeJsonPathTemplate, findJsonPathValues, JsonPathError } from './jsonpath';

const service = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name: 'helloworld', annotations: { 'serving.knative.dev/creator': 'admin' } },
  spec: {
    traffic: [
      { revisionName: 'a', percent: 90 },
      { revisionName: 'b', percent: 10, tag: 'v2' },
    ],
  },
  status: {
    url: 'http://helloworld.default.example.com',
    latestCreatedRevisionName: 'helloworld-00001',
    conditions: [
      { type: 'ConfigurationsReady', status: 'True' },
      { type: 'Ready', status: 'False', reason: 'RevisionMissing' },
    ],
  },
};
const list = { apiVersion: 'v1', kind: 'List', items: [service, { ...service, metadata: { name: 'other' } }] };

describe('kubectl JSONPath templates', () => {
  it.each([
    ['field path', '{.status.latestCreatedRevisionName}', service, 'helloworld-00001'],
    ['index', '{.spec.traffic[0].revisionName}', service, 'a'],
    ['negative index', '{.spec.traffic[-1].revisionName}', service, 'b'],
    ['slice', '{.spec.traffic[0:1].percent}', service, '90'],
    ['wildcard joins with spaces', '{.spec.traffic[*].percent}', service, '90 10'],
    ['recursive descent', '{.items..metadata.name}', list, 'helloworld other'],
    ['filter on string equality', '{.status.conditions[?(@.type=="Ready")].status}', service, 'False'],
    ['filter with single quotes', "{.status.conditions[?(@.type=='Ready')].reason}", service, 'RevisionMissing'],
    ['filter on a number', '{.spec.traffic[?(@.percent>50)].revisionName}', service, 'a'],
    ['filter on existence', '{.spec.traffic[?(@.tag)].revisionName}', service, 'b'],
    ['escaped dots in a key', '{.metadata.annotations.serving\\.knative\\.dev/creator}', service, 'admin'],
    ['bracketed key', "{.metadata.annotations['serving.knative.dev/creator']}", service, 'admin'],
    ['literal text around actions', 'url={.status.url}!', service, 'url=http://helloworld.default.example.com!'],
    ['quoted literal with newline', '{.metadata.name}{"\\n"}', service, 'helloworld\n'],
    ['range over items', '{range .items[*]}{.metadata.name}{"\\n"}{end}', list, 'helloworld\nother\n'],
    [
      'range with filters inside',
      '{range .status.conditions[*]}{.type}={.status};{end}',
      service,
      'ConfigurationsReady=True;Ready=False;',
    ],
    ['maps print as JSON', '{.spec.traffic[1]}', service, '{"revisionName":"b","percent":10,"tag":"v2"}'],
    ['missing keys print nothing', '{.status.address.url}', service, ''],
    ['root and current', '{$.kind} {@.metadata.name}', service, 'Service helloworld'],
    ['union of indices', '{.spec.traffic[0,1].revisionName}', service, 'a b'],
  ])('%s: %s', (_name, template, data, want) => {
    expect(executeJsonPathTemplate(template, data)).toBe(want);
  });

  it.each([['{.a'], ['{range .items[*]}{.x}'], ['{end}'], ['{.a[?(@.x ~ 1)]}']])('rejects malformed %s', (template) => {
    expect(() => executeJsonPathTemplate(template, service)).toThrow(JsonPathError);
  });

  it('evaluates printer-column expressions without braces', () => {
    expect(findJsonPathValues('.status.conditions[?(@.type=="Ready")].reason', service)).toEqual(['RevisionMissing']);
    expect(findJsonPathValues('.status.nothing', service)).toEqual([]);
  });
});
