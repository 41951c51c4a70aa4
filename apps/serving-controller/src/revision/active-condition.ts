// The Revision's Active condition from the replica counts, with upstream's reasons and messages
// (knative/serving pkg/reconciler/autoscaling/kpa/kpa.go computeActiveCondition, propagated to the
// Revision by PropagateAutoscalerStatus in pkg/apis/serving/v1/revision_lifecycle.go). Active is
// informational: it never makes the Revision un-Ready.
import type { ConditionStatus } from '@knts/api';

export const NO_TRAFFIC_REASON = 'NoTraffic';
export const NO_TRAFFIC_MESSAGE = 'The target is not receiving traffic.';
export const TIMED_OUT_REASON = 'TimedOut';
export const TIMED_OUT_MESSAGE = 'The target could not be activated.';
export const QUEUED_REASON = 'Queued';
export const QUEUED_MESSAGE = 'Requests to the target are being buffered as resources are provisioned.';
/** revision_lifecycle.go: Active Unknown "Deploying" until the autoscaler has a say. */
export const DEPLOYING_REASON = 'Deploying';

export interface ActiveInput {
  /** The replica count asked of the runtime. */
  desired: number;
  readyReplicas: number;
  /** activeThreshold: max(1, min-scale), or 0 while a Revision with initial-scale 0 has not been activated. */
  minReady: number;
  /** Whether the Revision's resources were ever available (ResourcesAvailable True before). */
  wasAvailable: boolean;
  /** The Active condition's status before this reconcile. */
  previous?: ConditionStatus;
}

export interface ActiveCondition {
  status: ConditionStatus;
  reason?: string;
  message?: string;
}

export function activeCondition(input: ActiveInput): ActiveCondition {
  const { desired, readyReplicas, minReady, wasAvailable, previous } = input;
  if (desired === 0 || minReady === 0) {
    // "We only ever scale to zero while activating if we fail to activate within the progress deadline."
    if (previous === 'Unknown' && minReady > 0) return { status: 'False', reason: TIMED_OUT_REASON, message: TIMED_OUT_MESSAGE };
    return { status: 'False', reason: NO_TRAFFIC_REASON, message: NO_TRAFFIC_MESSAGE };
  }
  if (readyReplicas >= minReady) return { status: 'True' };
  // A first rollout is Deploying; a Revision coming back from zero (or below min-scale) buffers requests in the activator.
  if (!wasAvailable) return { status: 'Unknown', reason: DEPLOYING_REASON, message: '' };
  return { status: 'Unknown', reason: QUEUED_REASON, message: QUEUED_MESSAGE };
}
