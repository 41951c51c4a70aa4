// Broker status conditions (knative/eventing pkg/apis/eventing/v1/broker_lifecycle.go).
import { ConditionSet, type Clock } from '../conditions/condition-set';
import type { Status } from '../meta';

export const BrokerConditions = {
  Ready: 'Ready',
  IngressReady: 'IngressReady',
  TriggerChannelReady: 'TriggerChannelReady',
  FilterReady: 'FilterReady',
  Addressable: 'Addressable',
  DeadLetterSinkResolved: 'DeadLetterSinkResolved',
} as const;
export const BROKER_CONDITION_SET = new ConditionSet('Ready', [
  BrokerConditions.IngressReady,
  BrokerConditions.TriggerChannelReady,
  BrokerConditions.FilterReady,
  BrokerConditions.Addressable,
  BrokerConditions.DeadLetterSinkResolved,
]);

export function brokerLifecycle(status: Status, clock: Clock) {
  const m = BROKER_CONDITION_SET.manage(status, clock);
  return {
    manager: m,
    initialize: () => m.initializeConditions(),
    isReady: () => m.isHappy(),
    markIngressReady: () => m.markTrue(BrokerConditions.IngressReady),
    markIngressFailed: (reason: string, message: string) => m.markFalse(BrokerConditions.IngressReady, reason, message),
    markTriggerChannelReady: () => m.markTrue(BrokerConditions.TriggerChannelReady),
    markTriggerChannelFailed: (reason: string, message: string) => m.markFalse(BrokerConditions.TriggerChannelReady, reason, message),
    markFilterReady: () => m.markTrue(BrokerConditions.FilterReady),
    markFilterFailed: (reason: string, message: string) => m.markFalse(BrokerConditions.FilterReady, reason, message),
    markAddressable: () => m.markTrue(BrokerConditions.Addressable),
    markNotAddressable: () => m.markFalse(BrokerConditions.Addressable, 'NoAddress', 'No address'),
    /** With no dead letter sink configured the condition is True with reason DeadLetterSinkNotConfigured. */
    markDeadLetterSinkNotConfigured: () =>
      m.markTrueWithReason(BrokerConditions.DeadLetterSinkResolved, 'DeadLetterSinkNotConfigured', 'No dead letter sink is configured.'),
    markDeadLetterSinkResolved: () => m.markTrue(BrokerConditions.DeadLetterSinkResolved),
    markDeadLetterSinkResolvedFailed: (reason: string, message: string) => m.markFalse(BrokerConditions.DeadLetterSinkResolved, reason, message),
  };
}
