import type { KubeObject } from '@knts/api';
import { isWaitSatisfied, parseDuration, parseWaitFor } from './wait-condition';

function service(conditions: object[], generation = 1, observedGeneration = 1): KubeObject {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 's', generation },
    status: { observedGeneration, conditions, phase: 'Running' },
  };
}

describe('wait --for', () => {
  it.each([
    ['condition=Ready', { kind: 'condition', type: 'Ready', status: 'True' }],
    ['condition=Ready=False', { kind: 'condition', type: 'Ready', status: 'False' }],
    ['delete', { kind: 'delete' }],
    ['jsonpath={.status.phase}=Running', { kind: 'jsonpath', expression: '{.status.phase}', value: 'Running' }],
    ["jsonpath='{.status.phase}'=Running", { kind: 'jsonpath', expression: '{.status.phase}', value: 'Running' }],
    ['jsonpath={.status.url}', { kind: 'jsonpath', expression: '{.status.url}', value: undefined }],
  ])('parses %s', (flag, want) => {
    expect(parseWaitFor(flag)).toEqual(want);
  });

  it('rejects unknown conditions with a hint', () => {
    expect(() => parseWaitFor('ready')).toThrow(/--for=condition=TYPE/);
  });

  it.each([
    ['Ready True', 'condition=Ready', service([{ type: 'Ready', status: 'True' }]), true],
    ['status compared case-insensitively', 'condition=ready=true', service([{ type: 'Ready', status: 'True' }]), true],
    ['Ready False', 'condition=Ready', service([{ type: 'Ready', status: 'False' }]), false],
    ['Ready=False wanted', 'condition=Ready=False', service([{ type: 'Ready', status: 'False' }]), true],
    ['no such condition', 'condition=Ready', service([]), false],
    ['status older than the spec', 'condition=Ready', service([{ type: 'Ready', status: 'True' }], 2, 1), false],
    ['jsonpath value', 'jsonpath={.status.phase}=Running', service([]), true],
    ['jsonpath other value', 'jsonpath={.status.phase}=Pending', service([]), false],
    ['delete while present', 'delete', service([]), false],
    ['delete when gone', 'delete', undefined, true],
    ['condition when gone', 'condition=Ready', undefined, false],
  ])('%s', (_name, flag, object, want) => {
    expect(isWaitSatisfied(parseWaitFor(flag), object)).toBe(want);
  });

  it.each([
    ['60s', 60_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['2h', 7_200_000],
    ['5', 5000],
  ])('parses --timeout=%s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('rejects a duration without a unit it knows', () => {
    expect(() => parseDuration('5 minutes')).toThrow(/invalid duration/);
  });
});
