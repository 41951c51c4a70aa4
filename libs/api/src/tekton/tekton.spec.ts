// Tekton conversion from v1alpha1/v1beta1, defaults, and pipeline graph validation.
import { admit } from '../admission/admit';
import { pipelineGraphError } from './pipeline-graph';

const run = (object: Record<string, unknown>) => admit(object, { operation: 'CREATE' });

describe('tekton', () => {
  it('converts a v1beta1 Task: resources annotated, step resources renamed', () => {
    const task = run({
      apiVersion: 'tekton.dev/v1beta1',
      kind: 'Task',
      metadata: { name: 't' },
      spec: {
        params: [{ name: 'flags', default: ['-v'] }],
        resources: { inputs: [{ name: 'src', type: 'git' }] },
        steps: [{ name: 's', image: 'golang', resources: { limits: { cpu: '1' } }, args: ['$(params.flags[*])'] }],
      },
    });
    expect(task.spec).toEqual({ params: [{ name: 'flags', default: ['-v'], type: 'array' }], steps: [{ name: 's', image: 'golang', computeResources: { limits: { cpu: '1' } }, args: ['$(params.flags[*])'] }] });
    expect(task.metadata.annotations).toEqual({ 'tekton.dev/v1beta1Resources': '{"inputs":[{"name":"src","type":"git"}]}' });
  });

  it('converts a v1alpha1 PipelineRun: timeout, service accounts, resources', () => {
    const pr = run({
      apiVersion: 'tekton.dev/v1alpha1',
      kind: 'PipelineRun',
      metadata: { name: 'pr' },
      spec: {
        pipelineRef: { name: 'build' },
        serviceAccountName: 'builder',
        serviceAccountNames: [{ taskName: 'push', serviceAccountName: 'pusher' }],
        timeout: '30m',
        resources: [{ name: 'src', resourceRef: { name: 'repo' } }],
      },
    });
    expect(pr.spec).toEqual({
      pipelineRef: { name: 'build' },
      timeouts: { pipeline: '30m' },
      taskRunTemplate: { serviceAccountName: 'builder' },
      taskRunSpecs: [{ pipelineTaskName: 'push', serviceAccountName: 'pusher' }],
    });
    expect(JSON.parse(pr.metadata.annotations?.['tekton.dev/v1beta1Resources'] ?? '')).toEqual([{ name: 'src', resourceRef: { name: 'repo' } }]);
  });

  it('defaults a PipelineRun timeout from config', () => {
    const pr = admit({ apiVersion: 'tekton.dev/v1', kind: 'PipelineRun', metadata: { name: 'pr' }, spec: { pipelineRef: { name: 'p' } } }, { operation: 'CREATE', config: { tektonDefaultTimeoutMinutes: 90 } });
    expect(pr.spec).toMatchObject({ timeouts: { pipeline: '1h30m0s' }, taskRunTemplate: { serviceAccountName: 'default' } });
  });

  it('converts v1alpha1 pipeline tasks and records their resource wiring', () => {
    const p = run({
      apiVersion: 'tekton.dev/v1alpha1',
      kind: 'Pipeline',
      metadata: { name: 'p' },
      spec: {
        resources: [{ name: 'src', type: 'git' }],
        tasks: [{ name: 'build', taskRef: { name: 'kaniko' }, resources: { inputs: [{ name: 'source', resource: 'src' }] } }],
      },
    });
    expect(p.spec).toEqual({ tasks: [{ name: 'build', taskRef: { name: 'kaniko', kind: 'Task' } }] });
    expect(JSON.parse(p.metadata.annotations?.['tekton.dev/v1beta1PipelineTaskResources'] ?? '')).toEqual({ build: { inputs: [{ name: 'source', resource: 'src' }] } });
  });

  it.each([
    ['valid diamond', [{ name: 'a' }, { name: 'b', runAfter: ['a'] }, { name: 'c', runAfter: ['a'] }, { name: 'd', runAfter: ['b', 'c'] }], undefined],
    ['result reference edge', [{ name: 'a' }, { name: 'b', params: [{ name: 'x', value: '$(tasks.a.results.digest)' }] }], undefined],
    ['self cycle via results', [{ name: 'a', params: [{ name: 'x', value: '$(tasks.a.results.d)' }] }], 'cycle detected; task "a" depends on "a"'],
    ['three-node cycle', [{ name: 'a', runAfter: ['c'] }, { name: 'b', runAfter: ['a'] }, { name: 'c', runAfter: ['b'] }], 'cycle detected; task "a" depends on "c"'],
  ])('graph: %s', (_name, tasks, error) => {
    expect(pipelineGraphError(tasks)).toBe(error);
  });
});
