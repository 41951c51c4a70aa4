// Source status conditions. PingSource, ContainerSource, ApiServerSource and CronJobSource share
// SinkProvided + Deployed (ping_lifecycle.go, container_lifecycle.go, apiserver_lifecycle.go); knative-gcp
// PullSubscription / CloudPubSubSource add their Pub/Sub resource conditions; SinkBinding uses BindingAvailable.
import { ConditionSet, type Clock } from '../conditions/condition-set';
import type { Status } from '../meta';

export const SourceConditions = {
  Ready: 'Ready',
  SinkProvided: 'SinkProvided',
  Deployed: 'Deployed',
  SufficientPermissions: 'SufficientPermissions',
  BindingAvailable: 'BindingAvailable',
  SubscriptionReady: 'SubscriptionReady',
  TopicReady: 'TopicReady',
  PullSubscriptionReady: 'PullSubscriptionReady',
  ReceiveAdapterReady: 'ReceiveAdapterReady',
} as const;

/** Per kind, as upstream declares them. */
export const SOURCE_CONDITION_SETS: Readonly<Record<string, ConditionSet>> = {
  PingSource: new ConditionSet('Ready', [SourceConditions.SinkProvided, SourceConditions.Deployed]),
  CronJobSource: new ConditionSet('Ready', [SourceConditions.SinkProvided, SourceConditions.Deployed]),
  ContainerSource: new ConditionSet('Ready', [SourceConditions.SinkProvided, SourceConditions.Deployed]),
  ApiServerSource: new ConditionSet('Ready', [SourceConditions.SinkProvided, SourceConditions.Deployed, SourceConditions.SufficientPermissions]),
  SinkBinding: new ConditionSet('Ready', [SourceConditions.BindingAvailable]),
  PullSubscription: new ConditionSet('Ready', [SourceConditions.SinkProvided, SourceConditions.Deployed, SourceConditions.SubscriptionReady]),
  CloudPubSubSource: new ConditionSet('Ready', [SourceConditions.PullSubscriptionReady]),
};

export function sourceLifecycle(kind: string, status: Status, clock: Clock) {
  const set = SOURCE_CONDITION_SETS[kind];
  if (!set) throw new Error(`no condition set for source kind ${kind}`);
  const m = set.manage(status, clock);
  return {
    manager: m,
    initialize: () => m.initializeConditions(),
    isReady: () => m.isHappy(),
    markSink: (uri: string) =>
      uri ? m.markTrue(SourceConditions.SinkProvided) : m.markFalse(SourceConditions.SinkProvided, 'SinkEmpty', 'Sink has resolved to empty.'),
    markNoSink: (reason: string, message: string) => m.markFalse(SourceConditions.SinkProvided, reason, message),
    markDeployed: () => m.markTrue(SourceConditions.Deployed),
    markDeploying: (reason: string, message: string) => m.markUnknown(SourceConditions.Deployed, reason, message),
    markNotDeployed: (reason: string, message: string) => m.markFalse(SourceConditions.Deployed, reason, message),
    markSufficientPermissions: () => m.markTrue(SourceConditions.SufficientPermissions),
    markNoSufficientPermissions: (reason: string, message: string) => m.markFalse(SourceConditions.SufficientPermissions, reason, message),
    markBindingAvailable: () => m.markTrue(SourceConditions.BindingAvailable),
    markBindingUnavailable: (reason: string, message: string) => m.markFalse(SourceConditions.BindingAvailable, reason, message),
    markSubscribed: () => m.markTrue(SourceConditions.SubscriptionReady),
    markNoSubscription: (reason: string, message: string) => m.markFalse(SourceConditions.SubscriptionReady, reason, message),
    markPullSubscriptionReady: () => m.markTrue(SourceConditions.PullSubscriptionReady),
    markPullSubscriptionFailed: (reason: string, message: string) => m.markFalse(SourceConditions.PullSubscriptionReady, reason, message),
  };
}
