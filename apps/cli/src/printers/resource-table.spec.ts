import { RESOURCE_TYPES, type KubeObject, type ResourceType } from '@knts/api';
import { tableHeader, tableRow, type TableOptions } from './resource-table';
import { formatTable, TableWriter } from './table-writer';

const services: ResourceType = {
  group: 'serving.knative.dev',
  storageVersion: 'v1',
  versions: ['v1', 'v1alpha1'],
  kind: 'Service',
  plural: 'services',
  singular: 'service',
  shortNames: ['ksvc'],
  namespaced: true,
  printerColumns: [
    { name: 'URL', jsonPath: '.status.url' },
    { name: 'LatestCreated', jsonPath: '.status.latestCreatedRevisionName' },
    { name: 'Ready', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: 'Reason', jsonPath: '.status.conditions[?(@.type=="Ready")].reason', priority: 1 },
  ],
};
const taskRuns: ResourceType = {
  ...services,
  group: 'tekton.dev',
  kind: 'TaskRun',
  plural: 'taskruns',
  singular: 'taskrun',
  shortNames: ['tr'],
  printerColumns: [{ name: 'StartTime', jsonPath: '.status.startTime', type: 'date' }],
};
const now = new Date('2024-01-01T01:00:00Z');
const helloworld: KubeObject = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name: 'helloworld', namespace: 'default', creationTimestamp: '2024-01-01T00:57:00Z' },
  status: { url: 'http://helloworld.default.example.com', conditions: [{ type: 'Ready', status: 'True' }] },
};
const options: TableOptions = { wide: false, withNamespace: false, withKind: false, now };

describe('resource tables', () => {
  it('prints NAME, the printer columns and AGE, with <none> for empty cells', () => {
    const table = formatTable([tableHeader(services, options), tableRow(services, helloworld, options)]);
    expect(table).toBe(
      'NAME         URL                                     LATESTCREATED   READY   AGE\n' +
        'helloworld   http://helloworld.default.example.com   <none>          True    3m\n',
    );
  });

  it('adds priority columns with -o wide and NAMESPACE with -A', () => {
    const wide = { ...options, wide: true, withNamespace: true };
    expect(tableHeader(services, wide)).toEqual([
      'NAMESPACE',
      'NAME',
      'URL',
      'LATESTCREATED',
      'READY',
      'REASON',
      'AGE',
    ]);
    expect(tableRow(services, helloworld, wide)[0]).toBe('default');
  });

  it('names rows kind.group/name when several kinds are listed', () => {
    expect(tableRow(services, helloworld, { ...options, withKind: true })[0]).toBe(
      'service.serving.knative.dev/helloworld',
    );
  });

  it('shows a type’s own date column as an age and adds no AGE', () => {
    const run: KubeObject = {
      apiVersion: 'tekton.dev/v1',
      kind: 'TaskRun',
      metadata: { name: 'r' },
      status: { startTime: '2024-01-01T00:00:00Z' },
    };
    expect(tableHeader(taskRuns, options)).toEqual(['NAME', 'STARTTIME']);
    expect(tableRow(taskRuns, run, options)).toEqual(['r', '60m']);
  });

  it('keeps columns aligned across watch updates (widths only grow)', () => {
    const writer = new TableWriter();
    expect(
      writer.format([
        ['NAME', 'AGE'],
        ['a', '1s'],
      ]),
    ).toEqual(['NAME   AGE', 'a      1s']);
    expect(writer.format([['b', '2s']])).toEqual(['b      2s']);
    expect(writer.format([['a-much-longer-name', '3s']])).toEqual(['a-much-longer-name   3s']);
  });

  it("shows a Pod's READY as kubectl does: ready containers / containers", () => {
    const pods = RESOURCE_TYPES.find((t) => t.group === '' && t.kind === 'Pod') as ResourceType;
    const pod = (ready: boolean[] | undefined, containers = 1): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'hello-00001-deployment-abc', namespace: 'default', creationTimestamp: '2024-01-01T00:59:00Z' },
      spec: { containers: Array.from({ length: containers }, (_, i) => ({ name: `c${i}`, image: 'x' })) },
      status: { phase: 'Running', ...(ready ? { containerStatuses: ready.map((r, i) => ({ name: `c${i}`, ready: r, restartCount: 0 })) } : {}) },
    });
    expect(tableHeader(pods, options)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(tableRow(pods, pod([true]), options)).toEqual(['hello-00001-deployment-abc', '1/1', 'Running', '0', '60s']);
    expect(tableRow(pods, pod([false]), options)[1]).toBe('0/1');
    expect(tableRow(pods, pod([true, false], 2), options)[1]).toBe('1/2');
    expect(tableRow(pods, pod(undefined, 2), options)[1]).toBe('0/2');
  });
});
