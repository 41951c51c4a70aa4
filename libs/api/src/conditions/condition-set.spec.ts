// ConditionSet semantics ported from knative.dev/pkg apis/condition_set_test.go.
import type { Status } from '../meta';
import { ConditionSet } from './condition-set';

const set = new ConditionSet('Ready', ['Foo', 'Bar']);

function clockAt(...times: string[]) {
  let i = 0;
  return () => new Date(times[Math.min(i++, times.length - 1)]);
}

describe('ConditionSet', () => {
  it('initializes the happy condition and dependents as Unknown', () => {
    const status: Status = {};
    set.manage(status, clockAt('2024-01-01T00:00:00.123Z')).initializeConditions();
    expect(status.conditions).toEqual([
      { type: 'Bar', status: 'Unknown', lastTransitionTime: '2024-01-01T00:00:00Z' },
      { type: 'Foo', status: 'Unknown', lastTransitionTime: '2024-01-01T00:00:00Z' },
      { type: 'Ready', status: 'Unknown', lastTransitionTime: '2024-01-01T00:00:00Z' },
    ]);
  });

  it.each([
    ['all dependents true', [['Foo', 'True'], ['Bar', 'True']], 'True'],
    ['one dependent unknown', [['Foo', 'True'], ['Bar', 'Unknown']], 'Unknown'],
    ['one dependent false', [['Foo', 'False'], ['Bar', 'True']], 'False'],
    ['false then unknown keeps false', [['Foo', 'False'], ['Bar', 'Unknown']], 'False'],
  ] as const)('%s -> Ready %s', (_name, marks, want) => {
    const status: Status = {};
    const m = set.manage(status, () => new Date(0));
    m.initializeConditions();
    for (const [type, value] of marks) {
      if (value === 'True') m.markTrue(type);
      else if (value === 'False') m.markFalse(type, 'Broken', 'it broke');
      else m.markUnknown(type, 'Waiting', 'still waiting');
    }
    expect(m.getTopLevelCondition()?.status).toBe(want);
  });

  it('copies reason and message to the happy condition on failure', () => {
    const status: Status = {};
    const m = set.manage(status, () => new Date(0));
    m.markFalse('Foo', 'ImagePullBackOff', 'cannot pull');
    expect(m.getCondition('Ready')).toMatchObject({ status: 'False', reason: 'ImagePullBackOff', message: 'cannot pull' });
  });

  it('moves lastTransitionTime only when the status changes', () => {
    const status: Status = {};
    const m = set.manage(status, clockAt('2024-01-01T00:00:00Z', '2024-01-01T00:01:00Z', '2024-01-01T00:02:00Z'));
    m.markUnknown('Foo', 'A', 'first');
    const first = m.getCondition('Foo')?.lastTransitionTime;
    m.markUnknown('Foo', 'B', 'second');
    expect(m.getCondition('Foo')).toMatchObject({ reason: 'B', lastTransitionTime: first });
    m.markTrue('Foo');
    expect(m.getCondition('Foo')?.lastTransitionTime).not.toBe(first);
  });

  it('marks non-dependent conditions with severity Info and leaves Ready alone', () => {
    const status: Status = {};
    const m = set.manage(status, () => new Date(0));
    m.markTrue('Foo');
    m.markTrue('Bar');
    m.markFalse('Extra', 'NoTraffic', 'scaled to zero');
    expect(m.getCondition('Extra')?.severity).toBe('Info');
    expect(m.isHappy()).toBe(true);
  });

  it('a batch set (Succeeded, no dependents) is marked directly', () => {
    const status: Status = {};
    const m = new ConditionSet('Succeeded', []).manage(status, () => new Date(0));
    m.markUnknown('Succeeded', 'Running', 'step 1');
    m.markTrueWithReason('Succeeded', 'Succeeded', 'All Steps have completed executing');
    expect(status.conditions).toEqual([
      { type: 'Succeeded', status: 'True', reason: 'Succeeded', message: 'All Steps have completed executing', lastTransitionTime: '1970-01-01T00:00:00Z' },
    ]);
  });
});
