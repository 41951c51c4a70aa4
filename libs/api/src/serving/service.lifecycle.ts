// Service status conditions (knative/serving pkg/apis/serving/v1/service_lifecycle.go).
import { ConditionSet, type Clock } from '../conditions/condition-set';
import type { Status } from '../meta';

export const ServiceConditions = { Ready: 'Ready', ConfigurationsReady: 'ConfigurationsReady', RoutesReady: 'RoutesReady' } as const;
export const SERVICE_CONDITION_SET = new ConditionSet('Ready', [ServiceConditions.ConfigurationsReady, ServiceConditions.RoutesReady]);

export function serviceLifecycle(status: Status, clock: Clock) {
  const m = SERVICE_CONDITION_SET.manage(status, clock);
  return {
    manager: m,
    initialize: () => m.initializeConditions(),
    isReady: () => m.isHappy(),
    markConfigurationsReady: () => m.markTrue(ServiceConditions.ConfigurationsReady),
    markConfigurationNotReady: (reason: string, message: string) => m.markUnknown(ServiceConditions.ConfigurationsReady, reason, message),
    markConfigurationFailed: (reason: string, message: string) => m.markFalse(ServiceConditions.ConfigurationsReady, reason, message),
    /** service_lifecycle.go MarkConfigurationNotOwned. */
    markConfigurationNotOwned: (name: string) =>
      m.markFalse(ServiceConditions.ConfigurationsReady, 'NotOwned', `There is an existing Configuration "${name}" that we do not own.`),
    markRoutesReady: () => m.markTrue(ServiceConditions.RoutesReady),
    markRouteNotReady: (reason: string, message: string) => m.markUnknown(ServiceConditions.RoutesReady, reason, message),
    markRouteFailed: (reason: string, message: string) => m.markFalse(ServiceConditions.RoutesReady, reason, message),
    markRouteNotOwned: (name: string) => m.markFalse(ServiceConditions.RoutesReady, 'NotOwned', `There is an existing Route "${name}" that we do not own.`),
  };
}
