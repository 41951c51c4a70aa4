import { activeCondition, type ActiveCondition, type ActiveInput } from './active-condition';

const queued: ActiveCondition = { status: 'Unknown', reason: 'Queued', message: 'Requests to the target are being buffered as resources are provisioned.' };
const noTraffic: ActiveCondition = { status: 'False', reason: 'NoTraffic', message: 'The target is not receiving traffic.' };

describe('activeCondition (kpa.go computeActiveCondition)', () => {
  const rows: Array<[string, ActiveInput, ActiveCondition]> = [
    ['ready replicas: Active', { desired: 1, readyReplicas: 1, minReady: 1, wasAvailable: true, previous: 'Unknown' }, { status: 'True' }],
    ['a first rollout without a ready replica: Deploying', { desired: 1, readyReplicas: 0, minReady: 1, wasAvailable: false }, { status: 'Unknown', reason: 'Deploying', message: '' }],
    ['scaled to zero: NoTraffic', { desired: 0, readyReplicas: 0, minReady: 1, wasAvailable: true, previous: 'True' }, noTraffic],
    ['zero asked while replicas still drain: NoTraffic', { desired: 0, readyReplicas: 2, minReady: 1, wasAvailable: true, previous: 'True' }, noTraffic],
    ['staying at zero: NoTraffic', { desired: 0, readyReplicas: 0, minReady: 1, wasAvailable: true, previous: 'False' }, noTraffic],
    ['coming back from zero: Queued', { desired: 1, readyReplicas: 0, minReady: 1, wasAvailable: true, previous: 'False' }, queued],
    ['below min-scale ready: Queued', { desired: 3, readyReplicas: 1, minReady: 3, wasAvailable: true, previous: 'True' }, queued],
    ['min-scale reached: Active', { desired: 3, readyReplicas: 3, minReady: 3, wasAvailable: true, previous: 'Unknown' }, { status: 'True' }],
    [
      'back to zero while activating: TimedOut',
      { desired: 0, readyReplicas: 0, minReady: 1, wasAvailable: true, previous: 'Unknown' },
      { status: 'False', reason: 'TimedOut', message: 'The target could not be activated.' },
    ],
    ['initial-scale 0 before any traffic: NoTraffic', { desired: 0, readyReplicas: 0, minReady: 0, wasAvailable: false, previous: 'Unknown' }, noTraffic],
  ];
  it.each(rows)('%s', (_name, input, want) => {
    expect(activeCondition(input)).toEqual(want);
  });
});
