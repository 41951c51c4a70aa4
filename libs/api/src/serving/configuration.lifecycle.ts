// Configuration status conditions (configuration_lifecycle.go): Ready follows the latest created revision.
import { ConditionSet, type Clock } from '../conditions/condition-set';
import type { Status } from '../meta';

export const CONFIGURATION_CONDITION_SET = new ConditionSet('Ready', []);

export function configurationLifecycle(status: Status, clock: Clock) {
  const m = CONFIGURATION_CONDITION_SET.manage(status, clock);
  return {
    manager: m,
    initialize: () => m.initializeConditions(),
    isReady: () => m.isHappy(),
    markLatestCreatedFailed: (revisionName: string, message: string) =>
      m.markFalse('Ready', 'RevisionFailed', `Revision "${revisionName}" failed with message: ${message}.`),
    markLatestReadyDeleted: () => m.markFalse('Ready', 'RevisionDeleted', 'Revision  was deleted.'),
    markRevisionCreationFailed: (message: string) => m.markFalse('Ready', 'RevisionFailed', `Revision creation failed with message: ${message}.`),
    markReady: () => m.markTrue('Ready'),
    markNotReady: (reason: string, message: string) => m.markUnknown('Ready', reason, message),
  };
}
