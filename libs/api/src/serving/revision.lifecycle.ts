// Revision status conditions (revision_lifecycle.go). `Active` is informational: a revision scaled to
// zero is still Ready, so Active is not a dependent of Ready and carries severity Info.
import { ConditionSet, type Clock } from '../conditions/condition-set';
import type { Status } from '../meta';

export const RevisionConditions = {
  Ready: 'Ready',
  ResourcesAvailable: 'ResourcesAvailable',
  ContainerHealthy: 'ContainerHealthy',
  Active: 'Active',
} as const;
export const REVISION_CONDITION_SET = new ConditionSet('Ready', [RevisionConditions.ResourcesAvailable, RevisionConditions.ContainerHealthy]);

export function revisionLifecycle(status: Status, clock: Clock) {
  const m = REVISION_CONDITION_SET.manage(status, clock);
  return {
    manager: m,
    initialize: () => m.initializeConditions(),
    isReady: () => m.isHappy(),
    markResourcesAvailable: () => m.markTrue(RevisionConditions.ResourcesAvailable),
    markResourcesUnavailable: (reason: string, message: string) => m.markFalse(RevisionConditions.ResourcesAvailable, reason, message),
    markResourcesAvailableUnknown: (reason: string, message: string) => m.markUnknown(RevisionConditions.ResourcesAvailable, reason, message),
    markContainerHealthy: () => m.markTrue(RevisionConditions.ContainerHealthy),
    markContainerUnhealthy: (reason: string, message: string) => m.markFalse(RevisionConditions.ContainerHealthy, reason, message),
    markContainerHealthyUnknown: (reason: string, message: string) => m.markUnknown(RevisionConditions.ContainerHealthy, reason, message),
    markActive: () => m.markTrue(RevisionConditions.Active),
    markActivating: (reason: string, message: string) => m.markUnknown(RevisionConditions.Active, reason, message),
    markInactive: (reason: string, message: string) => m.markFalse(RevisionConditions.Active, reason, message),
  };
}
