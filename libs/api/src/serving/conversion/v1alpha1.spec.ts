// Serving v1alpha1 -> v1 conversion, one case per mode (reference: knative-serving.md §1.4).
import { admit } from '../../admission/admit';

const container = { image: 'gcr.io/x/y' };
const cfg = { revisionTemplate: { spec: { container } } };

function convert(spec: Record<string, unknown>, kind = 'Service') {
  return admit({ apiVersion: 'serving.knative.dev/v1alpha1', kind, metadata: { name: 'hello' }, spec }, { operation: 'CREATE' }).spec as {
    traffic?: unknown[];
    template?: { spec: { containers: unknown[] } };
  };
}

describe('serving v1alpha1 conversion', () => {
  it.each([
    ['runLatest', { runLatest: { configuration: cfg } }, [{ latestRevision: true, percent: 100 }]],
    ['pinned', { pinned: { revisionName: 'hello-00001', configuration: cfg } }, [{ revisionName: 'hello-00001', percent: 100, latestRevision: false }]],
    [
      'release with two revisions',
      { release: { revisions: ['hello-00001', 'hello-00002'], rolloutPercent: 10, configuration: cfg } },
      [
        { tag: 'current', revisionName: 'hello-00001', percent: 90, latestRevision: false },
        { tag: 'candidate', revisionName: 'hello-00002', percent: 10, latestRevision: false },
        { tag: 'latest', latestRevision: true },
      ],
    ],
    [
      'release with one revision',
      { release: { revisions: ['hello-00001'], configuration: cfg } },
      [
        { tag: 'current', revisionName: 'hello-00001', percent: 100, latestRevision: false },
        { tag: 'latest', latestRevision: true },
      ],
    ],
    [
      'release with @latest as candidate',
      { release: { revisions: ['hello-00001', '@latest'], rolloutPercent: 30, configuration: cfg } },
      [
        { tag: 'current', revisionName: 'hello-00001', percent: 70, latestRevision: false },
        { tag: 'candidate', latestRevision: true, percent: 30 },
        { tag: 'latest', latestRevision: true },
      ],
    ],
    [
      'inline template and traffic with the old `name` for tag',
      { template: { spec: { containers: [container] } }, traffic: [{ name: 'v1', revisionName: 'hello-00001', percent: 100 }] },
      [{ tag: 'v1', revisionName: 'hello-00001', percent: 100, latestRevision: false }],
    ],
  ])('%s', (_name, spec, traffic) => {
    const converted = convert(spec);
    expect(converted.traffic).toEqual(traffic);
    expect(converted.template?.spec.containers).toEqual([expect.objectContaining({ image: 'gcr.io/x/y', name: 'user-container' })]);
  });

  it('rejects manual mode', () => {
    expect(() => convert({ manual: {} })).toThrow('spec.manual: manual mode cannot be migrated forward');
  });

  it('rejects two modes at once', () => {
    expect(() => convert({ runLatest: { configuration: cfg }, pinned: { revisionName: 'x', configuration: cfg } })).toThrow(
      'spec: expected exactly one, got both: runLatest, pinned',
    );
  });

  it('rejects revisionTemplate together with template', () => {
    expect(() => convert({ revisionTemplate: { spec: { container } }, template: { spec: { container } } }, 'Configuration')).toThrow(
      'spec: expected exactly one, got both: revisionTemplate, template',
    );
  });

  it('maps concurrencyModel Single to containerConcurrency 1 and drops servingState', () => {
    const spec = convert({ runLatest: { configuration: { revisionTemplate: { spec: { container, concurrencyModel: 'Single', servingState: 'Active' } } } } }) as {
      template: { spec: Record<string, unknown> };
    };
    expect(spec.template.spec.containerConcurrency).toBe(1);
    expect(spec.template.spec).not.toHaveProperty('servingState');
  });

  it('converts a v1alpha1 Revision and Route', () => {
    expect(convert({ container }, 'Revision')).toMatchObject({ containers: [{ image: 'gcr.io/x/y' }] });
    expect(convert({ traffic: [{ configurationName: 'hello', percent: 100 }] }, 'Route').traffic).toEqual([
      { configurationName: 'hello', percent: 100, latestRevision: true },
    ]);
  });
});
