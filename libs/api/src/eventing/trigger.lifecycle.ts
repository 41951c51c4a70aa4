// Trigger status conditions (knative/eventing pkg/apis/eventing/v1/trigger_lifecycle.go).
import { ConditionSet, type Clock } from '../conditions/condition-set';
import type { Status } from '../meta';

export const TriggerConditions = {
  Ready: 'Ready',
  BrokerReady: 'BrokerReady',
  SubscriptionReady: 'SubscriptionReady',
  DependencyReady: 'DependencyReady',
  SubscriberResolved: 'SubscriberResolved',
  DeadLetterSinkResolved: 'DeadLetterSinkResolved',
} as const;
export const TRIGGER_CONDITION_SET = new ConditionSet('Ready', [
  TriggerConditions.BrokerReady,
  TriggerConditions.SubscriptionReady,
  TriggerConditions.DependencyReady,
  TriggerConditions.SubscriberResolved,
  TriggerConditions.DeadLetterSinkResolved,
]);

export function triggerLifecycle(status: Status, clock: Clock) {
  const m = TRIGGER_CONDITION_SET.manage(status, clock);
  return {
    manager: m,
    initialize: () => m.initializeConditions(),
    isReady: () => m.isHappy(),
    markBrokerReady: () => m.markTrue(TriggerConditions.BrokerReady),
    markBrokerNotFound: (name: string) => m.markFalse(TriggerConditions.BrokerReady, 'BrokerDoesNotExist', `Broker "${name}" does not exist`),
    markBrokerNotReady: (reason: string, message: string) => m.markUnknown(TriggerConditions.BrokerReady, reason, message),
    markSubscriptionReady: () => m.markTrue(TriggerConditions.SubscriptionReady),
    markSubscriptionNotReady: (reason: string, message: string) => m.markUnknown(TriggerConditions.SubscriptionReady, reason, message),
    markDependencySucceeded: () => m.markTrue(TriggerConditions.DependencyReady),
    markDependencyFailed: (reason: string, message: string) => m.markFalse(TriggerConditions.DependencyReady, reason, message),
    markSubscriberResolved: () => m.markTrue(TriggerConditions.SubscriberResolved),
    markSubscriberResolvedFailed: (reason: string, message: string) => m.markFalse(TriggerConditions.SubscriberResolved, reason, message),
    markDeadLetterSinkNotConfigured: () =>
      m.markTrueWithReason(TriggerConditions.DeadLetterSinkResolved, 'DeadLetterSinkNotConfigured', 'No dead letter sink is configured.'),
    markDeadLetterSinkResolved: () => m.markTrue(TriggerConditions.DeadLetterSinkResolved),
    markDeadLetterSinkResolvedFailed: (reason: string, message: string) => m.markFalse(TriggerConditions.DeadLetterSinkResolved, reason, message),
  };
}
